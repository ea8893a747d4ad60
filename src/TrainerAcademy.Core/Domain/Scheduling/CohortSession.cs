namespace TrainerAcademy.Domain.Scheduling;

public enum SessionStatus
{
    Scheduled,
    Cancelled,
}

/// <summary>
/// One stored session of a cohort's timetable. <see cref="Date"/>, <see cref="Start"/> and <see cref="End"/> are
/// China local time; <see cref="StartsAt"/> and <see cref="EndsAt"/> are the same moments in UTC (China keeps +08:00
/// all year, without daylight saving).
/// </summary>
public class CohortSession : ICenterOwned
{
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    private CohortSession() { }

    public CohortSession(int cohortId, int centerId, PlannedSession planned)
    {
        CohortId = cohortId;
        CenterId = centerId;
        Sequence = planned.Sequence;
        Date = planned.Date;
        Start = planned.Start;
        End = planned.End;
        StartsAt = ToUtc(planned.Date, planned.Start);
        EndsAt = ToUtc(planned.Date, planned.End);
        Minutes = (int)(End - Start).TotalMinutes;
        Kind = planned.Kind;
        VenueId = planned.VenueId;
        InstructorId = planned.InstructorId;
        Status = SessionStatus.Scheduled;
    }

    public int Id { get; private set; }
    public int CohortId { get; private set; }
    public int CenterId { get; private set; }
    public int Sequence { get; private set; }
    public DateOnly Date { get; private set; }
    public TimeOnly Start { get; private set; }
    public TimeOnly End { get; private set; }
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    public SessionKind Kind { get; private set; }
    public int VenueId { get; private set; }
    public int InstructorId { get; private set; }
    public SessionStatus Status { get; private set; }
    public int Revision { get; private set; }

    /// <summary>When the learners were reminded of this session (once, about a day before).</summary>
    public DateTimeOffset? RemindedAt { get; private set; }

    public void MarkReminded(DateTimeOffset now) => RemindedAt ??= now;

    /// <summary>
    /// The session's length, stored beside its times so the attendance of many places can be summed in SQL (the reports'
    /// training-complete count): a time-of-day difference is not a function every provider computes.
    /// </summary>
    public int Minutes { get; private set; }

    public PlannedSession ToPlanned() => new(Sequence, Date, Start, End, Kind, VenueId, InstructorId);

    public BookedSession ToBooking() => new(CohortId, VenueId, InstructorId, Date, Start, End);

    /// <summary>Takes the time, venue and instructor of a changed plan (a move or a re-staffing); the SEQUENCE of a feed follows <see cref="Revision"/>.</summary>
    public void Reschedule(PlannedSession planned)
    {
        if (planned.Sequence != Sequence)
            throw new RuleViolation("session.sequence", "Each session of a cohort has its own number.");
        Date = planned.Date;
        Start = planned.Start;
        End = planned.End;
        StartsAt = ToUtc(planned.Date, planned.Start);
        EndsAt = ToUtc(planned.Date, planned.End);
        Minutes = (int)(End - Start).TotalMinutes;
        VenueId = planned.VenueId;
        InstructorId = planned.InstructorId;
        Revision++;
    }

    /// <summary>Marks the session cancelled; it stays stored so its number is never reused.</summary>
    public void Cancel()
    {
        Status = SessionStatus.Cancelled;
        Revision++;
    }

    public static DateTimeOffset ToUtc(DateOnly date, TimeOnly time) =>
        new DateTimeOffset(date.ToDateTime(time), ChinaOffset).ToUniversalTime();
}

/// <summary>The latest conflict report of a cohort whose timetable could not be generated; gone once one is.</summary>
public class TimetableConflict
{
    private TimetableConflict() { }

    public TimetableConflict(int cohortId, string text, DateTimeOffset createdAt)
    {
        CohortId = cohortId;
        Text = text;
        CreatedAt = createdAt;
    }

    public int CohortId { get; private set; }
    public string Text { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public void Replace(string text, DateTimeOffset createdAt)
    {
        Text = text;
        CreatedAt = createdAt;
    }
}
