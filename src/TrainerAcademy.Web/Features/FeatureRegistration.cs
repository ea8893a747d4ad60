using System.Reflection;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Features.Catalog;
using TrainerAcademy.Features.Centers;
using TrainerAcademy.Features.Cohorts;
using TrainerAcademy.Features.Courses;
using TrainerAcademy.Features.Enrollments;
using TrainerAcademy.Features.QuestionBank;

namespace TrainerAcademy.Features;

public static class FeatureRegistration
{
    /// <summary>Every use case is a class named Handler nested in its slice (e.g. <c>SaveCourse.Handler</c>); pages and APIs take it from DI.</summary>
    public static IServiceCollection AddFeatureHandlers(this IServiceCollection services)
    {
        var handlers = Assembly.GetExecutingAssembly().GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsNested: true, Name: "Handler" }
                        && t.Namespace?.StartsWith("TrainerAcademy.Features", StringComparison.Ordinal) == true);
        foreach (var handler in handlers) services.AddScoped(handler);
        services.AddScoped<CohortStatusJob>();
        services.AddScoped<Timetable.TimetableJob>();
        services.AddScoped<Timetable.TimetableProgress>();
        services.AddScoped<Outbox.OutboxDispatchJob>();
        services.AddScoped<SeatLedger>();
        services.AddScoped<EnrollmentNotifier>();
        services.AddScoped<EnrollmentHoldJob>();
        services.AddScoped<PaymentRefunds>();
        services.AddScoped<Timetable.SessionChangeMailJob>();
        services.AddScoped<Timetable.CalendarPublishedJob>();
        services.AddScoped<Timetable.SessionReminderJob>();
        services.AddScoped<PaymentRefundJob>();
        services.AddScoped<Payments.PaymentFulfilment>();
        services.AddScoped<Payments.StripeReconciliationJob>();
        services.AddScoped<ExamSessions.Eligibility>();
        services.AddSingleton(_ =>
        {
            var file = Data.ReferenceDataSeeder.Read<Domain.Exams.ApplicationRoute>("application-conditions");
            return new Domain.Exams.ApplicationConditions(file.Version, file.Items);
        });
        services.AddScoped<Attendance.TrainingProgress>();
        services.AddSingleton<Attendance.CheckInCodes>();
        services.AddScoped<ExamSitting.AttemptLifecycle>();
        services.AddScoped<ExamSitting.AttemptDeadlineJob>();
        services.AddScoped<ExamSitting.AttemptGradingJob>();
        return services;
    }

    public static void MapFeatureApis(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapMeApi();
        api.MapCatalogApi();
        api.MapCentersApi();
        api.MapCoursesApi();
        api.MapCohortsApi();
        Timetable.TimetableApi.MapTimetableApi(api);
        api.MapEnrollmentApi();
        Payments.PaymentsApi.MapPaymentsApi(api);
        Payments.PaymentReceipt.MapReceiptApi(api);
        Calendar.CalendarFeeds.MapCalendarApi(api);
        ExamSessions.ExamSessionsApi.MapExamSessionsApi(api);
        Attendance.AttendanceApi.MapAttendanceApi(api);
        api.MapQuestionBankApi();
        Calendar.StatutoryCalendarApi.MapStatutoryCalendarApi(api);
        ExamSitting.ExamSittingApi.MapExamSittingApi(api);
    }
}
