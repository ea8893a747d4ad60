namespace TrainerAcademy.Domain.Scheduling;

public enum SessionKind
{
    Theory,
    Practice,
}

/// <summary>
/// One class of a cohort's timetable, in the center's local time (Asia/Shanghai). <see cref="Sequence"/> is the
/// session's number in the cohort: given in date order at generation, kept when the session moves, never reused.
/// </summary>
public sealed record PlannedSession(int Sequence, DateOnly Date, TimeOnly Start, TimeOnly End, SessionKind Kind, int VenueId, int InstructorId)
{
    public int Minutes => (int)(End - Start).TotalMinutes;

    public bool Overlaps(DateOnly date, TimeOnly start, TimeOnly end) => Date == date && Start < end && start < End;

    public BookedSession ToBooking(int cohortId) => new(cohortId, VenueId, InstructorId, Date, Start, End);
}

/// <summary>A session already in the center's timetables, as far as clashes are concerned: who, where, when (local time).</summary>
public sealed record BookedSession(int CohortId, int VenueId, int InstructorId, DateOnly Date, TimeOnly Start, TimeOnly End)
{
    public bool Overlaps(TimeOnly start, TimeOnly end) => Start < end && start < End;
}

/// <summary>A room the generator may use: its id and how many it seats.</summary>
public sealed record VenueOption(int Id, int Capacity)
{
    public static VenueOption From(Venue venue) => new(venue.Id, venue.Capacity);
}

/// <summary>An instructor the generator may staff; inactive ones are never chosen.</summary>
public sealed record InstructorOption(int Id, bool Active = true)
{
    public static InstructorOption From(Instructor instructor) => new(instructor.Id, instructor.Active);
}
