using TrainerAcademy.Domain;

namespace TrainerAcademy.Tests.Domain;

public class CohortTests
{
    private static readonly DateOnly Saturday = new(2026, 3, 7);
    private static readonly DateOnly Sunday = new(2026, 3, 8);
    private static readonly TimeSlot[] FullDay = [TimeSlot.Parse("09:00-12:00"), TimeSlot.Parse("13:30-17:30")];

    /// <summary>60 hours (18 theory + 42 practice) at center 1.</summary>
    private static readonly Course Course = new(1, Course.AiTrainerOccupation, 5, "五级周末班", 18, 42, 2600m, null, TheoryShareBand.Default);

    private static Cohort NewCohort(DateOnly? start = null, WeekendPattern pattern = WeekendPattern.Both, int capacity = 20, Venue? venue = null) =>
        new(Course, start ?? Saturday, pattern, FullDay, capacity, venue);

    [Fact]
    public void A_new_cohort_is_a_draft_of_its_course_and_center()
    {
        var cohort = NewCohort();

        Assert.Equal(CohortStatus.Draft, cohort.Status);
        Assert.Equal(Course.CenterId, cohort.CenterId);
        Assert.Equal(20, cohort.SeatsLeft);
        Assert.Equal(TimeSpan.FromHours(7), cohort.DailyTeachingTime);
    }

    [Fact]
    public void Only_an_open_cohort_takes_enrollments_and_the_stored_row_condition_says_the_same()
    {
        var draft = NewCohort();
        var open = NewCohort();
        open.Open();
        var running = NewCohort();
        running.Open();
        running.AdvanceByDate(Saturday);
        var cancelled = NewCohort();
        cancelled.Open();
        cancelled.Cancel();
        var condition = Cohort.TakesEnrollments.Compile();

        open.EnsureTakesEnrollments();
        Assert.True(condition(open));
        foreach (var closed in new[] { draft, running, cancelled })
        {
            Assert.Equal("enrollment.cohort-not-open", Assert.Throws<ConflictViolation>(closed.EnsureTakesEnrollments).Code);
            Assert.False(condition(closed));
        }
    }

    [Theory]
    [InlineData(WeekendPattern.Saturday, 2026, 3, 8)] // a Sunday
    [InlineData(WeekendPattern.Sunday, 2026, 3, 7)] // a Saturday
    [InlineData(WeekendPattern.Both, 2026, 3, 9)] // a Monday
    public void The_start_day_must_be_one_of_the_cohorts_weekend_days(WeekendPattern pattern, int y, int m, int d)
    {
        var e = Assert.ThrowsAny<RuleViolation>(() => NewCohort(new DateOnly(y, m, d), pattern));

        Assert.Equal("cohort.start-day", e.Code);
        Assert.Equal("startsOn", e.Field);
    }

