using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Domain.Practical;

/// <summary>One line of a skill blueprint: how many tasks of one category, each worth the same points, a paper draws.</summary>
public sealed record SkillBlueprintLine
{
    public SkillBlueprintLine(PracticalCategory category, int count, decimal points)
    {
        if (!Enum.IsDefined(category))
            throw new RuleViolation("skill-blueprint.category", "Each line names one of the 8 task categories.", "lines");
        if (count is < 1 or > 10)
            throw new RuleViolation("skill-blueprint.count", "Each line draws 1 to 10 tasks.", "lines");
        PracticalScoring.CheckPoints(points);
        Category = category;
        Count = count;
        Points = points;
    }

    public PracticalCategory Category { get; init; }
    public int Count { get; init; }

    /// <summary>The points of each task drawn: a line draws only tasks worth exactly this, so every paper totals 100.</summary>
    public decimal Points { get; init; }

    public decimal Total => Count * Points;
}

/// <summary>
/// The shape of a level's skill paper (技能考核): lines of (category, count, points per task), the duration and the pass
/// mark, totalling 100 points like the theory paper. An exam session takes the newest active skill blueprint of its
/// level when it is created.
/// </summary>
public class SkillBlueprint
{
    public const decimal TotalPoints = 100m;

    private SkillBlueprint() { }

    public SkillBlueprint(int level, string name, int durationMinutes, decimal passMark, IReadOnlyList<SkillBlueprintLine> lines, DateTimeOffset now,
        AssessmentComponent component = AssessmentComponent.Skill)
    {
        if (level is < 1 or > 5)
            throw new RuleViolation("skill-blueprint.level", "The level is 1 to 5.", "level");
        component.EnsureTakenAt(level, "component");
        Level = level;
        Component = component;
        CreatedAt = now;
        Change(name, durationMinutes, passMark, lines);
    }

    public int Id { get; private set; }
    public int Level { get; private set; }

    /// <summary>The paper it shapes: the skill assessment, or the comprehensive review of levels 2 and 1.</summary>
    public AssessmentComponent Component { get; private set; } = AssessmentComponent.Skill;
    public string Name { get; private set; } = "";
    public int DurationMinutes { get; private set; }
    public decimal PassMark { get; private set; }
    public List<SkillBlueprintLine> Lines { get; private set; } = [];
    public bool Active { get; private set; } = true;
    public DateTimeOffset CreatedAt { get; private set; }

    public int TaskCount => Lines.Sum(l => l.Count);

