using TrainerAcademy.Domain;

namespace TrainerAcademy.Tests.Domain;

/// <summary>The rules of a place in a cohort and of the refund a cancelled place is owed, without a database.</summary>
public class EnrollmentTests
{
    private static readonly DateOnly Saturday = new(2026, 3, 7);
    private static readonly DateTimeOffset Now = new(2026, 2, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(30);
    private static readonly Course Course = new(1, Course.AiTrainerOccupation, 5, "五级周末班", 18, 42, 2600m, null, TheoryShareBand.Default);

    private static Cohort NewCohort(CohortStatus status = CohortStatus.Open, DateOnly? startsOn = null)
    {
        var start = startsOn ?? Saturday;
        var cohort = new Cohort(Course, start, WeekendPattern.Both, [TimeSlot.Parse("09:00-12:00"), TimeSlot.Parse("13:30-17:30")], 20, null);
        if (status != CohortStatus.Draft) cohort.Open();
        if (status == CohortStatus.Running) cohort.AdvanceByDate(start);
        if (status == CohortStatus.Completed) cohort.AdvanceByDate(cohort.EndsOn.AddDays(1));
        if (status == CohortStatus.Cancelled) cohort.Cancel();
        Assert.Equal(status, cohort.Status);
        return cohort;
    }

    private static Enrollment Held(decimal price = 2600m) => Enrollment.WithSeat(NewCohort(), "learner-1", price, Now, Hold);

    private static Enrollment Waiting(decimal price = 2600m) => Enrollment.OnWaitlist(NewCohort(), "learner-1", price, Now);

    [Fact]
    public void A_seat_in_a_paid_course_is_held_for_payment_until_the_hold_runs_out()
    {
        var e = Held();

        Assert.Equal(EnrollmentStatus.PendingPayment, e.Status);
        Assert.Equal(Now + Hold, e.HoldExpiresAt);
        Assert.True(e.HoldsSeat);
        Assert.Null(e.Funding);
    }

    [Fact]
    public void A_seat_in_a_free_course_is_confirmed_at_once_without_a_hold()
    {
        var e = Held(price: 0m);

        Assert.Equal((EnrollmentStatus.Confirmed, (Funding?)Funding.Free, (DateTimeOffset?)Now), (e.Status, e.Funding, e.ConfirmedAt));
        Assert.Null(e.HoldExpiresAt);
    }

    [Fact]
    public void A_place_staff_recorded_as_paid_offline_is_confirmed_at_once()
    {
        var e = Enrollment.WithSeat(NewCohort(), "learner-1", 2600m, Now, Hold, Funding.Offline);

        Assert.Equal((EnrollmentStatus.Confirmed, (Funding?)Funding.Offline), (e.Status, e.Funding));
        Assert.Null(e.HoldExpiresAt);
    }

    [Theory]
    [InlineData(CohortStatus.Draft)]
    [InlineData(CohortStatus.Running)]
    [InlineData(CohortStatus.Completed)]
    [InlineData(CohortStatus.Cancelled)]
    public void Only_an_open_cohort_takes_places_or_waitlist_entries(CohortStatus status)
    {
        var cohort = NewCohort(status);

        Assert.Equal("enrollment.cohort-not-open",
            Assert.Throws<ConflictViolation>(() => Enrollment.WithSeat(cohort, "l", 2600m, Now, Hold)).Code);
        Assert.Equal("enrollment.cohort-not-open",
            Assert.Throws<ConflictViolation>(() => Enrollment.OnWaitlist(cohort, "l", 2600m, Now)).Code);
    }

    [Fact]
    public void A_hold_expires_only_once_it_is_due_and_only_once()
    {
        var e = Held();

        Assert.False(e.ExpireHold(Now + Hold - TimeSpan.FromTicks(1)));
        Assert.Equal(EnrollmentStatus.PendingPayment, e.Status);
        Assert.True(e.ExpireHold(Now + Hold));
        Assert.Equal((EnrollmentStatus.Expired, "hold-expired"), (e.Status, e.CloseReason));
        Assert.False(e.HoldsSeat);
        var revision = e.Revision;
        Assert.False(e.ExpireHold(Now + Hold * 2));
        Assert.Equal(revision, e.Revision);
    }

    [Fact]
    public void A_confirmed_place_never_expires()
    {
        var e = Held();
        e.Confirm(Funding.Online, Now + TimeSpan.FromMinutes(10));

        Assert.False(e.ExpireHold(Now + TimeSpan.FromDays(30)));
        Assert.Equal(EnrollmentStatus.Confirmed, e.Status);
        Assert.Null(e.HoldExpiresAt);
    }

    [Fact]
    public void Confirming_twice_changes_nothing_the_second_time()
    {
        var e = Held();
        e.Confirm(Funding.Online, Now + TimeSpan.FromMinutes(1));
        var revision = e.Revision;

        e.Confirm(Funding.Offline, Now + TimeSpan.FromMinutes(2));

        Assert.Equal((revision, (Funding?)Funding.Online, (DateTimeOffset?)(Now + TimeSpan.FromMinutes(1))), (e.Revision, e.Funding, e.ConfirmedAt));
    }

    [Fact]
    public void A_place_on_the_waitlist_or_expired_cannot_be_confirmed_without_a_seat()
    {
        var waiting = Waiting();
        var expired = Held();
        expired.ExpireHold(Now + Hold);

        Assert.Equal("enrollment.confirm", Assert.Throws<ConflictViolation>(() => waiting.Confirm(Funding.Online, Now)).Code);
        Assert.Equal("enrollment.confirm", Assert.Throws<ConflictViolation>(() => expired.Confirm(Funding.Online, Now)).Code);
    }

    [Fact]
    public void A_late_payment_on_an_expired_place_confirms_it_once_the_seat_is_taken_again()
    {
        var e = Held();
        e.ExpireHold(Now + Hold);

        e.ConfirmWithRetakenSeat(Funding.Online, Now + Hold * 2);

        Assert.Equal((EnrollmentStatus.Confirmed, (Funding?)Funding.Online), (e.Status, e.Funding));
        Assert.Equal("enrollment.retake", Assert.Throws<ConflictViolation>(() => e.ConfirmWithRetakenSeat(Funding.Online, Now)).Code);
    }

    [Fact]
    public void The_first_on_the_waitlist_gets_the_freed_seat_with_a_fresh_hold()
    {
        var e = Waiting();
        Assert.False(e.HoldsSeat);
        var later = Now + TimeSpan.FromDays(2);

        e.PromoteFromWaitlist(later, Hold);

        Assert.Equal((EnrollmentStatus.PendingPayment, (DateTimeOffset?)(later + Hold)), (e.Status, e.HoldExpiresAt));
        Assert.False(e.ExpireHold(later + Hold - TimeSpan.FromSeconds(1)));
        Assert.Equal("enrollment.promote", Assert.Throws<ConflictViolation>(() => e.PromoteFromWaitlist(later, Hold)).Code);
    }

    [Fact]
    public void A_free_place_promoted_from_the_waitlist_is_confirmed_at_once()
    {
        var e = Waiting(price: 0m);

        e.PromoteFromWaitlist(Now, Hold);

        Assert.Equal((EnrollmentStatus.Confirmed, (Funding?)Funding.Free), (e.Status, e.Funding));
        Assert.Null(e.HoldExpiresAt);
    }

    [Fact]
    public void Cancelling_says_whether_a_seat_comes_free_and_a_closed_place_cannot_be_cancelled_again()
    {
        var held = Held();
        var confirmed = Held();
        confirmed.Confirm(Funding.Online, Now);
        var waiting = Waiting();

        Assert.True(held.Cancel(Now, "cancelled-by-learner"));
        Assert.True(confirmed.Cancel(Now, "cancelled-by-staff"));
        Assert.False(waiting.Cancel(Now, "cancelled-by-learner"));

        Assert.All(new[] { held, confirmed, waiting }, e => Assert.Equal((EnrollmentStatus.Cancelled, (DateTimeOffset?)null), (e.Status, e.HoldExpiresAt)));
        Assert.Equal("cancelled-by-staff", confirmed.CloseReason);
        Assert.Equal("enrollment.cancel", Assert.Throws<ConflictViolation>(() => held.Cancel(Now, "again")).Code);
        var expired = Held();
        expired.ExpireHold(Now + Hold);
        Assert.Equal("enrollment.cancel", Assert.Throws<ConflictViolation>(() => expired.Cancel(Now, "late")).Code);
    }

    private static readonly RefundPolicy Policy = new(7, 0.5m);

    [Theory]
    [InlineData(2026, 2, 20, 2600.00)] // 15 days before
    [InlineData(2026, 2, 28, 2600.00)] // exactly 7 days before: still in full
    [InlineData(2026, 3, 1, 1300.00)] // 6 days before: the late share
    [InlineData(2026, 3, 6, 1300.00)] // the day before
    [InlineData(2026, 3, 7, 0.00)] // the start day
    [InlineData(2026, 3, 9, 0.00)] // after the start
    public void An_open_cohorts_refund_is_full_until_N_days_before_the_start_then_the_share_then_nothing(int y, int m, int d, decimal expected) =>
        Assert.Equal(expected, Policy.RefundFor(2600m, NewCohort(), new DateOnly(y, m, d)));

    [Fact]
    public void A_running_or_completed_cohort_refunds_nothing_even_before_its_start_date()
    {
        Assert.Equal(0m, Policy.RefundFor(2600m, NewCohort(CohortStatus.Running), new DateOnly(2026, 2, 1)));
        Assert.Equal(0m, Policy.RefundFor(2600m, NewCohort(CohortStatus.Completed), new DateOnly(2026, 2, 1)));
    }

    [Theory]
    [InlineData(2026, 2, 1)]
    [InlineData(2026, 3, 6)]
    [InlineData(2026, 3, 8)]
    public void A_cohort_the_center_cancelled_refunds_in_full_whenever(int y, int m, int d) =>
        Assert.Equal(2600m, Policy.RefundFor(2600m, NewCohort(CohortStatus.Cancelled), new DateOnly(y, m, d)));

    [Fact]
    public void Nothing_paid_is_nothing_refunded()
    {
        Assert.Equal(0m, Policy.RefundFor(0m, NewCohort(), new DateOnly(2026, 2, 1)));
        Assert.Equal(0m, Policy.RefundFor(0m, NewCohort(CohortStatus.Cancelled), new DateOnly(2026, 2, 1)));
    }

    [Theory]
    [InlineData(999.99, 0.5, 499.99)] // 499.995 rounds towards zero: never refund more than the share
    [InlineData(2600, 0.3333, 866.58)]
    [InlineData(2600, 0, 0)]
    [InlineData(2600, 1, 2600)]
    public void The_late_share_is_rounded_down_to_the_fen(decimal paid, decimal share, decimal expected) =>
        Assert.Equal(expected, new RefundPolicy(7, share).RefundFor(paid, NewCohort(), new DateOnly(2026, 3, 5)));

    [Fact]
    public void The_default_policy_is_full_until_7_days_before_and_half_after()
    {
        Assert.Equal(new RefundPolicy(7, 0.5m), RefundPolicy.Default);
        Assert.Equal(new RefundPolicy(7, 0.5m), new TrainingCenter("中心", "0001", "31", "上海", null).RefundPolicy);
    }
}
