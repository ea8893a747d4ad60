using static System.FormattableString;

namespace TrainerAcademy.Domain.Practical;

/// <summary>
/// An entity mention: [Start, End) in text elements of the task's text (what a reader sees as one character, so
/// offsets agree with the workbench's selection), and its type.
/// </summary>
public sealed record EntitySpan(int Start, int End, string Type)
{
    public bool IsWellFormed => Start >= 0 && End > Start && PracticalScoring.Label(Type).Length > 0;

    internal EntitySpan Normalized => this with { Type = PracticalScoring.Label(Type) };
}

/// <summary>
/// Scores entity annotation at span level: a predicted span counts only when start, end and type all equal a gold
/// span. Duplicates count once on either side; a malformed span (empty, negative, untyped) is a false positive.
/// No gold and no prediction is a perfect answer; otherwise an empty side gives 0 for its ratio.
/// </summary>
public static class EntitySpans
{
    public static TaskScore Score(IEnumerable<EntitySpan> gold, IEnumerable<EntitySpan> predicted, decimal points)
    {
        var goldSet = gold.Select(s => s.Normalized).ToHashSet();
        if (goldSet.Any(s => !s.IsWellFormed))
            throw new RuleViolation("practical.span-gold", "Every gold span has a start before its end and a type.", "gold");
        var predictedSet = predicted.Select(s => s.Normalized).ToHashSet();
        var matched = predictedSet.Count(goldSet.Contains);

        decimal precision, recall;
        if (goldSet.Count == 0 && predictedSet.Count == 0)
            (precision, recall) = (1m, 1m);
        else
            (precision, recall) = (PracticalScoring.Ratio(matched, predictedSet.Count), PracticalScoring.Ratio(matched, goldSet.Count));
        var f1 = PracticalScoring.F1(precision, recall);
        return TaskScore.FromFraction(f1, points,
        [
            new("matched", Invariant($"完全匹配的实体 {matched} 个（标准答案 {goldSet.Count} 个，作答 {predictedSet.Count} 个，重复的只计一次）"), matched),
            new("precision", Invariant($"精确率 {precision:0.####}"), PracticalScoring.RoundRatio(precision)),
            new("recall", Invariant($"召回率 {recall:0.####}"), PracticalScoring.RoundRatio(recall)),
            new("f1", Invariant($"F1 {f1:0.####}（按 F1 计分）"), PracticalScoring.RoundRatio(f1)),
        ]);
    }
}