    public void Change(string name, int durationMinutes, decimal passMark, IReadOnlyList<SkillBlueprintLine> lines)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 100)
            throw new RuleViolation("skill-blueprint.name", "A blueprint needs a name of at most 100 characters.", "name");
        if (durationMinutes is < 30 or > 300)
            throw new RuleViolation("skill-blueprint.duration", "The skill assessment lasts 30 to 300 minutes.", "durationMinutes");
        if (passMark <= 0 || passMark > TotalPoints)
            throw new RuleViolation("skill-blueprint.pass-mark", "The pass mark is more than 0 and at most 100.", "passMark");
        if (lines is not { Count: > 0 })
            throw new RuleViolation("skill-blueprint.lines", "A blueprint has at least one line.", "lines");
        if (lines.GroupBy(l => (l.Category, l.Points)).Any(g => g.Count() > 1))
            throw new RuleViolation("skill-blueprint.duplicate-line", "Each category and point value appears on one line only.", "lines");
        var total = lines.Sum(l => l.Total);
        if (total != TotalPoints)
            throw new RuleViolation("skill-blueprint.total", $"The lines add up to {total:0.##} points; a paper is worth {TotalPoints:0} points.", "lines");
        Name = name;
        DurationMinutes = durationMinutes;
        PassMark = passMark;
        Lines = [.. lines];
    }

    public void Deactivate() => Active = false;

    public void Activate() => Active = true;

    /// <summary>Lines the pool cannot fill: fewer active tasks of the level, category and points than the line draws.</summary>
    public IReadOnlyList<SkillShortfall> Shortfalls(IEnumerable<PracticalTask> pool) =>
        Shortfalls(Available(pool.Where(Draws).Select(t => (t.Category, t.Points))));

    /// <summary>Whether a task of the pool may be drawn by this blueprint: active, of its level and of its component.</summary>
    public bool Draws(PracticalTask task) => task.Active && task.Level == Level && task.Component == Component;

    /// <summary>Lines the pool cannot fill, from the count of active tasks of the level per (category, points).</summary>
    public IReadOnlyList<SkillShortfall> Shortfalls(IReadOnlyDictionary<(PracticalCategory Category, decimal Points), int> available) =>
        [.. Lines
            .Select(l => new SkillShortfall(l.Category, l.Points, l.Count, available.GetValueOrDefault((l.Category, l.Points))))
            .Where(s => s.Available < s.Needed)];

    /// <summary>How many tasks each (category, points) stratum holds.</summary>
    public static IReadOnlyDictionary<(PracticalCategory Category, decimal Points), int> Available(IEnumerable<(PracticalCategory Category, decimal Points)> tasks) =>
        tasks.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>
    /// Lines, duration and pass mark change only while no exam session has taken the blueprint: every candidate of a session
    /// draws from the same shape, and a paper already drawn names the blueprint it came from. A blueprint in use is
    /// copied into a new one instead; taking it out of use (or back) is always allowed and only decides what new sessions take.
    /// </summary>
    public static void EnsureUnused(int sessions, int papers)
    {
        if (sessions > 0 || papers > 0)
            throw new ConflictViolation("skill-blueprint.in-use",
                $"{sessions} exam sessions use this skill blueprint, so it can no longer be changed; copy it into a new blueprint instead.");
    }
}

public sealed record SkillShortfall(PracticalCategory Category, decimal Points, int Needed, int Available);

/// <summary>The task pool holds too few active tasks for a skill blueprint.</summary>
public sealed class SkillBlueprintCannotBeFilled(IReadOnlyList<SkillShortfall> shortfalls)
    : RuleViolation("skill-blueprint.pool-short",
        "The task pool cannot fill this skill blueprint: " + string.Join("; ", shortfalls.Select(s => $"{s.Category} {s.Points:0.##} points: {s.Available} of {s.Needed}")) + ".",
        "lines")
{
    public IReadOnlyList<SkillShortfall> Shortfalls { get; } = shortfalls;
}

/// <summary>
/// Draws a candidate's skill paper: for each line, that many distinct active tasks of the level, category and points at
/// random, from one seeded generator over the pool in id order (the same seed and pool give the same paper). Tasks are
/// numbered in the order of the categories, as the standard lists them.
/// </summary>
public static class SkillPaper
{
    public static IReadOnlyList<AttemptTask> Draw(SkillBlueprint blueprint, IEnumerable<PracticalTask> pool, int seed)
    {
        var tasks = pool.Where(blueprint.Draws).OrderBy(t => t.Id).ToList();
        var shortfalls = blueprint.Shortfalls(tasks);
        if (shortfalls.Count > 0) throw new SkillBlueprintCannotBeFilled(shortfalls);

        var random = new SplitMix64(seed);
        var drawn = new List<PracticalTask>();
        foreach (var line in blueprint.Lines.OrderBy(l => l.Category).ThenBy(l => l.Points))
        {
            var stratum = tasks.Where(t => t.Category == line.Category && t.Points == line.Points).ToArray();
            random.Shuffle(stratum);
            drawn.AddRange(stratum.Take(line.Count));
        }
        return [.. drawn.Select((t, i) => new AttemptTask(i + 1, t, AttemptTask.ContentFor(t, seed, i + 1)))];
    }
}
