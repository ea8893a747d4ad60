using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Attendance;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Account;

namespace TrainerAcademy.Tests.ExamSessions;

/// <summary>Blueprints, sessions, candidates with a profile and completed training, built through the domain.</summary>
public static class ExamSessionKit
{
    /// <summary>An active blueprint of the level (the lines need not be fillable: registration does not draw papers).</summary>
    public static async Task<int> BlueprintAsync(this AcademyFactory factory, int level)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        if (await QuestionBankStore.NewestActiveBlueprintAsync(db, level) is { } existing) return existing.Id;
        var workFunction = level >= 4 ? "data-annotation" : "business-analysis";
        var blueprint = new ExamBlueprint(level, $"{level} 级测试方案", 90, 60m, [new(workFunction, QuestionType.TrueFalse, 10, 10m)], factory.Time.GetUtcNow());
        db.ExamBlueprints.Add(blueprint);
        await db.SaveChangesAsync();
        return blueprint.Id;
    }

    /// <summary>A session of center <paramref name="centerId"/> whose window opens in a week, registration open until then.</summary>
    public static async Task<int> ExamSessionAsync(this AcademyFactory factory, int centerId, int level, int capacity = 30,
        DateTimeOffset? windowStart = null, DateTimeOffset? deadline = null)
    {
        var blueprint = await factory.BlueprintAsync(level);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var start = windowStart ?? factory.Time.GetUtcNow().AddDays(7);
        var session = new ExamSession(centerId, level, blueprint, $"{level} 级理论考试 {Guid.NewGuid():N}"[..20], ExamMode.Online, null, capacity,
            start, start.AddHours(3), deadline ?? start.AddDays(-1), showReview: true, factory.Time.GetUtcNow());
        db.ExamSessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }

    /// <summary>A learner with a signed-in client, a complete real-name profile and, unless told otherwise, the level's training done.</summary>
    public static async Task<Candidate> CandidateAsync(this AcademyFactory factory, int level, int yearsInOccupation, Education education,
        bool trainingComplete = true, bool profile = true, DateOnly? certificateObtainedOn = null, int? yearsSinceCertificate = null)
    {
        var world = await factory.WorldAsync();
        var email = TestData.Email("candidate");
        string id;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            id = (await accounts.CreateAsync(email, TestWorld.Password, Roles.Learner)).Id;
            var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            if (profile)
            {
                var p = await db.LearnerProfiles.FindAsync(id);
                if (p is null) db.LearnerProfiles.Add(p = new LearnerProfile(id));
                p.Update("张三", IdType.ResidentIdCard, TestData.UniqueIdNumber(), "13800000000", Employment.Employed,
                    "上海", "上海", yearsInOccupation, education, factory.Time.GetUtcNow(), certificateObtainedOn, yearsSinceCertificate);
                await db.SaveChangesAsync();
            }
            if (trainingComplete)
                await CompleteTrainingAsync(factory, db, world, id, level);
        }
        return new Candidate(id, email, await factory.SignInAsync(email, TestWorld.Password));
    }

    /// <summary>
    /// A confirmed place in a past cohort of a course of the level (3 theory + 7 practice hours) with every session
    /// attended: the attendance rules' "training complete".
    /// </summary>
    private static async Task CompleteTrainingAsync(AcademyFactory factory, AcademyDbContext db, TestWorld world, string learnerId, int level)
    {
        var course = new Course(world.CenterA, Course.AiTrainerOccupation, level, "考前培训 " + Guid.NewGuid().ToString("N")[..6], 3, 7, 100m, null, TheoryShareBand.Default);
        db.Courses.Add(course);
        await db.SaveChangesAsync();
        var start = new DateOnly(2025, 3, 1);
        var cohort = new Cohort(course, start, WeekendPattern.Both, [TimeSlot.Parse("09:00-12:00")], 10, null);
        cohort.Open();
        db.Cohorts.Add(cohort);
        await db.SaveChangesAsync();
        var enrollment = Enrollment.WithSeat(cohort, learnerId, 100m, factory.Time.GetUtcNow(), TimeSpan.FromMinutes(30));
        enrollment.Confirm(Funding.Free, factory.Time.GetUtcNow());
        db.Enrollments.Add(enrollment);
        PlannedSession[] plan =
        [
            new(1, start, new TimeOnly(9, 0), new TimeOnly(12, 0), SessionKind.Theory, world.VenueA, world.InstructorA),
            new(2, start.AddDays(1), new TimeOnly(9, 0), new TimeOnly(12, 30), SessionKind.Practice, world.VenueA, world.InstructorA),
            new(3, start.AddDays(7), new TimeOnly(9, 0), new TimeOnly(12, 30), SessionKind.Practice, world.VenueA, world.InstructorA),
        ];
        var sessions = plan.Select(p => new CohortSession(cohort.Id, cohort.CenterId, p)).ToList();
        db.CohortSessions.AddRange(sessions);
        await db.SaveChangesAsync();
        foreach (var s in sessions)
        {
            var mark = new AttendanceRecord(s.Id, cohort.Id, cohort.CenterId, enrollment.Id, learnerId);
            mark.Mark(AttendanceStatus.Present, 0, s.Minutes, AttendanceSource.Roster, learnerId, factory.Time.GetUtcNow());
            db.AttendanceRecords.Add(mark);
        }
        await db.SaveChangesAsync();
    }

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, int sessionId, object? declaration = null) =>
        client.PostJsonAsync($"/api/exam-sessions/{sessionId}/registrations", declaration ?? new { });

    public static async Task<int> RegisteredCountAsync(this AcademyFactory factory, int sessionId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        return await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.Registered).SingleAsync();
    }

    public static async Task<int> LiveRegistrationsAsync(this AcademyFactory factory, int sessionId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        return await db.ExamRegistrations.CountAsync(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Registered);
    }
}

public sealed record Candidate(string Id, string Email, HttpClient Client);
