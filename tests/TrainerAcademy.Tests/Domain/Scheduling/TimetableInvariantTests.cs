using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;
using static TrainerAcademy.Tests.Domain.Scheduling.SchedulingTestData;

namespace TrainerAcademy.Tests.Domain.Scheduling;

/// <summary>
/// Property-style checks: many random cohorts, centers and calendars (a seeded Random, so a failure replays), and the
/// invariants every generated timetable and every change must keep.
/// </summary>
public class TimetableInvariantTests
{
    private const int OtherCohorts = 20;

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40).Select(i => i * 7919)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_random_request_gives_an_exact_clash_free_timetable_on_class_days_or_an_honest_conflict_report(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 10; round++)
        {
            var (request, booked) = RandomRequest(random);
            var result = TimetableGenerator.Generate(request);

            if (result.Succeeded) AssertValidTimetable(request, booked, result.Sessions);
            else AssertHonestReport(request, result);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_changes_keep_the_hours_whole_and_never_double_book(int seed)
    {
        var random = new Random(seed);
        var (request, booked) = RandomRequest(random);
        var result = TimetableGenerator.Generate(request with { SkipBookedSlots = true });
        if (!result.Succeeded) return;
        var timetable = new CohortTimetable(request.CohortId, request.Pattern, request.Slots, request.Calendar, result.Sessions);

        for (var change = 0; change < 15; change++)
        {
            var session = timetable.Sessions[random.Next(timetable.Sessions.Count)];
            var before = (timetable.TheoryMinutes, timetable.PracticeMinutes);
            try
            {
                var edit = random.Next(3) switch
                {
                    0 => timetable.Move(session.Sequence, RandomDate(random, request.StartsOn, 200), request.Slots[random.Next(request.Slots.Count)].Start, request.Bookings),
                    1 => timetable.Cancel(session.Sequence, request.Bookings),
                    _ => timetable.Restaff(session.Sequence, request.Instructors[random.Next(request.Instructors.Count)], request.Bookings),
                };
                timetable = edit.Timetable;
            }
            catch (RuleViolation)
            {
                // A refused change (holiday, clash, inactive instructor) leaves the timetable as it was.
            }

            Assert.Equal(before, (timetable.TheoryMinutes, timetable.PracticeMinutes));
            Assert.All(timetable.Sessions, s => Assert.True(request.Calendar.IsClassDay(s.Date, request.Pattern)));
            AssertNoDoubleBooking(timetable.Sessions.Select(s => s.ToBooking(request.CohortId)), background: booked);
        }
    }

    [Fact]
    public void A_year_of_500_cohorts_across_20_centers_gets_timetables_that_never_double_book()
    {
        var outcome = YearOfCohorts.Run(Seeded);

        Assert.Equal(500, outcome.Timetables);
        Assert.InRange(outcome.ConflictReports, 1, 50); // busy weekends do clash; those cohorts were generated around the bookings
        foreach (var (cohortId, request, result) in outcome.Results)
        {
            Assert.Equal(request.TheoryHours * 60, result.Sessions.Minutes(SessionKind.Theory));
            Assert.Equal(request.PracticeHours * 60, result.Sessions.Minutes(SessionKind.Practice));
            Assert.All(result.Sessions, s => Assert.True(Seeded.IsClassDay(s.Date, request.Pattern), $"cohort {cohortId} meets on {s.Date}"));
        }
        foreach (var center in outcome.Centers)
            AssertNoDoubleBooking(outcome.Results
                .Where(r => r.Request.Bookings == center.Bookings)
                .SelectMany(r => r.Result.Sessions.Select(s => s.ToBooking(r.CohortId))));
    }

    private static (TimetableRequest Request, List<BookedSession> Booked) RandomRequest(Random random)
    {
        var pattern = (WeekendPattern)random.Next(1, 4);
        var start = RandomDate(random, new DateOnly(2026, 1, 1), 600);
        var slots = RandomSlots(random);
        var venues = Enumerable.Range(1, random.Next(1, 5)).Select(v => new VenueOption(v, random.Next(10, 61))).ToList();
        var instructors = Enumerable.Range(11, random.Next(1, 5)).Select(i => new InstructorOption(i, random.Next(5) > 0)).ToList();
        if (!instructors.Any(i => i.Active)) instructors[0] = instructors[0] with { Active = true };
        var capacity = random.Next(1, venues.Max(v => v.Capacity) + 1);
        var closures = Enumerable.Range(0, random.Next(0, 6)).Select(_ => RandomDate(random, start, 120));

        var booked = new List<BookedSession>();
        for (var i = random.Next(0, 60); i > 0; i--)
        {
            var from = new TimeOnly(random.Next(8, 20), random.Next(0, 60));
            booked.Add(new BookedSession(random.Next(1, OtherCohorts + 1), random.Next(1, 5), random.Next(11, 15),
                RandomDate(random, start, 120), from, from.AddMinutes(random.Next(30, 240))));
        }
        var large = venues.Where(v => v.Capacity >= capacity).ToList();
        var active = instructors.Where(i => i.Active).ToList();

        var request = new TimetableRequest
        {
            CohortId = 1000,
            StartsOn = start,
            Pattern = pattern,
            Slots = slots,
            TheoryHours = random.Next(0, 31),
            PracticeHours = random.Next(1, 61),
            Capacity = capacity,
            Venues = venues,
            Instructors = instructors,
            VenueId = random.Next(3) == 0 ? large[random.Next(large.Count)].Id : null,
            InstructorId = random.Next(3) == 0 ? active[random.Next(active.Count)].Id : null,
            Calendar = Seeded.WithClosures(closures),
            Bookings = new CenterBookings(booked.Where(b => b.End > b.Start)),
            SkipBookedSlots = random.Next(4) == 0,
        };
        return (request, booked.Where(b => b.End > b.Start).ToList());
    }

    private static IReadOnlyList<TimeSlot> RandomSlots(Random random)
    {
        var slots = new List<TimeSlot>();
        var cursor = new TimeOnly(8, 0).AddMinutes(random.Next(0, 90));
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var end = cursor.AddMinutes(random.Next(60, 241));
            if (end <= cursor) break;
            slots.Add(new TimeSlot(cursor, end));
            var next = end.AddMinutes(random.Next(0, 91));
            if (next < end || next > new TimeOnly(21, 0)) break;
            cursor = next;
        }
        return slots;
    }

    private static DateOnly RandomDate(Random random, DateOnly from, int days) => from.AddDays(random.Next(0, days));

    private static void AssertValidTimetable(TimetableRequest request, List<BookedSession> booked, IReadOnlyList<PlannedSession> sessions)
    {
        Assert.Equal(request.TheoryHours * 60, sessions.Minutes(SessionKind.Theory));
        Assert.Equal(request.PracticeHours * 60, sessions.Minutes(SessionKind.Practice));
        Assert.Equal(Enumerable.Range(1, sessions.Count), sessions.Select(s => s.Sequence));
        Assert.Equal(sessions.OrderBy(s => s.Date).ThenBy(s => s.Start), sessions);
        Assert.Equal(request.TheoryHours > 0 ? SessionKind.Theory : SessionKind.Practice, sessions[0].Kind);
        Assert.Equal(SessionKind.Practice, sessions[^1].Kind);

        foreach (var s in sessions)
        {
            Assert.True(s.Date >= request.StartsOn);
            Assert.True(request.Calendar.IsClassDay(s.Date, request.Pattern), $"{s.Date} is not a class day");
            Assert.Contains(request.Slots, slot => slot.Start == s.Start && s.End <= slot.End);
            Assert.True(request.Venues.Single(v => v.Id == s.VenueId).Capacity >= request.Capacity);
            Assert.True(request.Instructors.Single(i => i.Id == s.InstructorId).Active);
            if (request.VenueId is { } venue) Assert.Equal(venue, s.VenueId);
            if (request.InstructorId is { } instructor) Assert.Equal(instructor, s.InstructorId);
        }
        foreach (var kind in new[] { SessionKind.Theory, SessionKind.Practice })
            Assert.All(sessions.Where(s => s.Kind == kind).SkipLast(1), s => Assert.Contains(request.Slots, slot => slot.Start == s.Start && slot.End == s.End));

        AssertNoDoubleBooking(sessions.Select(s => s.ToBooking(request.CohortId)), background: booked);
    }

    private static void AssertHonestReport(TimetableRequest request, TimetableResult result)
    {
        Assert.Empty(result.Sessions);
        Assert.NotEmpty(result.Conflicts!.Conflicts);
        var bookings = request.Bookings;
        var large = request.Venues.Where(v => v.Capacity >= request.Capacity).Select(v => v.Id).ToList();
        var active = request.Instructors.Where(i => i.Active).Select(i => i.Id).ToList();

        foreach (var c in result.Conflicts.Conflicts)
        {
            Assert.True(request.Calendar.IsClassDay(c.Date, request.Pattern));
            foreach (var clash in c.Clashes)
            {
                switch (clash.Reason)
                {
                    case ClashReason.VenueBooked:
                        Assert.Equal(clash.ByCohortId, bookings.VenueClash(clash.VenueId!.Value, c.Date, c.Start, c.End, request.CohortId)?.CohortId);
                        break;
                    case ClashReason.InstructorBooked:
                        Assert.Equal(clash.ByCohortId, bookings.InstructorClash(clash.InstructorId!.Value, c.Date, c.Start, c.End, request.CohortId)?.CohortId);
                        break;
                    case ClashReason.NoFreeVenue:
                        Assert.All(large, v => Assert.NotNull(bookings.VenueClash(v, c.Date, c.Start, c.End, request.CohortId)));
                        break;
                    case ClashReason.NoFreeInstructor:
                        Assert.All(active, i => Assert.NotNull(bookings.InstructorClash(i, c.Date, c.Start, c.End, request.CohortId)));
                        break;
                }
            }
            foreach (var s in c.Suggestions)
            {
                var (date, start, end) = s.Kind == SuggestionKind.NextFreeSlot ? (s.Date!.Value, s.Start!.Value, s.End!.Value) : (c.Date, c.Start, c.End);
                if (s.Kind == SuggestionKind.NextFreeSlot)
                {
                    Assert.True(request.Calendar.IsClassDay(date, request.Pattern));
                    Assert.True((date, start).CompareTo((c.Date, c.Start)) > 0);
                    Assert.Equal(c.End - c.Start, end - start);
                }
                if (s.VenueId is { } v)
                {
                    Assert.Contains(v, large);
                    Assert.Null(bookings.VenueClash(v, date, start, end, request.CohortId));
                }
                if (s.InstructorId is { } i)
                {
                    Assert.Contains(i, active);
                    Assert.Null(bookings.InstructorClash(i, date, start, end, request.CohortId));
                }
            }
        }
    }
}
