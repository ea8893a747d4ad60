namespace TrainerAcademy.Domain.Scheduling;

/// <summary>
/// A year a cohort's timetable was generated into before its statutory calendar was published. While the year stays
/// unpublished the timetable is provisional; once it is published staff are told once (<see cref="NotifiedAt"/>) and
/// advised to regenerate. Regenerating replaces the cohort's records, so a timetable planned on a published year has none.
/// </summary>
public class TimetableCalendarGap
{
    private TimetableCalendarGap() { }

    public TimetableCalendarGap(int cohortId, int year, DateTimeOffset recordedAt)
    {
        CohortId = cohortId;
        Year = year;
        RecordedAt = recordedAt;
    }

    public int CohortId { get; private set; }
    public int Year { get; private set; }

    /// <summary>When the timetable that reaches into the year was generated.</summary>
    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>When the center's staff and the admins were told the year is published; null until then.</summary>
    public DateTimeOffset? NotifiedAt { get; private set; }
}
