using Hangfire;
using TrainerAcademy.Features.Cohorts;
using TrainerAcademy.Features.Enrollments;
using TrainerAcademy.Features.Outbox;
using TrainerAcademy.Features.Payments;
using TrainerAcademy.Features.Timetable;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Jobs;

/// <summary>Registers the recurring jobs once the host has started (Hangfire's static API is not ready before that).</summary>
public sealed class RecurringJobsRegistration(IRecurringJobManager jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var china = new RecurringJobOptions { TimeZone = AcademyTime.China };
        jobs.AddOrUpdate<CohortStatusJob>(CohortStatusJob.Id, j => j.RunAsync(CancellationToken.None), "5 * * * *", china);
        jobs.AddOrUpdate<EnrollmentHoldJob>(EnrollmentHoldJob.SweepId, j => j.SweepAsync(CancellationToken.None), Cron.Minutely(), china);
        jobs.AddOrUpdate<PaymentRefundJob>(PaymentRefundJob.SweepId, j => j.SweepAsync(CancellationToken.None), "*/10 * * * *", china);
        jobs.AddOrUpdate<StripeReconciliationJob>(StripeReconciliationJob.Id, j => j.RunAsync(CancellationToken.None), "*/15 * * * *", china);
        jobs.AddOrUpdate<SessionReminderJob>(SessionReminderJob.Id, j => j.RunAsync(CancellationToken.None), "*/15 * * * *", china);
        jobs.AddOrUpdate<Features.ExamSitting.PreparePapersJob>(Features.ExamSitting.PreparePapersJob.SweepId, j => j.SweepAsync(CancellationToken.None), "*/10 * * * *", china);
        jobs.AddOrUpdate<Features.ExamSitting.AttemptDeadlineJob>(Features.ExamSitting.AttemptDeadlineJob.SweepId, j => j.SweepAsync(CancellationToken.None), Cron.Minutely(), china);
        jobs.AddOrUpdate<Features.Subsidies.SubsidyReminderJob>(Features.Subsidies.SubsidyReminderJob.Id, j => j.RunAsync(CancellationToken.None), "30 9 * * *", china);
        jobs.AddOrUpdate<OutboxDispatchJob>(OutboxDispatchJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Minutely(), china);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
