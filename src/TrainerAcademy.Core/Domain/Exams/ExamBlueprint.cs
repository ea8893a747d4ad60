namespace TrainerAcademy.Domain.Exams;

/// <summary>One line of a blueprint: how many items of one type and work function, and the points of each.</summary>
public sealed record BlueprintLine
{
    public BlueprintLine(string workFunctionCode, QuestionType type, int count, decimal points)
    {
        if (string.IsNullOrWhiteSpace(workFunctionCode))
            throw new RuleViolation("blueprint.work-function", "Each blueprint line names a work function.", "lines");
        if (!Enum.IsDefined(type))
            throw new RuleViolation("blueprint.type", "Each blueprint line names a question type.", "lines");
        if (count is < 1 or > 500)
            throw new RuleViolation("blueprint.count", "Each blueprint line draws 1 to 500 items.", "lines");
        if (points <= 0 || points > 100 || decimal.Round(points, 2) != points)
            throw new RuleViolation("blueprint.points", "Points per item are more than 0, at most 100, in hundredths.", "lines");
        WorkFunctionCode = workFunctionCode.Trim();
        Type = type;
        Count = count;
        Points = points;
    }

    public string WorkFunctionCode { get; init; }
    public QuestionType Type { get; init; }
    public int Count { get; init; }
    public decimal Points { get; init; }
    public decimal Total => Count * Points;
}

/// <summary>
/// The shape of a level's theory paper: lines of (work function, type, count, points), the duration and the pass
/// mark. Totals 100 points. The newest active blueprint of a level is the one an exam session takes.
/// </summary>
public class ExamBlueprint
{
    public const int MinimumMinutes = 90;
    public const decimal TotalPoints = 100m;

    private ExamBlueprint() { }

    public ExamBlueprint(int level, string name, int durationMinutes, decimal passMark, IReadOnlyList<BlueprintLine> lines, DateTimeOffset now)
    {
        if (level is < 1 or > 5)
            throw new RuleViolation("blueprint.level", "The level is 1 to 5.", "level");
        Level = level;
        CreatedAt = now;
        Change(name, durationMinutes, passMark, lines);
    }

    public int Id { get; private set; }
    public int Level { get; private set; }
    public string Name { get; private set; } = "";
    public int DurationMinutes { get; private set; }
    public decimal PassMark { get; private set; }
    public List<BlueprintLine> Lines { get; private set; } = [];
    public bool Active { get; private set; } = true;
    public DateTimeOffset CreatedAt { get; private set; }

    public int ItemCount => Lines.Sum(l => l.Count);

    public void Change(string name, int durationMinutes, decimal passMark, IReadOnlyList<BlueprintLine> lines)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 100)
            throw new RuleViolation("blueprint.name", "A blueprint needs a name of at most 100 characters.", "name");
        if (durationMinutes < MinimumMinutes || durationMinutes > 300)
            throw new RuleViolation("blueprint.duration", $"The theory exam lasts {MinimumMinutes} to 300 minutes.", "durationMinutes");
        if (passMark <= 0 || passMark > TotalPoints)
            throw new RuleViolation("blueprint.pass-mark", "The pass mark is more than 0 and at most 100.", "passMark");
        if (lines is not { Count: > 0 })
            throw new RuleViolation("blueprint.lines", "A blueprint has at least one line.", "lines");
        if (lines.GroupBy(l => (l.WorkFunctionCode, l.Type)).Any(g => g.Count() > 1))
            throw new RuleViolation("blueprint.duplicate-line", "Each work function and type appears on one line only.", "lines");
        var total = lines.Sum(l => l.Total);
        if (total != TotalPoints)
            throw new RuleViolation("blueprint.total", $"The lines add up to {total:0.##} points; a paper is worth {TotalPoints:0} points.", "lines");
        Name = name;
        DurationMinutes = durationMinutes;
        PassMark = passMark;
        Lines = [.. lines];
    }

    public void Deactivate() => Active = false;

    public void Activate() => Active = true;

    /// <summary>What the bank lacks to fill this blueprint: one entry per line that has fewer questions than it draws.</summary>
    public IReadOnlyList<BlueprintShortfall> Shortfalls(IReadOnlyDictionary<(string WorkFunction, QuestionType Type), int> available) =>
        [.. Lines
            .Select(l => new BlueprintShortfall(l.WorkFunctionCode, l.Type, l.Count, available.GetValueOrDefault((l.WorkFunctionCode, l.Type))))
            .Where(s => s.Available < s.Needed)];
}

public sealed record BlueprintShortfall(string WorkFunctionCode, QuestionType Type, int Needed, int Available)
{
    public int Missing => Needed - Available;
}
