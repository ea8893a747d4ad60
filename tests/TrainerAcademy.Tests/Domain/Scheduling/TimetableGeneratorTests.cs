using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;
using static TrainerAcademy.Tests.Domain.Scheduling.SchedulingTestData;

namespace TrainerAcademy.Tests.Domain.Scheduling;

public class TimetableGeneratorTests
{
    private static DateOnly D(int month, int day, int year = 2026) => new(year, month, day);

    private static TimeOnly T(string hhmm) => TimeOnly.Parse(hhmm);

    // ---- hours ----

    [Fact]
    public void Eighteen_theory_and_forty_two_practice_hours_are_covered_to_the_minute()
    {
        var sessions = Timetable(Request(theory: 18, practice: 42));

        Assert.Equal(18 * 60, sessions.Minutes(SessionKind.Theory));
        Assert.Equal(42 * 60, sessions.Minutes(SessionKind.Practice));
        Assert.Equal(Enumerable.Range(1, sessions.Count), sessions.Select(s => s.Sequence));
        Assert.Equal(sessions.OrderBy(s => s.Date).ThenBy(s => s.Start), sessions);
        Assert.All(sessions, s => Assert.Contains(FullDay, slot => slot.Start == s.Start && s.End <= slot.End));
    }

    [Fact]
    public void Every_session_fills_its_slot_except_the_last_of_each_kind()
    {
        var sessions = Timetable(Request(theory: 18, practice: 42));

        foreach (var kind in new[] { SessionKind.Theory, SessionKind.Practice })
        {
            var ofKind = sessions.Where(s => s.Kind == kind).ToList();
            Assert.All(ofKind[..^1], s => Assert.Contains(FullDay, slot => slot.Start == s.Start && slot.End == s.End));
        }
    }

    [Fact]
    public void The_last_session_of_each_kind_is_shorter_when_the_hours_do_not_divide_into_slots()
    {
        var sessions = Timetable(Request(theory: 10, practice: 20, slots: [Morning]));

        Assert.Equal([180, 180, 180, 60], sessions.Where(s => s.Kind == SessionKind.Theory).Select(s => s.Minutes));
        Assert.Equal([180, 180, 180, 180, 180, 180, 120], sessions.Where(s => s.Kind == SessionKind.Practice).Select(s => s.Minutes));
        var lastTheory = sessions.Last(s => s.Kind == SessionKind.Theory);
        Assert.Equal((T("09:00"), T("10:00")), (lastTheory.Start, lastTheory.End));
    }

    // ---- interleaving ----

    [Fact]
    public void Theory_leads_each_unit_and_practice_follows_in_the_courses_ratio()
    {
        // 6 h theory : 14 h practice in 2-hour slots. Theory is taken whenever its share done is not ahead of practice's.
        var sessions = Timetable(Request(theory: 6, practice: 14, slots: [TimeSlot.Parse("09:00-11:00")]));

        Assert.Equal("TPPPTPPTPP", sessions.Kinds());
    }

    [Fact]
    public void The_course_ends_on_practice_even_where_the_ratio_would_leave_theory_last()
    {
        // By the ratio alone the fifth slot would be practice and finish it (3 h owed, 4 h slot), leaving 2 h of theory to trail.
        var sessions = Timetable(Request(theory: 10, practice: 11, slots: [TimeSlot.Parse("09:00-13:00")]));

        Assert.Equal("TPPTTP", sessions.Kinds());
        Assert.Equal([240, 240, 240, 240, 120, 180], sessions.Select(s => s.Minutes));
    }

    [Theory]
    [InlineData(18, 42)]
    [InlineData(15, 35)]
    [InlineData(12, 28)]
    [InlineData(9, 21)]
    [InlineData(1, 1)]
    [InlineData(1, 99)]
    [InlineData(30, 10)]
    public void The_first_session_is_theory_and_theory_never_trails_all_practice(int theory, int practice)
    {
        var sessions = Timetable(Request(theory: theory, practice: practice));

        Assert.Equal(SessionKind.Theory, sessions[0].Kind);
        Assert.Equal(SessionKind.Practice, sessions[^1].Kind);
        Assert.Equal((theory * 60, practice * 60), (sessions.Minutes(SessionKind.Theory), sessions.Minutes(SessionKind.Practice)));
    }

