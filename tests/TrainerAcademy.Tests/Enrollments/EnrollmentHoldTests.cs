using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Enrollments;

namespace TrainerAcademy.Tests.Enrollments;

/// <summary>
/// Unpaid holds run out: the delayed job and the sweep, run directly on a fake clock, expire a hold only once it is due,
/// give its seat back (or to the waitlist), and never touch a place that was paid or closed.
/// </summary>
public abstract class EnrollmentHoldTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteEnrollmentClockFactory f) : EnrollmentHoldTests(f), IClassFixture<SqliteEnrollmentClockFactory>;

    public sealed class OnPostgreSql : EnrollmentHoldTests, IClassFixture<PostgresEnrollmentClockFactory>
    {
        public OnPostgreSql(PostgresEnrollmentClockFactory f) : base(f) => TestPostgres.Require();
    }

    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(30);

    private FakeTimeProvider Clock => factory.Clock!;

    private async Task<T> JobAsync<T>(Func<EnrollmentHoldJob, CancellationToken, Task<T>> run)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await run(scope.ServiceProvider.GetRequiredService<EnrollmentHoldJob>(), TestContext.Current.CancellationToken);
    }

    private Task<bool> ReleaseAsync(JsonElement place) => JobAsync((j, ct) => j.ReleaseAsync(place.Id(), ct));

    private Task<int> SweepAsync() => JobAsync((j, ct) => j.SweepAsync(ct));

    /// <summary>
    /// Holds that earlier tests of the class left running fall due as this test moves the clock on; releasing them
    /// first makes the sweep's counts below this test's own.
    /// </summary>
    private async Task<TestWorld> StartAsync()
    {
        var w = await factory.WorldAsync();
        Clock.Advance(Hold + TimeSpan.FromMinutes(1));
        await SweepAsync();
        return w;
    }

    private async Task<EnrollmentStatus> StatusAsync(JsonElement place) => (await factory.EnrollmentAsync(place.Id())).Status;

    [Fact]
    public async Task Enrolling_schedules_a_delayed_release_job_at_the_end_of_the_hold()
    {
        var w = await StartAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 3);
        var learner = await factory.LearnerAsync();

        var place = await learner.Client.EnrolledAsync(cohort);

        var expires = place.GetProperty("holdExpiresAt").GetDateTimeOffset();
        Assert.Equal(Clock.GetUtcNow() + Hold, expires);
        var (_, enqueueAt) = Assert.Single(factory.ScheduledHoldReleases(), j => j.EnrollmentId == place.Id());
        Assert.InRange(enqueueAt, expires.UtcDateTime.AddSeconds(-1), expires.UtcDateTime.AddSeconds(1));
    }

    [Fact]
    public async Task An_unpaid_hold_expires_after_30_minutes_and_its_seat_returns_to_the_cohort()
    {
        var w = await StartAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 1);
        var people = await factory.LearnersAsync(2);
        var place = await people[0].Client.EnrolledAsync(cohort);

        Clock.Advance(Hold - TimeSpan.FromSeconds(1));
        Assert.False(await ReleaseAsync(place));
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(EnrollmentStatus.PendingPayment, await StatusAsync(place));
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await ReleaseAsync(place));
        var expired = await factory.EnrollmentAsync(place.Id());
        Assert.Equal((EnrollmentStatus.Expired, "hold-expired", Clock.GetUtcNow()), (expired.Status, expired.CloseReason, expired.ClosedAt));
        Assert.Equal(0, await factory.SeatsTakenAsync(cohort));

        Assert.False(await ReleaseAsync(place));
        Assert.Equal(0, await SweepAsync());
        var again = await factory.EnrollmentAsync(place.Id());
        Assert.Equal((EnrollmentStatus.Expired, expired.Revision), (again.Status, again.Revision));
        Assert.Equal(0, await factory.SeatsTakenAsync(cohort));

        Assert.Equal("PendingPayment", (await people[1].Client.EnrolledAsync(cohort)).Status());
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));
    }

    [Fact]
    public async Task The_sweep_releases_every_hold_that_is_due_and_only_those_once()
    {
        var w = await StartAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 5);
        var people = await factory.LearnersAsync(4);
        var early = new List<JsonElement>();
        foreach (var learner in people[..3]) early.Add(await learner.Client.EnrolledAsync(cohort));
        Clock.Advance(TimeSpan.FromMinutes(10));
        var late = await people[3].Client.EnrolledAsync(cohort);

        Clock.Advance(TimeSpan.FromMinutes(21));
        Assert.Equal(3, await SweepAsync());
        Assert.Equal(0, await SweepAsync());

        foreach (var place in early) Assert.Equal(EnrollmentStatus.Expired, await StatusAsync(place));
        Assert.Equal(EnrollmentStatus.PendingPayment, await StatusAsync(late));
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));

        Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await SweepAsync());
        Assert.Equal(EnrollmentStatus.Expired, await StatusAsync(late));
        Assert.Equal(0, await factory.SeatsTakenAsync(cohort));
    }

    [Fact]
    public async Task An_expired_hold_passes_its_seat_to_the_first_learner_waiting_with_a_fresh_hold_and_an_email()
    {
        var w = await StartAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 1);
        var people = await factory.LearnersAsync(3);
        var held = await people[0].Client.EnrolledAsync(cohort);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var first = await people[1].Client.EnrolledAsync(cohort, joinWaitlist: true);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await people[2].Client.EnrolledAsync(cohort, joinWaitlist: true);

        Clock.Advance(Hold);
        Assert.True(await ReleaseAsync(held));

        Assert.Equal(EnrollmentStatus.Expired, await StatusAsync(held));
        var promoted = await factory.EnrollmentAsync(first.Id());
        Assert.Equal((EnrollmentStatus.PendingPayment, Clock.GetUtcNow() + Hold), (promoted.Status, promoted.HoldExpiresAt));
        Assert.Equal(EnrollmentStatus.Waitlisted, await StatusAsync(second));
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));
        Assert.Contains(factory.ScheduledHoldReleases(), j => j.EnrollmentId == first.Id());
        Assert.Equal(["候补转正 · A place came free"], await factory.MailSubjectsToAsync(people[1].Email));
        Assert.Empty(await factory.MailSubjectsToAsync(people[2].Email));

        Assert.False(await ReleaseAsync(held));
        Assert.Equal(EnrollmentStatus.Waitlisted, await StatusAsync(second));
        Assert.Single(await factory.MailSubjectsToAsync(people[1].Email));

        Clock.Advance(Hold);
        Assert.Equal(1, await SweepAsync());
        Assert.Equal(EnrollmentStatus.Expired, await StatusAsync(first));
        Assert.Equal(EnrollmentStatus.PendingPayment, await StatusAsync(second));
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));
        Assert.Equal(0, await SweepAsync());
    }

    [Fact]
    public async Task In_a_cohort_the_center_cancelled_an_expired_hold_promotes_no_one_from_the_waitlist()
    {
        var w = await StartAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 1);
        var people = await factory.LearnersAsync(2);
        var held = await people[0].Client.EnrolledAsync(cohort);
        var waiting = await people[1].Client.EnrolledAsync(cohort, joinWaitlist: true);
        await factory.DbAsync(async db =>
        {
            (await db.Cohorts.SingleAsync(c => c.Id == cohort)).Cancel();
            return await db.SaveChangesAsync();
        });

        Clock.Advance(Hold);
        Assert.True(await ReleaseAsync(held));

        Assert.Equal(EnrollmentStatus.Expired, await StatusAsync(held));
        Assert.Equal(EnrollmentStatus.Waitlisted, await StatusAsync(waiting));
        Assert.Empty(await factory.MailSubjectsToAsync(people[1].Email));
        Assert.DoesNotContain(factory.ScheduledHoldReleases(), j => j.EnrollmentId == waiting.Id());
        Assert.Equal(0, await factory.SeatsTakenAsync(cohort));
    }

    [Fact]
    public async Task A_confirmed_or_cancelled_place_is_never_expired()
    {
        var w = await StartAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 3);
        var free = await factory.CohortAsync(w.CenterA, capacity: 3, fee: 0m);
        var people = await factory.LearnersAsync(3);
        var paid = await people[0].Client.EnrolledAsync(cohort);
        var cancelled = await people[1].Client.EnrolledAsync(cohort);
        var freePlace = await people[2].Client.EnrolledAsync(free);
        await (await people[1].Client.DeleteAsync($"/api/enrollments/{cancelled.Id()}")).ExpectSuccessAsync();
        Clock.Advance(TimeSpan.FromMinutes(5));
        await factory.DbAsync(async db =>
        {
            // Staff recorded a bank transfer before the hold ran out.
            var e = await db.Enrollments.SingleAsync(x => x.Id == paid.Id());
            e.Confirm(Funding.Offline, Clock.GetUtcNow());
            db.Payments.Add(Payment.Offline(e, 2600m, "BANK-" + e.Id, "staff-a", Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });

        Clock.Advance(TimeSpan.FromHours(2));
        Assert.False(await ReleaseAsync(paid));
        Assert.False(await ReleaseAsync(cancelled));
        Assert.False(await ReleaseAsync(freePlace));
        Assert.Equal(0, await SweepAsync());

        Assert.Equal(EnrollmentStatus.Confirmed, await StatusAsync(paid));
        Assert.Equal(EnrollmentStatus.Cancelled, await StatusAsync(cancelled));
        Assert.Equal(EnrollmentStatus.Confirmed, await StatusAsync(freePlace));
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));
        Assert.Equal(1, await factory.SeatsTakenAsync(free));
    }
}
