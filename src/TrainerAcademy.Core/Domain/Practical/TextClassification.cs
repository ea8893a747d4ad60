using static System.FormattableString;

namespace TrainerAcademy.Domain.Practical;

public enum ClassificationBasis
{
    /// <summary>The share of items labelled exactly as the gold label (the default: PRODUCT's "exact match").</summary>
    Accuracy,

    /// <summary>The unweighted mean of each gold class's F1.</summary>
    MacroF1,
}

/// <summary>
/// Scores a text-classification task: each item's label against the gold label, compared exactly after trimming.
/// An unanswered item, or one answered with a label outside the gold set, is wrong: it is a miss of its gold class
/// and, when answered, a false positive of the label given. Macro-F1 averages over the gold classes only, so an
/// invented label lowers the classes it was taken from and adds no class of its own.
/// </summary>
public static class TextClassification
{
    public static TaskScore Score(IReadOnlyDictionary<string, string> gold, IReadOnlyDictionary<string, string?> answers, decimal points,
        ClassificationBasis basis = ClassificationBasis.Accuracy)
    {
        if (gold.Count == 0)
            throw new RuleViolation("practical.classification-empty", "A classification task needs at least one gold item.", "gold");
        var classes = gold.Values.Select(PracticalScoring.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var truePositives = classes.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        var predicted = new Dictionary<string, int>(StringComparer.Ordinal);
        int correct = 0, unanswered = 0;
        foreach (var (item, goldLabel) in gold)
        {
            var expected = PracticalScoring.Label(goldLabel);
            var given = answers.TryGetValue(item, out var a) ? PracticalScoring.Label(a) : "";
            if (given.Length == 0)
            {
                unanswered++;
                continue;
            }
            predicted[given] = predicted.GetValueOrDefault(given) + 1;
            if (string.Equals(given, expected, StringComparison.Ordinal))
            {
                correct++;
                truePositives[expected]++;
            }
        }

        var support = gold.Values.Select(PracticalScoring.Label).GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var lines = new List<ScoreLine>();
        decimal f1Sum = 0;
        foreach (var c in classes)
        {
            var precision = PracticalScoring.Ratio(truePositives[c], predicted.GetValueOrDefault(c));
            var recall = PracticalScoring.Ratio(truePositives[c], support[c]);
            var f1 = PracticalScoring.F1(precision, recall);
            f1Sum += f1;
            lines.Add(new ScoreLine($"class-f1:{c}", Invariant($"类别“{c}”：精确率 {precision:0.####}，召回率 {recall:0.####}，F1 {f1:0.####}"), PracticalScoring.RoundRatio(f1)));
        }
        var accuracy = (decimal)correct / gold.Count;
        var macroF1 = f1Sum / classes.Count;
        lines.InsertRange(0,
        [
            new("correct", Invariant($"正确 {correct} 条，共 {gold.Count} 条"), correct),
            new("unanswered", Invariant($"未作答 {unanswered} 条（按错误计）"), unanswered),
            new("accuracy", Invariant($"准确率 {accuracy:0.####}"), PracticalScoring.RoundRatio(accuracy)),
            new("macro-f1", Invariant($"宏平均 F1 {macroF1:0.####}"), PracticalScoring.RoundRatio(macroF1)),
        ]);
        var fraction = basis == ClassificationBasis.MacroF1 ? macroF1 : accuracy;
        lines.Add(new("basis", basis == ClassificationBasis.MacroF1 ? "按宏平均 F1 计分" : "按准确率计分", fraction));
        return TaskScore.FromFraction(fraction, points, lines);
    }
}
