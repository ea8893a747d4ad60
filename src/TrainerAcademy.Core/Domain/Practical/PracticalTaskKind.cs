namespace TrainerAcademy.Domain.Practical;

/// <summary>The 8 categories the level-3 skill assessment draws its tasks from (技能考核题库类别).</summary>
public enum PracticalCategory
{
    /// <summary>业务数据处理</summary>
    BusinessDataProcessing,

    /// <summary>模块效果优化</summary>
    ModuleOptimization,

    /// <summary>数据清洗标注</summary>
    DataCleaningAndAnnotation,

    /// <summary>模型开发测试</summary>
    ModelDevelopmentAndTesting,

    /// <summary>数据分析优化</summary>
    DataAnalysisAndOptimization,

    /// <summary>交互流程设计</summary>
    InteractionFlowDesign,

    /// <summary>培训大纲编写</summary>
    TrainingSyllabusWriting,

    /// <summary>采集处理指导</summary>
    CollectionGuidance,
}

/// <summary>How a task is scored: by one of the platform's functions, or by examiners against rubric lines.</summary>
public enum PracticalScoringKind
{
    TextClassification,
    EntitySpans,
    BoundingBoxes,
    Transcription,
    DataCleaning,
    ModelEvaluation,
    Rubric,
}

/// <summary>One line an examiner scores (M1, M2, …): what is looked for and the points it carries.</summary>
public sealed record RubricLine(string Code, string Criterion, decimal Points);

/// <summary>
/// A kind of practical task: its category, points, time allowance and how it is scored. Rubric-scored kinds carry
/// lines M1..Mn that add up to the task's points; platform-scored kinds carry none.
/// </summary>
public sealed record PracticalTaskKind
{
    public PracticalTaskKind(string code, string title, PracticalCategory category, PracticalScoringKind scoring, decimal points, int minutes,
        IReadOnlyList<RubricLine>? rubric = null)
    {
        if (string.IsNullOrWhiteSpace(code) || string.IsNullOrWhiteSpace(title))
            throw new RuleViolation("practical.task-name", "A task kind has a code and a title.", "code");
        if (!Enum.IsDefined(category))
            throw new RuleViolation("practical.task-category", "Choose one of the 8 task categories.", "category");
        if (!Enum.IsDefined(scoring))
            throw new RuleViolation("practical.task-scoring", "Choose how the task is scored.", "scoring");
        PracticalScoring.CheckPoints(points);
        // The level-3 assessment is 120 minutes in all; one task never takes more.
        if (minutes is < 1 or > 120)
            throw new RuleViolation("practical.task-minutes", "A task takes 1 to 120 minutes.", "minutes");
        rubric ??= [];
        if (scoring == PracticalScoringKind.Rubric)
        {
            if (rubric.Count == 0)
                throw new RuleViolation("practical.rubric-empty", "An examiner-scored task has at least one rubric line.", "rubric");
            if (rubric.Select((l, i) => l.Code == $"M{i + 1}").Any(ok => !ok))
                throw new RuleViolation("practical.rubric-codes", "Rubric lines are numbered M1, M2, … in order.", "rubric");
            if (rubric.Any(l => l.Points <= 0 || string.IsNullOrWhiteSpace(l.Criterion)))
                throw new RuleViolation("practical.rubric-line", "Each rubric line states a criterion worth more than 0 points.", "rubric");
            if (rubric.Sum(l => l.Points) != points)
                throw new RuleViolation("practical.rubric-total", "The rubric lines add up to the task's points.", "rubric");
        }
        else if (rubric.Count > 0)
            throw new RuleViolation("practical.rubric-platform", "A platform-scored task has no rubric lines.", "rubric");
        Code = code.Trim();
        Title = title.Trim();
        Category = category;
        Scoring = scoring;
        Points = points;
        Minutes = minutes;
        Rubric = rubric;
    }

    public string Code { get; }
    public string Title { get; }
    public PracticalCategory Category { get; }
    public PracticalScoringKind Scoring { get; }
    public decimal Points { get; }
    public int Minutes { get; }
    public IReadOnlyList<RubricLine> Rubric { get; }
}
