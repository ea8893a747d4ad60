using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;
using static TrainerAcademy.Tests.Domain.Scheduling.SchedulingTestData;

namespace TrainerAcademy.Tests.Domain.Scheduling;

/// <summary>Moving, cancelling and re-staffing single sessions of a generated timetable.</summary>
public class CohortTimetableTests
{
    private const int Cohort = 100;

    private static DateOnly D(int month, int day) => new(2026, month, day);

    private static TimeOnly T(string hhmm) => TimeOnly.Parse(hhmm);

    /// <summary>18 + 42 hours from Saturday 7 March 2026 on the seeded calendar, in venue 1 with instructor 11.</summary>
    private static CohortTimetable Generated()
    {
        var sessions = Timetable(Request(calendar: Seeded, cohortId: Cohort) with { VenueId = 1, InstructorId = 11 });
        return new CohortTimetable(Cohort, WeekendPattern.Both, FullDay, Seeded, sessions);
    }

    /// <summary>Two sessions on Saturday 19 September 2026, the last class day before 中秋 and 国庆.</summary>
    private static CohortTimetable BeforeTheNationalDay() => new(Cohort, WeekendPattern.Both, FullDay, Seeded,
    [
        new PlannedSession(1, D(9, 19), T("09:00"), T("12:00"), SessionKind.Theory, 1, 11),
        new PlannedSession(2, D(9, 19), T("13:30"), T("17:30"), SessionKind.Practice, 1, 11),
    ]);

    // ---- move ----

    [Fact]
    public void A_moved_session_keeps_its_number_kind_length_venue_and_instructor()
    {
        var timetable = Generated();
        var before = timetable.Session(2);

        var edit = timetable.Move(2, D(5, 16), T("13:30"), new CenterBookings());

        var after = edit.Timetable.Session(2);
        Assert.Equal(before with { Date = D(5, 16) }, after);
        Assert.Equal(after, edit.Timetable.Sessions[^1]);
        Assert.Equal([new SessionChange(SessionChangeKind.Moved, before, after)], edit.Changes);
        Assert.Equal((timetable.TheoryMinutes, timetable.PracticeMinutes), (edit.Timetable.TheoryMinutes, edit.Timetable.PracticeMinutes));
        Assert.Equal(before, timetable.Session(2));
    }

    [Fact]
    public void A_session_may_move_to_a_later_start_inside_a_longer_slot()
    {
        var timetable = Generated();
        var morning = timetable.Sessions.First(s => s.Start == T("09:00"));

        var moved = timetable.Move(morning.Sequence, D(5, 16), T("14:00"), new CenterBookings()).Timetable.Session(morning.Sequence);

        Assert.Equal((T("14:00"), T("17:00")), (moved.Start, moved.End));
    }

    [Theory]
    [InlineData(10, 3, "public holiday (国庆节)")]
    [InlineData(10, 10, "make-up working day")]
    [InlineData(5, 13, "Wednesday")]
    public void A_session_cannot_move_to_a_holiday_a_make_up_working_day_or_a_weekday(int month, int day, string why)
    {
        var e = Assert.ThrowsAny<RuleViolation>(() => Generated().Move(1, D(month, day), T("09:00"), new CenterBookings()));

        Assert.Equal("session.not-a-class-day", e.Code);
        Assert.Equal("date", e.Field);
        Assert.Contains(why, e.Message);
    }

    [Theory]
    [InlineData("09:00")] // four hours do not fit into the three-hour morning
    [InlineData("15:00")] // runs past 17:30
    [InlineData("22:00")] // runs past midnight
    public void A_session_cannot_move_outside_the_daily_slots(string start)
    {
        var timetable = Generated();
        var afternoon = timetable.Sessions.First(s => s.Minutes == 240);

        Assert.Equal("session.outside-slots",
            Assert.ThrowsAny<RuleViolation>(() => timetable.Move(afternoon.Sequence, D(5, 16), T(start), new CenterBookings())).Code);
    }

    [Fact]
    public void A_session_cannot_move_onto_another_session_of_its_cohort()
    {
        var e = Assert.ThrowsAny<RuleViolation>(() => Generated().Move(1, D(3, 8), T("09:00"), new CenterBookings()));

        Assert.IsType<ConflictViolation>(e);
        Assert.Equal("session.overlaps-cohort", e.Code);
    }

