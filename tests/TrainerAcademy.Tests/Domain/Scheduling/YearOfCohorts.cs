using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Tests.Domain.Scheduling;

/// <summary>
/// The load: a year of timetables for 500 cohorts across 20 centers (6 venues and 9 active instructors each),
/// each cohort planned against every timetable its center already holds. A cohort whose first attempt gets a conflict
/// report is generated again with <see cref="TimetableRequest.SkipBookedSlots"/>, as staff accepting the report's
/// "next free slot" suggestions would. Kept free of xUnit so a benchmark can run the same work.
/// </summary>
public static class YearOfCohorts
{
    public sealed record Center(int Id, IReadOnlyList<VenueOption> Venues, IReadOnlyList<InstructorOption> Instructors, CenterBookings Bookings);

    /// <param name="ConflictReports">How many cohorts got a conflict report on their first attempt.</param>
    public sealed record Outcome(int Cohorts, int Timetables, int ConflictReports, int Sessions, IReadOnlyList<Center> Centers, IReadOnlyList<(int CohortId, TimetableRequest Request, TimetableResult Result)> Results);

    private static readonly (int Theory, int Practice)[] LevelHours = [(18, 42), (15, 35), (12, 28), (12, 28), (9, 21)];

    private static readonly TimeSlot[][] SlotChoices =
    [
        [TimeSlot.Parse("09:00-12:00"), TimeSlot.Parse("13:30-17:30")],
        [TimeSlot.Parse("09:00-12:00"), TimeSlot.Parse("13:00-16:00")],
        [TimeSlot.Parse("08:30-11:30"), TimeSlot.Parse("13:30-17:30"), TimeSlot.Parse("18:30-20:30")],
        [TimeSlot.Parse("09:00-12:00")],
        [TimeSlot.Parse("13:30-17:30")],
    ];

    public static Outcome Run(StatutoryCalendar calendar, int centers = 20, int cohorts = 500, int seed = 2026)
    {
        var random = new Random(seed);
        var centerList = Enumerable.Range(1, centers).Select(c => new Center(
            c,
            [.. Enumerable.Range(1, 6).Select(v => new VenueOption(c * 100 + v, 20 + 10 * v))],
            [.. Enumerable.Range(1, 10).Select(i => new InstructorOption(c * 100 + i, Active: i != 10))],
            new CenterBookings())).ToList();

        var firstSaturday = new DateOnly(2026, 1, 3);
        var requests = Enumerable.Range(1, cohorts).Select(id =>
        {
            var center = centerList[(id - 1) % centers];
            var pattern = (WeekendPattern)random.Next(1, 4);
            var start = firstSaturday.AddDays(7 * random.Next(0, 48) + (pattern == WeekendPattern.Sunday ? 1 : 0));
            var (theory, practice) = LevelHours[random.Next(LevelHours.Length)];
            return (Center: center, Request: new TimetableRequest
            {
                CohortId = id,
                StartsOn = start,
                Pattern = pattern,
                Slots = SlotChoices[random.Next(SlotChoices.Length)],
                TheoryHours = theory,
                PracticeHours = practice,
                Capacity = random.Next(10, 46),
                Venues = center.Venues,
                Instructors = center.Instructors,
                Calendar = calendar,
                Bookings = center.Bookings,
            });
        }).OrderBy(r => r.Request.StartsOn).ToList();

        var results = new List<(int, TimetableRequest, TimetableResult)>(cohorts);
        int timetables = 0, conflicts = 0, sessions = 0;
        foreach (var (center, request) in requests)
        {
            var result = TimetableGenerator.Generate(request);
            if (!result.Succeeded)
            {
                conflicts++;
                result = TimetableGenerator.Generate(request with { SkipBookedSlots = true });
            }
            if (result.Succeeded)
            {
                center.Bookings.AddTimetable(request.CohortId, result.Sessions);
                timetables++;
                sessions += result.Sessions.Count;
            }
            results.Add((request.CohortId, request, result));
        }
        return new Outcome(cohorts, timetables, conflicts, sessions, centerList, results);
    }
}