    [Fact]
    public void Theory_is_spread_through_the_course_rather_than_taught_up_front()
    {
        var sessions = Timetable(Request(theory: 18, practice: 42));
        var lastTheory = sessions.Last(s => s.Kind == SessionKind.Theory).Sequence;
        var firstHalfTheory = sessions.Take(sessions.Count / 2).Minutes(SessionKind.Theory);

        Assert.True(lastTheory > sessions.Count / 2, sessions.Kinds());
        Assert.InRange(firstHalfTheory, 6 * 60, 12 * 60);
    }

    // ---- the calendar ----

    [Fact]
    public void Holidays_and_make_up_working_days_of_the_seeded_calendar_are_skipped()
    {
        var sessions = Timetable(Request(startsOn: D(9, 19), calendar: Seeded));
        var dates = sessions.Select(s => s.Date).Distinct().ToList();

        Assert.Equal([D(9, 19), D(10, 11), D(10, 17), D(10, 18)], dates.Take(4));
        Assert.DoesNotContain(D(9, 20), dates); // make-up Sunday
        Assert.DoesNotContain(D(9, 26), dates); // 中秋
        Assert.DoesNotContain(D(9, 27), dates);
        Assert.DoesNotContain(dates, d => d >= D(10, 1) && d <= D(10, 7)); // 国庆
        Assert.DoesNotContain(D(10, 10), dates); // make-up Saturday
        Assert.All(dates, d => Assert.True(Seeded.IsClassDay(d, WeekendPattern.Both)));
    }

    [Fact]
    public void A_hand_made_saturday_make_up_day_and_a_center_closure_are_skipped()
    {
        var calendar = new StatutoryCalendar([new CalendarDay(D(3, 14), CalendarDayKind.MakeUpWorkday, "调休上班")], [D(3, 21)]);

        var dates = Timetable(Request(pattern: WeekendPattern.Saturday, calendar: calendar)).Select(s => s.Date).Distinct().ToList();

        Assert.Equal([D(3, 7), D(3, 28), D(4, 4)], dates.Take(3));
        Assert.All(dates, d => Assert.Equal(DayOfWeek.Saturday, d.DayOfWeek));
    }

    [Fact]
    public void A_cohort_starting_on_a_holiday_begins_on_the_next_class_day() =>
        Assert.Equal(D(10, 11), Timetable(Request(startsOn: D(10, 3), calendar: Seeded))[0].Date);

    [Fact]
    public void The_spring_festival_of_2026_with_its_two_make_up_saturdays_is_skipped()
    {
        var dates = Timetable(Request(startsOn: D(2, 7), pattern: WeekendPattern.Saturday, calendar: Seeded)).Select(s => s.Date).Distinct();

        Assert.Equal([D(2, 7), D(3, 7), D(3, 14)], dates.Take(3)); // 14 Feb and 28 Feb are working Saturdays, 21 Feb is 春节
    }

    // ---- venues and instructors ----

    [Fact]
    public void The_cohorts_venue_smaller_than_its_capacity_is_refused()
    {
        var e = Assert.ThrowsAny<RuleViolation>(() => TimetableGenerator.Generate(Request() with { VenueId = 1, Capacity = 35 }));

        Assert.Equal("timetable.venue-too-small", e.Code);
        Assert.Equal("venueId", e.Field);
    }

    [Fact]
    public void A_center_without_a_venue_large_enough_is_refused() =>
        Assert.Equal("timetable.no-venue-large-enough",
            Assert.ThrowsAny<RuleViolation>(() => TimetableGenerator.Generate(Request() with { Capacity = 41 })).Code);

    [Fact]
    public void A_venue_smaller_than_the_capacity_is_never_chosen()
    {
        var sessions = Timetable(Request() with { Venues = [new VenueOption(1, 10), new VenueOption(2, 40)] });

        Assert.All(sessions, s => Assert.Equal(2, s.VenueId));
    }