    [Fact]
    public void A_session_cannot_move_where_its_venue_is_booked_by_another_cohort()
    {
        var bookings = new CenterBookings([new BookedSession(7, 1, 99, D(5, 16), T("15:00"), T("16:00"))]);
        var timetable = Generated();

        var e = Assert.IsType<SessionClashViolation>(Assert.ThrowsAny<RuleViolation>(() => timetable.Move(2, D(5, 16), T("13:30"), bookings)));

        Assert.Equal("session.venue-booked", e.Code);
        Assert.Equal([new Clash(ClashReason.VenueBooked, VenueId: 1, ByCohortId: 7)], e.Clashes);
        Assert.Equal(Generated().Sessions, timetable.Sessions);
    }

    [Fact]
    public void A_session_cannot_move_where_its_instructor_teaches_another_cohort()
    {
        var bookings = new CenterBookings([new BookedSession(8, 9, 11, D(5, 17), T("09:00"), T("17:30"))]);

        var e = Assert.IsType<SessionClashViolation>(Assert.ThrowsAny<RuleViolation>(() => Generated().Move(2, D(5, 17), T("13:30"), bookings)));

        Assert.Equal("session.instructor-booked", e.Code);
        Assert.Equal([new Clash(ClashReason.InstructorBooked, InstructorId: 11, ByCohortId: 8)], e.Clashes);
    }

    [Fact]
    public void The_cohorts_own_entries_in_the_center_bookings_do_not_block_its_changes()
    {
        var timetable = Generated();
        var bookings = new CenterBookings();
        bookings.AddTimetable(Cohort, timetable.Sessions);
        bookings.Add(new BookedSession(Cohort, 1, 11, D(5, 16), T("13:30"), T("17:30")));

        var moved = timetable.Move(2, D(5, 16), T("13:30"), bookings).Timetable.Session(2);

        Assert.Equal(D(5, 16), moved.Date);
    }

    // ---- cancel ----

    [Fact]
    public void A_cancelled_session_is_made_up_after_the_last_one_on_the_next_free_class_day()
    {
        var timetable = Generated();
        var cancelled = timetable.Sessions.First(s => s.Kind == SessionKind.Practice && s.Minutes == 240);
        var last = timetable.Sessions[^1];

        var edit = timetable.Cancel(cancelled.Sequence, new CenterBookings());

        var madeUp = edit.Timetable.Sessions[^1];
        Assert.Equal(Seeded.NextClassDay(last.Date.AddDays(1), WeekendPattern.Both), madeUp.Date);
        Assert.Equal((T("13:30"), T("17:30")), (madeUp.Start, madeUp.End)); // four hours need the afternoon slot
        Assert.Equal((SessionKind.Practice, 1, 11), (madeUp.Kind, madeUp.VenueId, madeUp.InstructorId));
        Assert.Equal(timetable.Sessions.Max(s => s.Sequence) + 1, madeUp.Sequence);
        Assert.DoesNotContain(edit.Timetable.Sessions, s => s.Sequence == cancelled.Sequence);
        Assert.Equal([new SessionChange(SessionChangeKind.Cancelled, cancelled, null), new SessionChange(SessionChangeKind.MadeUp, null, madeUp)], edit.Changes);
        Assert.Equal((timetable.TheoryMinutes, timetable.PracticeMinutes), (edit.Timetable.TheoryMinutes, edit.Timetable.PracticeMinutes));
    }

    [Fact]
    public void The_make_up_session_passes_over_holidays_make_up_days_and_booked_slots()
    {
        // After 19 September come a make-up Sunday, 中秋, 国庆 and a make-up Saturday; 11 October's morning is booked.
        var bookings = new CenterBookings([new BookedSession(7, 1, 99, D(10, 11), T("09:00"), T("10:00"))]);

        var madeUp = BeforeTheNationalDay().Cancel(1, bookings).Timetable.Sessions[^1];

        Assert.Equal((D(10, 11), T("13:30"), T("16:30"), SessionKind.Theory, 3), (madeUp.Date, madeUp.Start, madeUp.End, madeUp.Kind, madeUp.Sequence));
    }

