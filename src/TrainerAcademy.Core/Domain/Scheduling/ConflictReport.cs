using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace TrainerAcademy.Domain.Scheduling;

public enum ClashReason
{
    /// <summary>The cohort's own venue is taken by another cohort at that time.</summary>
    VenueBooked,

    /// <summary>The cohort's lead instructor teaches another cohort at that time.</summary>
    InstructorBooked,

    /// <summary>Every venue large enough for the cohort is taken.</summary>
    NoFreeVenue,

    /// <summary>Every active instructor is taken.</summary>
    NoFreeInstructor,
}

/// <summary>What stands in a session's way. <see cref="ByCohortId"/> is the cohort holding the venue or instructor, when one does.</summary>
public sealed record Clash(ClashReason Reason, int? VenueId = null, int? InstructorId = null, int? ByCohortId = null)
{
    public override string ToString() => Reason switch
    {
        ClashReason.VenueBooked => $"venue {VenueId} is booked by cohort {ByCohortId}",
        ClashReason.InstructorBooked => $"instructor {InstructorId} teaches cohort {ByCohortId}",
        ClashReason.NoFreeVenue => "no venue large enough is free",
        _ => "no instructor is free",
    };
}

public enum SuggestionKind
{
    /// <summary>Hold the session in <see cref="Suggestion.VenueId"/> instead: free then, and large enough.</summary>
    OtherVenue,

    /// <summary>Let <see cref="Suggestion.InstructorId"/> teach the session: active and free then.</summary>
    OtherInstructor,

    /// <summary>Hold the session on the next class-day slot the cohort does not use where its venue and an instructor are free.</summary>
    NextFreeSlot,
}

public sealed record Suggestion(SuggestionKind Kind, int? VenueId = null, int? InstructorId = null, DateOnly? Date = null, TimeOnly? Start = null, TimeOnly? End = null)
{
    public override string ToString() => Kind switch
    {
        SuggestionKind.OtherVenue => $"use venue {VenueId}",
        SuggestionKind.OtherInstructor => $"let instructor {InstructorId} teach",
        _ => $"hold it on {Date:yyyy-MM-dd} {Start:HH\\:mm}-{End:HH\\:mm} (venue {VenueId}, instructor {InstructorId})",
    };
}

/// <summary>One session the generator could not place, with what clashed and what staff could do instead.</summary>
public sealed record SessionConflict(DateOnly Date, TimeOnly Start, TimeOnly End, SessionKind Kind, IReadOnlyList<Clash> Clashes, IReadOnlyList<Suggestion> Suggestions)
{
    public override string ToString() =>
        $"{Date:yyyy-MM-dd} ({Date.DayOfWeek}) {Start:HH\\:mm}-{End:HH\\:mm} {Kind}: {string.Join("; ", Clashes)}"
        + (Suggestions.Count == 0 ? "" : $". Instead: {string.Join(", or ", Suggestions)}");
}

/// <summary>
/// Why a cohort got no timetable: every session that clashed, in date order. The generator never returns part of a
/// timetable, so staff fix the clashes (or accept <see cref="SuggestionKind.NextFreeSlot"/> by generating with
/// <see cref="TimetableRequest.SkipBookedSlots"/>) and generate again.
/// </summary>
public sealed record ConflictReport(int CohortId, int SessionsPlanned, IReadOnlyList<SessionConflict> Conflicts)
{
    public override string ToString()
    {
        var text = new StringBuilder($"{Conflicts.Count} of {SessionsPlanned} sessions of cohort {CohortId} clash:");
        foreach (var c in Conflicts) text.Append('\n').Append("- ").Append(c);
        return text.ToString();
    }
}

/// <summary>Either a complete timetable or a conflict report, never both and never part of a timetable.</summary>
public sealed class TimetableResult
{
    private TimetableResult(IReadOnlyList<PlannedSession> sessions, IReadOnlyList<SessionConflict> skipped, ConflictReport? conflicts,
        IReadOnlyList<DateOnly> uncoveredDates)
    {
        Sessions = sessions;
        UncoveredDates = uncoveredDates;
        SkippedSlots = skipped;
        Conflicts = conflicts;
    }

    /// <summary>The timetable in date order; empty when <see cref="Conflicts"/> is set.</summary>
    public IReadOnlyList<PlannedSession> Sessions { get; }

    /// <summary>Class-day slots left out because they were booked, when the request said to skip them.</summary>
    public IReadOnlyList<SessionConflict> SkippedSlots { get; }

    public ConflictReport? Conflicts { get; }

    /// <summary>The session dates in years whose statutory calendar is not yet published, in order.</summary>
    public IReadOnlyList<DateOnly> UncoveredDates { get; }

    /// <summary>
    /// True when sessions fall in a year whose holidays are not yet published: they were planned on its weekends as
    /// if none were holidays, and may clash once the year is published.
    /// </summary>
    public bool Provisional => UncoveredDates.Count > 0;

    [MemberNotNullWhen(false, nameof(Conflicts))]
    public bool Succeeded => Conflicts is null;

    internal static TimetableResult Success(IReadOnlyList<PlannedSession> sessions, IReadOnlyList<SessionConflict> skipped, StatutoryCalendar calendar) =>
        new(sessions, skipped, null, calendar.Uncovered(sessions.Select(s => s.Date)));

    internal static TimetableResult Failure(ConflictReport report) => new([], [], report, []);
}
