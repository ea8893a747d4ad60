namespace TrainerAcademy.Domain.Scheduling;

/// <summary>How a year of the statutory calendar came to be published.</summary>
public enum CalendarYearSource
{
    /// <summary>Shipped in db/seed/statutory-calendar.json, its days known or estimated when the seed was written.</summary>
    Seed,

    /// <summary>An admin marked the year checked against the State Council's notice.</summary>
    Checked,

    /// <summary>An admin imported an iCalendar file with the year's days.</summary>
    Imported,
}

/// <summary>
/// A year whose public holidays and make-up working days are published, so its weekends can be planned on. A year
/// without one is not covered, whatever days it already holds: a few days typed in ahead of the notice do not make
/// the rest of its weekends ordinary. The record is never removed, so a year once published stays published.
/// </summary>
public class StatutoryCalendarYear
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    private StatutoryCalendarYear() { }

    public StatutoryCalendarYear(int year, CalendarYearSource source, DateTimeOffset publishedAt)
    {
        if (year is < FirstYear or > LastYear)
            throw new RuleViolation("calendar.year", $"The year is between {FirstYear} and {LastYear}.", "year");
        if (!Enum.IsDefined(source))
            throw new RuleViolation("calendar.year-source", "A year is published by the seed, a check or an import.", "source");
        Year = year;
        Source = source;
        PublishedAt = publishedAt;
    }

    public int Year { get; private set; }
    public CalendarYearSource Source { get; private set; }
    public DateTimeOffset PublishedAt { get; private set; }

    /// <summary>A seeded year confirmed by an admin (checked or imported) records how; the date it was first published stays.</summary>
    public void Confirm(CalendarYearSource source)
    {
        if (source == CalendarYearSource.Seed) return;
        Source = source;
    }
}