    [Fact]
    public void A_cancellation_staff_choose_not_to_make_up_leaves_the_hours_short_by_that_session()
    {
        var timetable = Generated();
        var cancelled = timetable.Session(1);

        var edit = timetable.Cancel(1, new CenterBookings(), makeUp: false);

        Assert.Equal(timetable.TheoryMinutes - cancelled.Minutes, edit.Timetable.TheoryMinutes);
        Assert.Equal(timetable.Sessions.Count - 1, edit.Timetable.Sessions.Count);
        Assert.Equal([new SessionChange(SessionChangeKind.Cancelled, cancelled, null)], edit.Changes);
    }

    [Fact]
    public void Sequence_numbers_are_never_reused()
    {
        var timetable = BeforeTheNationalDay();

        var once = timetable.Cancel(2, new CenterBookings()).Timetable;
        var twice = once.Cancel(3, new CenterBookings()).Timetable;

        Assert.Equal([1, 4], twice.Sessions.Select(s => s.Sequence));
        Assert.Equal(240, twice.PracticeMinutes);
    }

    // ---- re-staff ----

    [Fact]
    public void A_session_is_given_to_a_free_instructor()
    {
        var timetable = Generated();
        var before = timetable.Session(3);

        var edit = timetable.Restaff(3, new InstructorOption(12), new CenterBookings());

        Assert.Equal(before with { InstructorId = 12 }, edit.Timetable.Session(3));
        Assert.Equal(SessionChangeKind.Restaffed, Assert.Single(edit.Changes).Kind);
        Assert.All(edit.Timetable.Sessions.Where(s => s.Sequence != 3), s => Assert.Equal(11, s.InstructorId));
        Assert.Equal((timetable.TheoryMinutes, timetable.PracticeMinutes), (edit.Timetable.TheoryMinutes, edit.Timetable.PracticeMinutes));
    }

    [Fact]
    public void A_session_cannot_go_to_an_instructor_who_teaches_another_cohort_then()
    {
        var timetable = Generated();
        var session = timetable.Session(3);
        var bookings = new CenterBookings([new BookedSession(9, 4, 12, session.Date, session.Start.AddMinutes(30), session.End)]);

        var e = Assert.IsType<SessionClashViolation>(Assert.ThrowsAny<RuleViolation>(() => timetable.Restaff(3, new InstructorOption(12), bookings)));

        Assert.Equal("session.instructor-booked", e.Code);
        Assert.Equal(9, Assert.Single(e.Clashes).ByCohortId);
    }

    [Fact]
    public void A_session_cannot_go_to_an_inactive_instructor() =>
        Assert.Equal("session.instructor-inactive",
            Assert.ThrowsAny<RuleViolation>(() => Generated().Restaff(3, new InstructorOption(12, Active: false), new CenterBookings())).Code);

    [Fact]
    public void Restaffing_to_the_same_instructor_changes_nothing()
    {
        var timetable = Generated();

        var edit = timetable.Restaff(3, new InstructorOption(11), new CenterBookings());

        Assert.Same(timetable, edit.Timetable);
        Assert.Empty(edit.Changes);
    }

    // ---- the timetable itself ----

    [Fact]
    public void An_unknown_session_number_is_refused() =>
        Assert.Equal("session.unknown", Assert.ThrowsAny<RuleViolation>(() => Generated().Cancel(999, new CenterBookings())).Code);

    [Fact]
    public void A_timetable_with_overlapping_sessions_or_a_repeated_number_is_refused()
    {
        var a = new PlannedSession(1, D(3, 7), T("09:00"), T("12:00"), SessionKind.Theory, 1, 11);

        Assert.Equal("session.overlap", Assert.ThrowsAny<RuleViolation>(() =>
            new CohortTimetable(Cohort, WeekendPattern.Both, FullDay, Seeded, [a, a with { Sequence = 2, Start = T("11:00"), End = T("13:00") }])).Code);
        Assert.Equal("session.sequence", Assert.ThrowsAny<RuleViolation>(() =>
            new CohortTimetable(Cohort, WeekendPattern.Both, FullDay, Seeded, [a, a with { Date = D(3, 8) }])).Code);
    }
}