    [Theory]
    [InlineData(WeekendPattern.Saturday, 2026, 3, 7)]
    [InlineData(WeekendPattern.Sunday, 2026, 3, 8)]
    [InlineData(WeekendPattern.Both, 2026, 3, 8)]
    public void A_start_on_a_matching_weekend_day_is_accepted(WeekendPattern pattern, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), NewCohort(new DateOnly(y, m, d), pattern).StartsOn);

    [Theory]
    [InlineData(WeekendPattern.None)]
    [InlineData((WeekendPattern)4)]
    public void The_pattern_is_saturday_sunday_or_both(WeekendPattern pattern) =>
        Assert.Equal("cohort.pattern", Assert.ThrowsAny<RuleViolation>(() => NewCohort(pattern: pattern)).Code);

    [Fact]
    public void A_venue_smaller_than_the_capacity_is_refused()
    {
        var venue = new Venue(Course.CenterId, "B203", 16, null);

        var e = Assert.ThrowsAny<RuleViolation>(() => NewCohort(capacity: 20, venue: venue));

        Assert.Equal("cohort.venue-too-small", e.Code);
        Assert.Equal("venueId", e.Field);
    }

    [Fact]
    public void A_venue_exactly_as_large_as_the_capacity_is_accepted() =>
        Assert.Equal(20, NewCohort(capacity: 20, venue: new Venue(Course.CenterId, "A101", 20, null)).Capacity);

    [Fact]
    public void Another_centers_venue_is_refused() =>
        Assert.Equal("cohort.venue-center",
            Assert.ThrowsAny<RuleViolation>(() => NewCohort(venue: new Venue(Course.CenterId + 1, "X", 100, null))).Code);

    [Theory]
    [InlineData(0)]
    [InlineData(Cohort.MaxCapacity + 1)]
    public void The_capacity_is_1_to_the_maximum(int capacity) =>
        Assert.Equal("cohort.capacity", Assert.ThrowsAny<RuleViolation>(() => NewCohort(capacity: capacity)).Code);

    [Fact]
    public void The_last_class_day_counts_every_weekend_day_of_the_pattern()
    {
        // 60 h at 7 h a day is 9 class days: Sat/Sun 7–8, 14–15, 21–22, 28–29 March and Saturday 4 April.
        Assert.Equal(new DateOnly(2026, 4, 4), Cohort.EstimateLastClassDay(Saturday, WeekendPattern.Both, TimeSpan.FromHours(7), 60));
        // Saturdays only: the ninth Saturday from 7 March.
        Assert.Equal(new DateOnly(2026, 5, 2), Cohort.EstimateLastClassDay(Saturday, WeekendPattern.Saturday, TimeSpan.FromHours(7), 60));
        // Sundays only, 6 h a day: 10 Sundays from 8 March.
        Assert.Equal(new DateOnly(2026, 5, 10), Cohort.EstimateLastClassDay(Sunday, WeekendPattern.Sunday, TimeSpan.FromHours(6), 60));
        // A course that fits into the first day ends on it.
        Assert.Equal(Saturday, Cohort.EstimateLastClassDay(Saturday, WeekendPattern.Both, TimeSpan.FromHours(8), 8));
    }

    [Fact]
    public void A_cohort_ends_on_its_estimated_last_class_day() =>
        Assert.Equal(new DateOnly(2026, 4, 4), NewCohort().EndsOn);

    [Fact]
    public void An_open_cohort_runs_from_its_first_day_and_completes_after_its_last()
    {
        var cohort = NewCohort();
        cohort.Open();

        Assert.False(cohort.AdvanceByDate(Saturday.AddDays(-1)));
        Assert.Equal(CohortStatus.Open, cohort.Status);

        Assert.True(cohort.AdvanceByDate(Saturday));
        Assert.Equal(CohortStatus.Running, cohort.Status);

        Assert.False(cohort.AdvanceByDate(cohort.EndsOn));
        Assert.Equal(CohortStatus.Running, cohort.Status);

        Assert.True(cohort.AdvanceByDate(cohort.EndsOn.AddDays(1)));
        Assert.Equal(CohortStatus.Completed, cohort.Status);

        Assert.False(cohort.AdvanceByDate(cohort.EndsOn.AddDays(30)));
        Assert.Equal(CohortStatus.Completed, cohort.Status);
    }

    [Fact]
    public void An_open_cohort_whose_last_day_has_passed_completes_at_once()
    {
        var cohort = NewCohort();
        cohort.Open();

        Assert.True(cohort.AdvanceByDate(cohort.EndsOn.AddDays(1)));
        Assert.Equal(CohortStatus.Completed, cohort.Status);
    }

    [Fact]
    public void Drafts_and_cancelled_cohorts_never_move_by_date()
    {
        var draft = NewCohort();
        var cancelled = NewCohort();
        cancelled.Cancel();

        Assert.False(draft.AdvanceByDate(draft.EndsOn.AddDays(1)));
        Assert.False(cancelled.AdvanceByDate(cancelled.EndsOn.AddDays(1)));
        Assert.Equal(CohortStatus.Draft, draft.Status);
        Assert.Equal(CohortStatus.Cancelled, cancelled.Status);
    }

    [Fact]
    public void Every_change_bumps_the_revision()
    {
        var cohort = NewCohort();
        var created = cohort.Revision;

        cohort.Reschedule(Course, Sunday, WeekendPattern.Both, FullDay, 25, null);
        Assert.Equal(created + 1, cohort.Revision);
        cohort.Open();
        Assert.Equal(created + 2, cohort.Revision);
        cohort.AdvanceByDate(Sunday);
        Assert.Equal(created + 3, cohort.Revision);
    }

    [Fact]
    public void Capacity_cannot_go_below_the_seats_already_taken()
    {
        var cohort = NewCohort(capacity: 20);
        cohort.Open();
        // Enrollment (which takes seats) comes in a later slice; until then the seats are set as the database would hold them.
        typeof(Cohort).GetProperty(nameof(Cohort.SeatsTaken))!.SetValue(cohort, 12);

        var e = Assert.IsType<ConflictViolation>(Assert.ThrowsAny<RuleViolation>(() =>
            cohort.Reschedule(Course, Saturday, WeekendPattern.Both, FullDay, 11, null)));

        Assert.Equal("cohort.capacity-below-seats", e.Code);
        Assert.Equal(20, cohort.Capacity);
        cohort.Reschedule(Course, Saturday, WeekendPattern.Both, FullDay, 12, null);
        Assert.Equal(0, cohort.SeatsLeft);
    }

    [Theory]
    [InlineData(CohortStatus.Running)]
    [InlineData(CohortStatus.Completed)]
    [InlineData(CohortStatus.Cancelled)]
    public void Only_draft_and_open_cohorts_can_be_rescheduled(CohortStatus status)
    {
        var cohort = NewCohort();
        if (status == CohortStatus.Cancelled) cohort.Cancel();
        else
        {
            cohort.Open();
            cohort.AdvanceByDate(status == CohortStatus.Running ? Saturday : cohort.EndsOn.AddDays(1));
        }
        Assert.Equal(status, cohort.Status);

        var e = Assert.ThrowsAny<RuleViolation>(() => cohort.Reschedule(Course, Saturday, WeekendPattern.Both, FullDay, 20, null));

        Assert.IsType<ConflictViolation>(e);
        Assert.Equal("cohort.not-editable", e.Code);
    }

    [Fact]
    public void Only_a_draft_opens_and_a_finished_cohort_cannot_be_cancelled()
    {
        var cohort = NewCohort();
        cohort.Open();
        Assert.Equal("cohort.open", Assert.IsType<ConflictViolation>(Record.Exception(cohort.Open)).Code);

        cohort.Cancel();
        Assert.Equal("cohort.cancel", Assert.IsType<ConflictViolation>(Record.Exception(cohort.Cancel)).Code);
    }

    [Fact]
    public void A_refused_reschedule_changes_nothing()
    {
        var cohort = NewCohort(capacity: 20);
        var before = (cohort.StartsOn, cohort.Capacity, cohort.Revision, cohort.EndsOn);

        Assert.ThrowsAny<RuleViolation>(() => cohort.Reschedule(Course, Sunday.AddDays(1), WeekendPattern.Both, FullDay, 30, null));

        Assert.Equal(before, (cohort.StartsOn, cohort.Capacity, cohort.Revision, cohort.EndsOn));
    }
}
