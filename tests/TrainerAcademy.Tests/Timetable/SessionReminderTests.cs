using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Timetable;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.Timetables;

/// <summary>The reminder job on a fake clock: confirmed learners are reminded once of each session in the next 24 hours.</summary>
public abstract class SessionReminderTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteEnrollmentClockFactory f) : SessionReminderTests(f), IClassFixture<SqliteEnrollmentClockFactory>;

    public sealed class OnPostgreSql : SessionReminderTests, IClassFixture<PostgresEnrollmentClockFactory>
    {
        public OnPostgreSql(PostgresEnrollmentClockFactory f) : base(f) => TestPostgres.Require();
    }

    // The fake clock starts on Monday 2026-03-02; this cohort's first class is Saturday 2026-03-07, 09:00 Beijing time.
    private static readonly DateOnly FirstDay = new(2026, 3, 7);

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task<int> RemindAsync() => InScopeAsync(sp => sp.GetRequiredService<SessionReminderJob>().RunAsync(TestContext.Current.CancellationToken));

    private Task<List<string>> RemindersToAsync(string email) =>
        InScopeAsync(sp => sp.GetRequiredService<AcademyDbContext>().Outbox.AsNoTracking()
            .Where(m => m.To == email && m.Subject.StartsWith("明天上课")).Select(m => m.HtmlBody).ToListAsync());

    [Fact]
    public async Task A_confirmed_learner_is_reminded_once_of_each_session_starting_within_a_day()
    {
        var w = await factory.WorldAsync();
        var clock = factory.Clock!;
        var cohortId = (await (await w.StaffA.PostJsonAsync("/api/cohorts", new
        {
            courseId = w.CourseA, startsOn = FirstDay, weekendPattern = "Both", dailySlots = new[] { "09:00-12:00", "13:30-17:30" },
            capacity = 20, venueId = w.VenueA,
        })).ExpectJsonAsync(HttpStatusCode.Created)).Id();
        Assert.True(await InScopeAsync(sp => sp.GetRequiredService<TimetableJob>().GenerateAsync(cohortId, TestContext.Current.CancellationToken)));
        await (await w.StaffA.PostJsonAsync($"/api/cohorts/{cohortId}/open", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        var place = (await (await w.Learner.PostJsonAsync($"/api/cohorts/{cohortId}/enrollments", new { joinWaitlist = false })).ExpectJsonAsync(HttpStatusCode.Created)).Id();
        await (await w.StaffA.PostJsonAsync($"/api/enrollments/{place}/offline-payments", new { amount = 2600, reference = "ICBC-0307" })).ExpectJsonAsync(HttpStatusCode.OK);

        // Friday 10:00 Beijing time: Saturday's 09:00 session starts within 24 hours; its 13:30 session and Sunday's do not yet.
        clock.SetUtcNow(new DateTimeOffset(2026, 3, 6, 2, 0, 0, TimeSpan.Zero));
        await RemindAsync();
        var first = await RemindersToAsync(w.LearnerEmail);
        Assert.Single(first, r => r.Contains("2026-03-07 09:00"));
        Assert.DoesNotContain(first, r => r.Contains("2026-03-07 13:30") || r.Contains("2026-03-08"));

        await RemindAsync();
        Assert.Equal(first.Count, (await RemindersToAsync(w.LearnerEmail)).Count);

        // Friday 14:00: the 13:30 session comes within a day, once, however often the job runs.
        clock.SetUtcNow(new DateTimeOffset(2026, 3, 6, 6, 0, 0, TimeSpan.Zero));
        await RemindAsync();
        await RemindAsync();
        var second = await RemindersToAsync(w.LearnerEmail);
        Assert.Single(second, r => r.Contains("2026-03-07 09:00"));
        Assert.Single(second, r => r.Contains("2026-03-07 13:30"));

        // Saturday 10:00: Sunday's morning session.
        clock.SetUtcNow(new DateTimeOffset(2026, 3, 7, 2, 0, 0, TimeSpan.Zero));
        await RemindAsync();
        Assert.Single(await RemindersToAsync(w.LearnerEmail), r => r.Contains("2026-03-08 09:00"));
        var stored = await InScopeAsync(sp => sp.GetRequiredService<AcademyDbContext>().CohortSessions.AsNoTracking()
            .Where(s => s.CohortId == cohortId).OrderBy(s => s.StartsAt).ToListAsync());
        Assert.Equal(3, stored.Count(s => s.RemindedAt != null));
        Assert.All(stored.Skip(3), s => Assert.Null(s.RemindedAt));
        Assert.All(stored, s => Assert.Equal(SessionStatus.Scheduled, s.Status));
    }
}
