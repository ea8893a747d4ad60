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
}