    [Fact]
    public void Inactive_instructors_are_never_chosen_and_cannot_lead()
    {
        var instructors = new[] { new InstructorOption(11, Active: false), new InstructorOption(12) };

        Assert.All(Timetable(Request() with { Instructors = instructors }), s => Assert.Equal(12, s.InstructorId));
        Assert.Equal("timetable.instructor-inactive",
            Assert.ThrowsAny<RuleViolation>(() => TimetableGenerator.Generate(Request() with { Instructors = instructors, InstructorId = 11 })).Code);
        Assert.Equal("timetable.no-instructor",
            Assert.ThrowsAny<RuleViolation>(() => TimetableGenerator.Generate(Request() with { Instructors = [instructors[0]] })).Code);
    }

    [Fact]
    public void The_cohort_keeps_one_venue_and_one_instructor_when_they_are_free_throughout()
    {
        var bookings = new CenterBookings([new BookedSession(7, 1, 11, D(3, 8), T("09:00"), T("12:00"))]);

        var sessions = Timetable(Request(bookings: bookings));

        Assert.All(sessions, s => Assert.Equal((2, 12), (s.VenueId, s.InstructorId)));
    }

    [Fact]
    public void Another_venue_stands_in_only_where_the_cohorts_usual_one_is_booked()
    {
        var bookings = new CenterBookings([
            new BookedSession(7, 1, 99, D(3, 7), T("09:00"), T("12:00")),
            new BookedSession(8, 2, 98, D(3, 7), T("13:30"), T("17:30")),
            new BookedSession(8, 2, 98, D(3, 8), T("09:00"), T("12:00")),
        ]);

        var sessions = Timetable(Request(bookings: bookings));

        Assert.Equal(2, sessions[0].VenueId);
        Assert.All(sessions.Skip(1), s => Assert.Equal(1, s.VenueId));
    }

    [Fact]
    public void The_cohorts_own_earlier_sessions_do_not_clash_with_its_new_timetable()
    {
        var first = Timetable(Request() with { VenueId = 1, InstructorId = 11 });
        var bookings = new CenterBookings();
        bookings.AddTimetable(100, first);

        Assert.Equal(first, Timetable(Request(bookings: bookings) with { VenueId = 1, InstructorId = 11 }));
    }

    // ---- clashes across cohorts ----

    [Fact]
    public void A_booked_venue_gives_a_conflict_report_naming_the_cohort_and_suggesting_alternatives_instead_of_a_timetable()
    {
        var bookings = new CenterBookings([
            new BookedSession(7, 1, 99, D(3, 7), T("09:00"), T("12:00")),
            new BookedSession(7, 1, 99, D(3, 8), T("14:00"), T("16:00")),
        ]);

        var result = TimetableGenerator.Generate(Request(bookings: bookings) with { VenueId = 1 });

        Assert.False(result.Succeeded);
        Assert.Empty(result.Sessions);
        var report = result.Conflicts;
        Assert.Equal(100, report.CohortId);
        Assert.Equal([(D(3, 7), T("09:00"), T("12:00")), (D(3, 8), T("13:30"), T("17:30"))], report.Conflicts.Select(c => (c.Date, c.Start, c.End)));
        Assert.Equal(SessionKind.Theory, report.Conflicts[0].Kind);
        Assert.All(report.Conflicts, c => Assert.Equal(new Clash(ClashReason.VenueBooked, VenueId: 1, ByCohortId: 7), Assert.Single(c.Clashes)));
        Assert.All(report.Conflicts, c => Assert.Contains(new Suggestion(SuggestionKind.OtherVenue, VenueId: 2), c.Suggestions));

        var nextSlots = report.Conflicts.Select(c => Assert.Single(c.Suggestions, s => s.Kind == SuggestionKind.NextFreeSlot)).ToList();
        var planned = Timetable(Request() with { VenueId = 1 });
        Assert.All(nextSlots, s => Assert.True(s.Date >= planned[^1].Date && !planned.Any(p => p.Date == s.Date && p.Start == s.Start),
            $"{s} is a slot the cohort already uses or lies before its last day {planned[^1].Date}"));
        Assert.All(nextSlots, s => Assert.Equal(1, s.VenueId));
        Assert.NotEqual((nextSlots[0].Date, nextSlots[0].Start), (nextSlots[1].Date, nextSlots[1].Start));

        Assert.Contains("venue 1 is booked by cohort 7", report.ToString());
        Assert.Contains("use venue 2", report.ToString());
    }

