using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Features.Enrollments;
using TrainerAcademy.Tests.ExamSessions;

namespace TrainerAcademy.Tests.Enrollments;

/// <summary>
/// Every place a count is given back (a cohort seat on cancellation, on hold expiry and to the waitlist; an exam seat
/// on withdrawal), raced by real parallel requests: a place gives its seat back once, and filling up afterwards never
/// passes the capacity.
/// </summary>
public abstract class SeatReturnRaceTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteEnrollmentClockFactory f) : SeatReturnRaceTests(f), IClassFixture<SqliteEnrollmentClockFactory>;

    public sealed class OnPostgreSql : SeatReturnRaceTests, IClassFixture<PostgresEnrollmentClockFactory>
    {
        public OnPostgreSql(PostgresEnrollmentClockFactory f) : base(f) => TestPostgres.Require();
    }

    private FakeTimeProvider Clock => factory.Clock!;

    private static Func<Task<HttpResponseMessage>>[] Times(int count, Func<Task<HttpResponseMessage>> send) =>
        [.. Enumerable.Range(0, count).Select(_ => send)];

    private static string Tally(IEnumerable<Outcome> outcomes) =>
        string.Join(", ", outcomes.GroupBy(o => $"{(int)o.Status} {o.Code}").Select(g => $"{g.Key}: {g.Count()}"));

    /// <summary>Enrolls each learner in turn; returns the places in that order.</summary>
    private static async Task<JsonElement[]> EnrollEachAsync(IEnumerable<TestLearner> learners, int cohort, bool joinWaitlist = false)
    {
        var places = new List<JsonElement>();
        foreach (var learner in learners) places.Add(await learner.Client.EnrolledAsync(cohort, joinWaitlist));
        return [.. places];
    }

    private async Task AssertFillsToCapacityAsync(int cohort, int capacity, IEnumerable<TestLearner> newcomers)
    {
        var outcomes = await EnrollmentKit.BurstAsync([.. newcomers.Select(l => (Func<Task<HttpResponseMessage>>)(() => l.Client.EnrollAsync(cohort, false)))]);
        EnrollmentKit.NoServerErrors(outcomes, factory);
        Assert.True(await factory.SeatsTakenAsync(cohort) <= capacity, Tally(outcomes));
        Assert.Equal(capacity, await factory.SeatsTakenAsync(cohort));
        Assert.Equal(capacity, await factory.PlacesHoldingSeatsAsync(cohort));
    }

    [Fact]
    public async Task Ten_parallel_cancellations_of_one_place_give_one_seat_back_and_the_cohort_never_overfills()
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 2);
        var people = await factory.LearnersAsync(6);
        var places = await EnrollEachAsync(people[..2], cohort);

        Outcome[] outcomes;
        await using (var held = await HeldLock.TakeAsync(factory, $"SELECT 1 FROM \"Cohorts\" WHERE \"Id\" = {cohort}"))
        {
            var burst = EnrollmentKit.BurstAsync(Times(10, () => people[0].Client.DeleteAsync($"/api/enrollments/{places[0].Id()}")));
            await held.WaitForAsync(10);
            await held.DisposeAsync();
            outcomes = await burst;
        }

        EnrollmentKit.NoServerErrors(outcomes, factory);
        Assert.True(outcomes.Count(o => o.Status == HttpStatusCode.OK) == 1, Tally(outcomes));
        Assert.All(outcomes.Where(o => o.Status != HttpStatusCode.OK), o => Assert.Equal(HttpStatusCode.Conflict, o.Status));
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));
        await AssertFillsToCapacityAsync(cohort, 2, people[2..]);
    }

    [Fact]
    public async Task A_seat_freed_by_ten_parallel_cancellations_goes_to_one_waitlisted_learner_only()
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 1);
        var people = await factory.LearnersAsync(6);
        var seated = (await EnrollEachAsync(people[..1], cohort))[0];
        var waiting = await EnrollEachAsync(people[1..4], cohort, joinWaitlist: true);

        var outcomes = await EnrollmentKit.BurstAsync(Times(10, () => people[0].Client.DeleteAsync($"/api/enrollments/{seated.Id()}")));

        EnrollmentKit.NoServerErrors(outcomes, factory);
        Assert.True(outcomes.Count(o => o.Status == HttpStatusCode.OK) == 1, Tally(outcomes));
        var statuses = new List<EnrollmentStatus>();
        foreach (var place in waiting) statuses.Add((await factory.EnrollmentAsync(place.Id())).Status);
        Assert.Equal([EnrollmentStatus.PendingPayment, EnrollmentStatus.Waitlisted, EnrollmentStatus.Waitlisted], statuses);
        await AssertFillsToCapacityAsync(cohort, 1, people[4..]);
    }

    [Fact]
    public async Task Two_places_cancelled_at_once_promote_the_first_two_waitlisted_learners()
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 2);
        var people = await factory.LearnersAsync(5);
        var seated = await EnrollEachAsync(people[..2], cohort);
        var waiting = await EnrollEachAsync(people[2..], cohort, joinWaitlist: true);

        var outcomes = await EnrollmentKit.BurstAsync(
            [.. seated.Select((p, i) => (Func<Task<HttpResponseMessage>>)(() => people[i].Client.DeleteAsync($"/api/enrollments/{p.Id()}")))]);

        Assert.True(outcomes.All(o => o.Status == HttpStatusCode.OK), Tally(outcomes));
        var statuses = new List<EnrollmentStatus>();
        foreach (var place in waiting) statuses.Add((await factory.EnrollmentAsync(place.Id())).Status);
        Assert.Equal([EnrollmentStatus.PendingPayment, EnrollmentStatus.PendingPayment, EnrollmentStatus.Waitlisted], statuses);
        Assert.Equal(2, await factory.SeatsTakenAsync(cohort));
        Assert.Equal(2, await factory.PlacesHoldingSeatsAsync(cohort));
    }

    [Fact]
    public async Task An_expired_hold_released_by_parallel_jobs_and_cancellations_gives_its_seat_back_once()
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 2);
        var people = await factory.LearnersAsync(6);
        var places = await EnrollEachAsync(people[..2], cohort);
        Clock.Advance(TimeSpan.FromMinutes(31));
        // The other place is paid for, so only the first hold is due.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainerAcademy.Data.AcademyDbContext>();
            var paid = await db.Enrollments.SingleAsync(e => e.Id == places[1].Id());
            paid.Confirm(Funding.Offline, Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var released = 0;
        var jobs = Enumerable.Range(0, 5).Select(_ => Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<EnrollmentHoldJob>().ReleaseAsync(places[0].Id(), CancellationToken.None))
                Interlocked.Increment(ref released);
        }));
        var cancels = EnrollmentKit.BurstAsync(Times(5, () => people[0].Client.DeleteAsync($"/api/enrollments/{places[0].Id()}")));
        await Task.WhenAll(jobs);
        var outcomes = await cancels;

        EnrollmentKit.NoServerErrors(outcomes, factory);
        Assert.True(released + outcomes.Count(o => o.Status == HttpStatusCode.OK) == 1, $"{released} releases; {Tally(outcomes)}");
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));
        await AssertFillsToCapacityAsync(cohort, 2, people[2..]);
    }
}
