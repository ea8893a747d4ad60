namespace TrainerAcademy.Domain.Scheduling;

/// <summary>A stored day of the statutory calendar (db/seed/statutory-calendar.json, later kept by admins).</summary>
public class StatutoryCalendarEntry
{
    private StatutoryCalendarEntry() { }

    public StatutoryCalendarEntry(CalendarDay day, bool provisional)
    {
        Date = day.Date;
        Kind = day.Kind;
        Name = day.Name;
        Provisional = provisional;
    }

    public int Id { get; private set; }
    public DateOnly Date { get; private set; }
    public CalendarDayKind Kind { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>Estimated before the State Council published that year's notice.</summary>
    public bool Provisional { get; private set; }

    public CalendarDay ToCalendarDay() => new(Date, Kind, Name);

    /// <summary>Takes the kind, name and provisional flag of <paramref name="day"/>; the date is the entry's identity. True when anything changed.</summary>
    public bool Change(CalendarDay day, bool provisional)
    {
        if (day.Date != Date)
            throw new RuleViolation("calendar.date-fixed", "A calendar day keeps its date; delete it and add the other date instead.", "date");
        if (day.Kind == Kind && day.Name == Name && provisional == Provisional) return false;
        Kind = day.Kind;
        Name = day.Name;
        Provisional = provisional;
        return true;
    }

    /// <summary>An admin compared the day with the State Council's published notice.</summary>
    public void MarkChecked() => Provisional = false;
}
