namespace TrainerAcademy.Domain.Practical;

/// <summary>
/// One line of a score's breakdown: a stable <see cref="Key"/> the pages can translate, the Chinese text a candidate
/// and an examiner read, and the figure it states (a count, a ratio, or points).
/// </summary>
public sealed record ScoreLine(string Key, string Text, decimal Value);

/// <summary>
/// The score of one platform-scored task out of its points, with the figures it was computed from. Points are
/// rounded to hundredths (half away from zero) once, at the end; the ratios in the breakdown to four places.
/// </summary>
public sealed record TaskScore(decimal Points, decimal OutOf, IReadOnlyList<ScoreLine> Breakdown)
{
    public static TaskScore FromFraction(decimal fraction, decimal outOf, IReadOnlyList<ScoreLine> breakdown)
    {
        PracticalScoring.CheckPoints(outOf);
        var clamped = Math.Clamp(fraction, 0m, 1m);
        return new TaskScore(PracticalScoring.RoundPoints(clamped * outOf), outOf, breakdown);
    }
}

public static class PracticalScoring
{
    public static decimal RoundPoints(decimal points) => Math.Round(points, 2, MidpointRounding.AwayFromZero);

    public static decimal RoundRatio(decimal ratio) => Math.Round(ratio, 4, MidpointRounding.AwayFromZero);

    /// <summary>a / b, or 0 when b is 0: a metric with nothing to measure gives no credit.</summary>
    public static decimal Ratio(decimal a, decimal b) => b == 0 ? 0m : a / b;

    public static decimal F1(decimal precision, decimal recall) => precision + recall == 0 ? 0m : 2 * precision * recall / (precision + recall);

    public static void CheckPoints(decimal points)
    {
        if (points <= 0 || points > 100 || decimal.Round(points, 2) != points)
            throw new RuleViolation("practical.points", "A task is worth more than 0 and at most 100 points, in hundredths.", "points");
    }

    internal static string Label(string? value) => (value ?? "").Trim();
}
