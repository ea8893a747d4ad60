using static System.FormattableString;

namespace TrainerAcademy.Domain.Practical;

/// <summary>What the candidate entered: ratios as fractions 0–1, the confusion matrix as counts (rows actual, columns predicted).</summary>
public sealed record ModelEvaluationAnswer(decimal? Accuracy, decimal? Precision, decimal? Recall, decimal? F1, IReadOnlyList<IReadOnlyList<int>>? ConfusionMatrix);

/// <summary>The metrics of a prediction set, computed from the labels.</summary>
public sealed record ModelMetrics(decimal Accuracy, decimal Precision, decimal Recall, decimal F1, int[][] ConfusionMatrix);

/// <summary>
/// Scores a model-evaluation task: the candidate computes accuracy, precision, recall and F1 of the positive class
/// and the confusion matrix from the predictions and labels shown. Each of the five fields earns a fifth of the
/// points: a ratio when within <c>tolerance</c> (absolute, default 0.01) of the exact value, the matrix when every
/// cell is exact. Precision with no predicted positives is 0, as is recall with no actual positives.
/// </summary>
public static class ModelEvaluation
{
    public const decimal DefaultTolerance = 0.01m;

    public static ModelMetrics Compute(IReadOnlyList<string> classes, string positive, IReadOnlyList<string> actual, IReadOnlyList<string> predicted)
    {
        if (classes.Count < 2 || classes.Distinct(StringComparer.Ordinal).Count() != classes.Count || !classes.Contains(positive))
            throw new RuleViolation("practical.evaluation-classes", "Name at least two distinct classes, the positive class among them.", "classes");
        if (actual.Count == 0 || actual.Count != predicted.Count)
            throw new RuleViolation("practical.evaluation-lengths", "Give one prediction for each of at least one label.", "predicted");
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var matrix = classes.Select(_ => new int[classes.Count]).ToArray();
        for (var k = 0; k < actual.Count; k++)
        {
            if (!index.TryGetValue(actual[k], out var a) || !index.TryGetValue(predicted[k], out var p))
                throw new RuleViolation("practical.evaluation-unknown-class", "Every label and prediction is one of the classes.", "predicted");
            matrix[a][p]++;
        }
        var pos = index[positive];
        var correct = Enumerable.Range(0, classes.Count).Sum(i => matrix[i][i]);
        var truePositives = matrix[pos][pos];
        var predictedPositives = matrix.Sum(row => row[pos]);
        var actualPositives = matrix[pos].Sum();
        var precision = PracticalScoring.Ratio(truePositives, predictedPositives);
        var recall = PracticalScoring.Ratio(truePositives, actualPositives);
        return new ModelMetrics((decimal)correct / actual.Count, precision, recall, PracticalScoring.F1(precision, recall), matrix);
    }

    public static TaskScore Score(ModelMetrics expected, ModelEvaluationAnswer answer, decimal points, decimal tolerance = DefaultTolerance)
    {
        if (tolerance is < 0 or > 0.5m)
            throw new RuleViolation("practical.evaluation-tolerance", "The tolerance is 0 to 0.5.", "tolerance");
        var share = points / 5;
        var lines = new List<ScoreLine>();
        decimal earned = 0;
        void Ratio(string key, string name, decimal exact, decimal? given)
        {
            var right = given is { } g && Math.Abs(g - exact) <= tolerance;
            if (right) earned += share;
            var shown = given is { } v ? Invariant($"{v:0.####}") : "未作答";
            lines.Add(new(key, Invariant($"{name}：作答 {shown}，正确值 {exact:0.####}（允许误差 ±{tolerance:0.####}），{(right ? "正确" : "错误")}"),
                right ? share : 0m));
        }
        Ratio("accuracy", "准确率", expected.Accuracy, answer.Accuracy);
        Ratio("precision", "精确率", expected.Precision, answer.Precision);
        Ratio("recall", "召回率", expected.Recall, answer.Recall);
        Ratio("f1", "F1", expected.F1, answer.F1);
        var wrongCells = WrongCells(expected.ConfusionMatrix, answer.ConfusionMatrix);
        var matrixRight = wrongCells == 0;
        if (matrixRight) earned += share;
        lines.Add(new("confusion-matrix", matrixRight
            ? "混淆矩阵：全部正确"
            : answer.ConfusionMatrix is null ? "混淆矩阵：未作答" : Invariant($"混淆矩阵：{wrongCells} 个单元格错误（行、列数不符按全错计）"),
            matrixRight ? share : 0m));
        return TaskScore.FromFraction(PracticalScoring.Ratio(earned, points), points, lines);
    }

    private static int WrongCells(int[][] expected, IReadOnlyList<IReadOnlyList<int>>? given)
    {
        var cells = expected.Length * expected.Length;
        if (given is null || given.Count != expected.Length || given.Any(row => row is null || row.Count != expected.Length)) return cells;
        var wrong = 0;
        for (var i = 0; i < expected.Length; i++)
            for (var j = 0; j < expected.Length; j++)
                if (given[i][j] != expected[i][j]) wrong++;
        return wrong;
    }
}
