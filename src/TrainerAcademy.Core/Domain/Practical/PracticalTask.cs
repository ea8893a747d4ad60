using System.Text.Json;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Domain.Practical;

/// <summary>
/// A task of the practical skill assessment's pool: what the candidate is asked (<see cref="Instructions"/>), the
/// material and gold answers the platform scores against (<see cref="ContentJson"/>), or the rubric lines examiners
/// score against. A deactivated task stays for the papers that used it but is never drawn again.
/// </summary>
public class PracticalTask
{
    public const int MaxCode = 20;
    public const int MaxTitle = 100;
    public const int MaxInstructions = 4000;
    public const int MaxRubricJson = 8000;

    private PracticalTask() { }

    public PracticalTask(string code, int level, string title, PracticalCategory category, PracticalScoringKind scoring, decimal points, int minutes,
        string instructions, string? contentJson, IReadOnlyList<RubricLine>? rubric, DateTimeOffset now,
        AssessmentComponent component = AssessmentComponent.Skill)
    {
        code = (code ?? "").Trim();
        if (code.Length is 0 or > MaxCode)
            throw new RuleViolation("practical-task.code", $"A task needs a code of at most {MaxCode} characters.", "code");
        Code = code;
        CreatedAt = now;
        Apply(level, title, category, scoring, points, minutes, instructions, contentJson, rubric, now, component);
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public int Level { get; private set; }
    public string Title { get; private set; } = "";
    public PracticalCategory Category { get; private set; }
    public PracticalScoringKind Scoring { get; private set; }

    /// <summary>The paper that draws this task: the skill assessment, or the comprehensive review (levels 2 and 1, examiners only).</summary>
    public AssessmentComponent Component { get; private set; } = AssessmentComponent.Skill;
    public decimal Points { get; private set; }
    public int Minutes { get; private set; }
    public string Instructions { get; private set; } = "";

    /// <summary>The material and gold answers as JSON, in the shape <see cref="PracticalTaskContent"/> reads for <see cref="Scoring"/>; null for rubric tasks.</summary>
    public string? ContentJson { get; private set; }

    /// <summary>The rubric lines M1..Mn as a JSON array; empty for platform-scored tasks.</summary>
    public string RubricJson { get; private set; } = "[]";
    public bool Active { get; private set; } = true;
    public int Revision { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<RubricLine> Rubric => JsonSerializer.Deserialize<RubricLine[]>(RubricJson, PracticalTaskContent.Json) ?? [];

    /// <summary>The kind this task is of, checked again from what is stored.</summary>
    public PracticalTaskKind Kind => new(Code, Title, Category, Scoring, Points, Minutes, Rubric);

    /// <summary>The parsed content, typed for the scoring function of <see cref="Scoring"/> (null for rubric tasks).</summary>
    public object? Content => PracticalTaskContent.Parse(Scoring, ContentJson);

    /// <summary>Returns false when nothing changed.</summary>
    public bool Change(int level, string title, PracticalCategory category, PracticalScoringKind scoring, decimal points, int minutes,
        string instructions, string? contentJson, IReadOnlyList<RubricLine>? rubric, DateTimeOffset now,
        AssessmentComponent component = AssessmentComponent.Skill)
    {
        var before = (Level, Title, Category, Scoring, Points, Minutes, Instructions, ContentJson, RubricJson, Component);
        var updatedAt = UpdatedAt;
        Apply(level, title, category, scoring, points, minutes, instructions, contentJson, rubric, now, component);
        if (before == (Level, Title, Category, Scoring, Points, Minutes, Instructions, ContentJson, RubricJson, Component))
        {
            UpdatedAt = updatedAt;
            return false;
        }
        Revision++;
        return true;
    }

    public void Deactivate(DateTimeOffset now) => SetActive(false, now);

    public void Activate(DateTimeOffset now) => SetActive(true, now);

    private void SetActive(bool active, DateTimeOffset now)
    {
        if (Active == active) return;
        Active = active;
        UpdatedAt = now;
        Revision++;
    }

    private void Apply(int level, string title, PracticalCategory category, PracticalScoringKind scoring, decimal points, int minutes,
        string instructions, string? contentJson, IReadOnlyList<RubricLine>? rubric, DateTimeOffset now, AssessmentComponent component)
    {
        if (level is < 1 or > 5)
            throw new RuleViolation("practical-task.level", "The level is 1 to 5.", "level");
        component.EnsureTakenAt(level, "component");
        if (component == AssessmentComponent.Review && scoring != PracticalScoringKind.Rubric)
            throw new RuleViolation("practical-task.review-rubric", "A comprehensive review task is scored by examiners against a rubric.", "scoring");
        title = (title ?? "").Trim();
        if (title.Length is 0 or > MaxTitle)
            throw new RuleViolation("practical-task.title", $"Enter a title of at most {MaxTitle} characters.", "title");
        var lines = (rubric ?? []).Select(l => new RubricLine((l.Code ?? "").Trim(), (l.Criterion ?? "").Trim(), l.Points)).ToList();
        var kind = new PracticalTaskKind(Code, title, category, scoring, points, minutes, lines);
        if (kind.Rubric.Any(l => l.Criterion.Length > 500))
            throw new RuleViolation("practical-task.rubric-criterion", "A rubric criterion is at most 500 characters.", "rubric");
        var rubricJson = JsonSerializer.Serialize(lines, PracticalTaskContent.Json);
        if (rubricJson.Length > MaxRubricJson)
            throw new RuleViolation("practical-task.rubric-too-long", "The rubric is too long; use fewer or shorter lines.", "rubric");
        instructions = (instructions ?? "").Trim().ReplaceLineEndings("\n");
        if (instructions.Length is 0 or > MaxInstructions)
            throw new RuleViolation("practical-task.instructions", $"Enter the candidate's instructions, at most {MaxInstructions} characters.", "instructions");
        var content = PracticalTaskContent.Normalize(scoring, contentJson);

        Level = level;
        Component = component;
        Title = kind.Title;
        Category = category;
        Scoring = scoring;
        Points = points;
        Minutes = minutes;
        Instructions = instructions;
        ContentJson = content;
        RubricJson = rubricJson;
        UpdatedAt = now;
    }
}