    [Fact]
    public void A_booked_lead_instructor_gives_a_conflict_suggesting_a_free_colleague()
    {
        var bookings = new CenterBookings([new BookedSession(7, 5, 11, D(3, 7), T("13:00"), T("14:00"))]);

        var result = TimetableGenerator.Generate(Request(bookings: bookings) with { InstructorId = 11 });

        var conflict = Assert.Single(result.Conflicts!.Conflicts);
        Assert.Equal((D(3, 7), T("13:30")), (conflict.Date, conflict.Start));
        Assert.Equal(new Clash(ClashReason.InstructorBooked, InstructorId: 11, ByCohortId: 7), Assert.Single(conflict.Clashes));
        Assert.Contains(new Suggestion(SuggestionKind.OtherInstructor, InstructorId: 12), conflict.Suggestions);
        Assert.Contains("instructor 11 teaches cohort 7", conflict.ToString());
    }

    [Fact]
    public void When_every_instructor_is_booked_the_report_says_no_instructor_is_free()
    {
        var bookings = new CenterBookings([
            new BookedSession(7, 5, 11, D(3, 8), T("09:00"), T("17:30")),
            new BookedSession(8, 6, 12, D(3, 8), T("11:00"), T("14:00")),
        ]);

        var conflicts = TimetableGenerator.Generate(Request(bookings: bookings)).Conflicts!.Conflicts;

        Assert.Equal([T("09:00"), T("13:30")], conflicts.Select(c => c.Start));
        Assert.All(conflicts, c => Assert.Equal(new Clash(ClashReason.NoFreeInstructor), Assert.Single(c.Clashes)));
        Assert.All(conflicts, c => Assert.Equal(SuggestionKind.NextFreeSlot, Assert.Single(c.Suggestions).Kind));
    }

    [Fact]
    public void A_clash_on_venue_and_instructor_at_once_lists_both()
    {
        var bookings = new CenterBookings([new BookedSession(7, 1, 11, D(3, 7), T("09:00"), T("10:00"))]);

        var conflict = Assert.Single(TimetableGenerator.Generate(Request(bookings: bookings) with { VenueId = 1, InstructorId = 11 }).Conflicts!.Conflicts);

        Assert.Equal([ClashReason.VenueBooked, ClashReason.InstructorBooked], conflict.Clashes.Select(c => c.Reason));
        Assert.Equal([SuggestionKind.OtherVenue, SuggestionKind.OtherInstructor, SuggestionKind.NextFreeSlot], conflict.Suggestions.Select(s => s.Kind));
    }

    [Fact]
    public void Sessions_that_only_touch_a_booking_do_not_clash()
    {
        var bookings = new CenterBookings([
            new BookedSession(7, 1, 11, D(3, 7), T("08:00"), T("09:00")),
            new BookedSession(7, 1, 11, D(3, 7), T("12:00"), T("13:30")),
        ]);

        Assert.True(TimetableGenerator.Generate(Request(bookings: bookings) with { VenueId = 1, InstructorId = 11 }).Succeeded);
    }

    [Fact]
    public void Skipping_booked_slots_carries_the_course_on_to_the_next_free_slot()
    {
        var bookings = new CenterBookings([new BookedSession(7, 1, 99, D(3, 7), T("09:00"), T("12:00"))]);

        var result = TimetableGenerator.Generate(Request(bookings: bookings) with { VenueId = 1, SkipBookedSlots = true });

        Assert.True(result.Succeeded);
        Assert.Equal((D(3, 7), T("13:30"), SessionKind.Theory), (result.Sessions[0].Date, result.Sessions[0].Start, result.Sessions[0].Kind));
        var skipped = Assert.Single(result.SkippedSlots);
        Assert.Equal((D(3, 7), T("09:00")), (skipped.Date, skipped.Start));
        Assert.Equal((18 * 60, 42 * 60), (result.Sessions.Minutes(SessionKind.Theory), result.Sessions.Minutes(SessionKind.Practice)));
        Assert.Equal(Enumerable.Range(1, result.Sessions.Count), result.Sessions.Select(s => s.Sequence));
    }

