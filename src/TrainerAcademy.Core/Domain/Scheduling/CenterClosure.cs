namespace TrainerAcademy.Domain.Scheduling;

/// <summary>A day a training center is closed (a move, an inspection, its own holiday): no class is planned on it.</summary>
public class CenterClosure : ICenterOwned
{
    private CenterClosure() { }

    public CenterClosure(int centerId, DateOnly date, string reason)
    {
        CenterId = centerId;
        Date = date;
        Reason = Clean(reason);
    }

    public int Id { get; private set; }
    public int CenterId { get; private set; }
    public DateOnly Date { get; private set; }
    public string Reason { get; private set; } = "";

    public CalendarDay ToCalendarDay() => new(Date, CalendarDayKind.PublicHoliday, Reason);

    private static string Clean(string reason)
    {
        var text = (reason ?? "").Trim();
        if (text.Length is 0 or > 50)
            throw new RuleViolation("closure.reason", "Give the reason for the closure in at most 50 characters.", "reason");
        return text;
    }
}
