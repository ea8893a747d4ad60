using static System.FormattableString;

namespace TrainerAcademy.Domain.Practical;

/// <summary>An axis-aligned box on one image, in pixels from the top-left corner, with its class label.</summary>
public sealed record BoundingBox(string ImageId, decimal X, decimal Y, decimal Width, decimal Height, string Label)
{
    public decimal Area => Width > 0 && Height > 0 ? Width * Height : 0m;

    public decimal IoU(BoundingBox other)
    {
        if (Area == 0 || other.Area == 0) return 0m;
        var w = Math.Min(X + Width, other.X + other.Width) - Math.Max(X, other.X);
        var h = Math.Min(Y + Height, other.Y + other.Height) - Math.Max(Y, other.Y);
        if (w <= 0 || h <= 0) return 0m;
        var intersection = w * h;
        return intersection / (Area + other.Area - intersection);
    }
}

/// <summary>
/// Scores box annotation: boxes are matched one to one, within the same image and label, at IoU ≥ 0.5. Matching is
/// greedy by highest IoU (ties by the order of the gold boxes, then of the predicted ones), the rule detection
/// benchmarks use; each box takes part in at most one match, so a second box on the same object is a false
/// positive. The score is the F1 of precision and recall.
/// </summary>
public static class BoundingBoxes
{
    public const decimal Threshold = 0.5m;

    public static TaskScore Score(IReadOnlyList<BoundingBox> gold, IReadOnlyList<BoundingBox> predicted, decimal points)
    {
        if (gold.Any(b => b.Area == 0))
            throw new RuleViolation("practical.box-gold", "Every gold box has a positive width and height.", "gold");
        var pairs = new List<(decimal IoU, int Gold, int Predicted)>();
        for (var g = 0; g < gold.Count; g++)
            for (var p = 0; p < predicted.Count; p++)
            {
                if (!SameTarget(gold[g], predicted[p])) continue;
                var iou = gold[g].IoU(predicted[p]);
                if (iou >= Threshold) pairs.Add((iou, g, p));
            }
        var goldTaken = new bool[gold.Count];
        var predictedTaken = new bool[predicted.Count];
        var matched = 0;
        decimal iouSum = 0;
        foreach (var (iou, g, p) in pairs.OrderByDescending(x => x.IoU).ThenBy(x => x.Gold).ThenBy(x => x.Predicted))
        {
            if (goldTaken[g] || predictedTaken[p]) continue;
            goldTaken[g] = predictedTaken[p] = true;
            matched++;
            iouSum += iou;
        }

        decimal precision, recall;
        if (gold.Count == 0 && predicted.Count == 0)
            (precision, recall) = (1m, 1m);
        else
            (precision, recall) = (PracticalScoring.Ratio(matched, predicted.Count), PracticalScoring.Ratio(matched, gold.Count));
        var f1 = PracticalScoring.F1(precision, recall);
        var meanIoU = PracticalScoring.Ratio(iouSum, matched);
        return TaskScore.FromFraction(f1, points,
        [
            new("matched", Invariant($"匹配成功的框 {matched} 个（IoU ≥ 0.5，一一对应；标准答案 {gold.Count} 个，作答 {predicted.Count} 个）"), matched),
            new("missed", Invariant($"漏标 {gold.Count - matched} 个"), gold.Count - matched),
            new("extra", Invariant($"多标或未达 IoU 0.5 的框 {predicted.Count - matched} 个"), predicted.Count - matched),
            new("mean-iou", Invariant($"匹配框的平均 IoU {meanIoU:0.####}"), PracticalScoring.RoundRatio(meanIoU)),
            new("precision", Invariant($"精确率 {precision:0.####}"), PracticalScoring.RoundRatio(precision)),
            new("recall", Invariant($"召回率 {recall:0.####}"), PracticalScoring.RoundRatio(recall)),
            new("f1", Invariant($"F1 {f1:0.####}（按 F1 计分）"), PracticalScoring.RoundRatio(f1)),
        ]);
    }

    private static bool SameTarget(BoundingBox a, BoundingBox b) =>
        string.Equals(a.ImageId, b.ImageId, StringComparison.Ordinal)
        && string.Equals(PracticalScoring.Label(a.Label), PracticalScoring.Label(b.Label), StringComparison.Ordinal);
}