    [Fact]
    public void Cohorts_generated_one_after_another_share_the_centers_rooms_and_people_without_double_booking()
    {
        var bookings = new CenterBookings();
        var all = new List<BookedSession>();
        TimetableRequest NextCohort(int id) => Request(bookings: bookings, cohortId: id) with
        {
            Venues = [.. Enumerable.Range(1, 4).Select(v => new VenueOption(v, 40))],
            Instructors = [.. Enumerable.Range(11, 4).Select(i => new InstructorOption(i))],
        };
        for (var cohort = 1; cohort <= 4; cohort++)
        {
            var sessions = Timetable(NextCohort(cohort));
            bookings.AddTimetable(cohort, sessions);
            all.AddRange(sessions.Select(s => s.ToBooking(cohort)));
        }

        AssertNoDoubleBooking(all);
        Assert.Equal(4, all.Select(s => (s.VenueId, s.InstructorId)).Distinct().Count());
        var fifth = TimetableGenerator.Generate(NextCohort(5));
        Assert.All(fifth.Conflicts!.Conflicts, c => Assert.Equal(ClashReason.NoFreeVenue, c.Clashes[0].Reason));
    }

    // ---- progress and input ----

    [Fact]
    public void Progress_rises_to_100_when_the_timetable_is_ready()
    {
        var progress = new Recorder();

        TimetableGenerator.Generate(Request(), progress);

        Assert.NotEmpty(progress.Values);
        Assert.Equal(progress.Values.Order(), progress.Values);
        Assert.Equal(progress.Values.Distinct(), progress.Values);
        Assert.Equal(100, progress.Values[^1]);
    }

    [Theory]
    [InlineData(0, 0, "timetable.hours")]
    [InlineData(-1, 10, "timetable.hours")]
    public void Hours_must_add_up_to_something(int theory, int practice, string code) =>
        Assert.Equal(code, Assert.ThrowsAny<RuleViolation>(() => TimetableGenerator.Generate(Request(theory: theory, practice: practice))).Code);

    [Fact]
    public void A_pattern_without_weekend_days_and_overlapping_slots_are_refused()
    {
        Assert.Equal("timetable.pattern", Assert.ThrowsAny<RuleViolation>(() => TimetableGenerator.Generate(Request(pattern: WeekendPattern.None))).Code);
        Assert.Equal("slot.overlap", Assert.ThrowsAny<RuleViolation>(() =>
            TimetableGenerator.Generate(Request(slots: [Morning, TimeSlot.Parse("11:00-13:00")]))).Code);
    }

    [Fact]
    public void A_request_is_made_from_a_cohort_and_its_course()
    {
        var course = new Course(1, Course.AiTrainerOccupation, 5, "五级周末班", 18, 42, 2600m, null, TheoryShareBand.Default);
        var cohort = new Cohort(course, March7, WeekendPattern.Saturday, FullDay, 25, venue: null);
        Venue[] venues = [new Venue(1, "A101", 30, null), new Venue(2, "Other center", 90, null)];
        typeof(Venue).GetProperty(nameof(Venue.Id))!.SetValue(venues[0], 3);

        var request = TimetableRequest.ForCohort(cohort, course, venues, [new Instructor(1, "王老师", 3, null)], Seeded, new CenterBookings());

        Assert.Equal((March7, WeekendPattern.Saturday, 18, 42, 25, (int?)null), (request.StartsOn, request.Pattern, request.TheoryHours, request.PracticeHours, request.Capacity, request.VenueId));
        Assert.Equal(FullDay, request.Slots);
        Assert.Equal([new VenueOption(3, 30)], request.Venues); // the other center's venue is not offered
        Assert.True(TimetableGenerator.Generate(request).Succeeded);
    }

    private sealed class Recorder : IProgress<int>
    {
        public List<int> Values { get; } = [];
        public void Report(int value) => Values.Add(value);
    }
}
