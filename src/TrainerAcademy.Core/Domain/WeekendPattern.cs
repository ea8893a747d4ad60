namespace TrainerAcademy.Domain;

[Flags]
public enum WeekendPattern
{
    None = 0,
    Saturday = 1,
    Sunday = 2,
    Both = Saturday | Sunday,
}

public static class WeekendPatternExtensions
{
    public static bool Includes(this WeekendPattern pattern, DayOfWeek day) => day switch
    {
        DayOfWeek.Saturday => pattern.HasFlag(WeekendPattern.Saturday),
        DayOfWeek.Sunday => pattern.HasFlag(WeekendPattern.Sunday),
        _ => false,
    };

    public static IEnumerable<DayOfWeek> Days(this WeekendPattern pattern)
    {
        if (pattern.HasFlag(WeekendPattern.Saturday)) yield return DayOfWeek.Saturday;
        if (pattern.HasFlag(WeekendPattern.Sunday)) yield return DayOfWeek.Sunday;
    }
}
