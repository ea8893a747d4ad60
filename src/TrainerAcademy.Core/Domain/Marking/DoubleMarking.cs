using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Domain.Marking;

/// <summary>Where the marking of one script stands.</summary>
/// <param name="MarksNeeded">How many independent marks the script needs in all: 2, or 3 once the first two differ too much.</param>
/// <param name="Agreed">The script's score once the marks agree; null until then.</param>
/// <param name="Counted">The rounds whose marks make the agreed score.</param>
public sealed record MarkingState(int MarksNeeded, decimal? Agreed, IReadOnlyList<int> Counted)
{
    public bool ThirdMarkerNeeded => MarksNeeded == 3 && Agreed is null;
}

/// <summary>
/// Blind double marking: two examiners score each script independently. When their totals differ by no more than the
/// threshold (a percentage of the task's points) the script gets their mean; otherwise a third examiner scores it and
/// the script gets the mean of the two closest of the three marks (a tie goes to the pairs that include the third mark,
/// the earlier round first). Scores are rounded to 0.01 point, half away from zero.
/// </summary>
public static class DoubleMarking
{
    public const int MaxRounds = 3;

    /// <param name="marks">The submitted marks' totals by round (1, 2, 3).</param>
    public static MarkingState Resolve(IReadOnlyDictionary<int, decimal> marks, decimal taskPoints, decimal thresholdPercent)
    {
        if (thresholdPercent is < 0 or > 100)
            throw new RuleViolation("marking.threshold", "The third-marker threshold is 0 to 100 percent of the task's points.", "thresholdPercent");
        if (!marks.TryGetValue(1, out var first) || !marks.TryGetValue(2, out var second))
            return new MarkingState(2, null, []);
        if (Math.Abs(first - second) <= taskPoints * thresholdPercent / 100m)
            return new MarkingState(2, Mean(first, second), [1, 2]);
        if (!marks.TryGetValue(3, out var third))
            return new MarkingState(3, null, []);
        (int A, int B, decimal Gap)[] pairs =
        [
            (1, 3, Math.Abs(first - third)),
            (2, 3, Math.Abs(second - third)),
            (1, 2, Math.Abs(first - second)),
        ];
        var closest = pairs.OrderBy(p => p.Gap).First();
        return new MarkingState(3, Mean(marks[closest.A], marks[closest.B]), [closest.A, closest.B]);
    }

    private static decimal Mean(decimal a, decimal b) => PracticalScoring.RoundPoints((a + b) / 2m);
}
