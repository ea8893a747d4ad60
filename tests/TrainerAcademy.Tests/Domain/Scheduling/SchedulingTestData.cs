using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Tests.Domain.Scheduling;

/// <summary>Requests, calendars and checks shared by the scheduling tests.</summary>
internal static class SchedulingTestData
{
    public static readonly TimeSlot Morning = TimeSlot.Parse("09:00-12:00");
    public static readonly TimeSlot Afternoon = TimeSlot.Parse("13:30-17:30");
    public static readonly TimeSlot[] FullDay = [Morning, Afternoon];

    /// <summary>A Saturday with no holiday near it.</summary>
    public static readonly DateOnly March7 = new(2026, 3, 7);

    public static readonly StatutoryCalendar Seeded = StatutoryCalendarSeed.ReadEmbedded().ToCalendar();

    /// <summary>18 theory + 42 practice hours (the level-5 course), Saturdays and Sundays, 09:00-12:00 and 13:30-17:30, 20 seats, venues 1 (30 seats) and 2 (40), instructors 11 and 12.</summary>
    public static TimetableRequest Request(DateOnly? startsOn = null, WeekendPattern pattern = WeekendPattern.Both, StatutoryCalendar? calendar = null,
        CenterBookings? bookings = null, int theory = 18, int practice = 42, IReadOnlyList<TimeSlot>? slots = null, int cohortId = 100) => new()
    {
        CohortId = cohortId,
        StartsOn = startsOn ?? March7,
        Pattern = pattern,
        Slots = slots ?? FullDay,
        TheoryHours = theory,
        PracticeHours = practice,
        Capacity = 20,
        Venues = [new VenueOption(1, 30), new VenueOption(2, 40)],
        Instructors = [new InstructorOption(11), new InstructorOption(12)],
        Calendar = calendar ?? StatutoryCalendar.Empty,
        Bookings = bookings ?? new CenterBookings(),
    };

    public static IReadOnlyList<PlannedSession> Timetable(TimetableRequest request)
    {
        var result = TimetableGenerator.Generate(request);
        Assert.True(result.Succeeded, result.Conflicts?.ToString());
        return result.Sessions;
    }

    public static int Minutes(this IEnumerable<PlannedSession> sessions, SessionKind kind) => sessions.Where(s => s.Kind == kind).Sum(s => s.Minutes);

    public static string Kinds(this IEnumerable<PlannedSession> sessions) => string.Concat(sessions.Select(s => s.Kind == SessionKind.Theory ? 'T' : 'P'));

    /// <summary>
    /// Fails when two sessions hold one venue, or one instructor, at the same time. Sessions of
    /// <paramref name="background"/> are checked against the others but not among themselves (random test bookings may overlap).
    /// </summary>
    public static void AssertNoDoubleBooking(IEnumerable<BookedSession> sessions, IEnumerable<BookedSession>? background = null)
    {
        var all = sessions.Select(s => (Session: s, Background: false)).Concat((background ?? []).Select(s => (Session: s, Background: true))).ToList();
        foreach (var (what, key) in new (string, Func<BookedSession, int>)[] { ("venue", s => s.VenueId), ("instructor", s => s.InstructorId) })
            foreach (var group in all.GroupBy(x => (key(x.Session), x.Session.Date)))
            {
                var day = group.ToList();
                for (var i = 0; i < day.Count; i++)
                    for (var j = i + 1; j < day.Count; j++)
                    {
                        var (a, b) = (day[i].Session, day[j].Session);
                        Assert.False(!(day[i].Background && day[j].Background) && a.Overlaps(b.Start, b.End),
                            $"{what} {group.Key.Item1} is double-booked on {group.Key.Date:yyyy-MM-dd}: cohort {a.CohortId} {a.Start}-{a.End} and cohort {b.CohortId} {b.Start}-{b.End}");
                    }
            }
    }
}
