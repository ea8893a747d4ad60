using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Tests.Domain.Practical;

/// <summary>A practical task pool and a skill blueprint that draws from it, shared by the tests and the scoring benchmark.</summary>
public static class SkillPool
{
    public static readonly DateTimeOffset Now = new(2027, 3, 6, 1, 0, 0, TimeSpan.Zero);

    public static PracticalTask Task(string code, PracticalScoringKind scoring, string? content, decimal points, PracticalCategory category,
        int level = 3, IReadOnlyList<RubricLine>? rubric = null) =>
        new(code, level, "任务 " + code, category, scoring, points, 15, "按说明完成任务。", content, rubric, Now);

    /// <summary>One task of each platform-scored kind, 100 points in all (10 + 10 + 20 + 15 + 25 + 20), and a written task of 25.</summary>
    public static List<PracticalTask> Pool() =>
    [
        Task("CLS", PracticalScoringKind.TextClassification, PracticalTaskSamples.Classification, 10, PracticalCategory.DataCleaningAndAnnotation),
        Task("ENT", PracticalScoringKind.EntitySpans, PracticalTaskSamples.Entities, 10, PracticalCategory.DataCleaningAndAnnotation),
        Task("BOX", PracticalScoringKind.BoundingBoxes, PracticalTaskSamples.Boxes, 20, PracticalCategory.CollectionGuidance),
        Task("TRN", PracticalScoringKind.Transcription, PracticalTaskSamples.Transcription, 15, PracticalCategory.BusinessDataProcessing),
        Task("CLN", PracticalScoringKind.DataCleaning, PracticalTaskSamples.Cleaning, 25, PracticalCategory.DataCleaningAndAnnotation),
        Task("EVL", PracticalScoringKind.ModelEvaluation, PracticalTaskSamples.Evaluation, 20, PracticalCategory.ModelDevelopmentAndTesting),
        Task("WRT", PracticalScoringKind.Rubric, null, 25, PracticalCategory.TrainingSyllabusWriting, rubric: PracticalTaskSamples.RubricLines),
    ];

    public static SkillBlueprint Blueprint() => new(3, "三级技能", 120, 60,
    [
        new(PracticalCategory.DataCleaningAndAnnotation, 2, 10),
        new(PracticalCategory.DataCleaningAndAnnotation, 1, 25),
        new(PracticalCategory.CollectionGuidance, 1, 20),
        new(PracticalCategory.BusinessDataProcessing, 1, 15),
        new(PracticalCategory.ModelDevelopmentAndTesting, 1, 20),
    ], Now);
}

public static class PracticalTaskSamples
{
    public const string Classification =
        "{\"labels\":[\"正面\",\"负面\"],\"items\":[{\"id\":\"t1\",\"text\":\"物流很快，包装完好\",\"label\":\"正面\"},{\"id\":\"t2\",\"text\":\"客服一直不回复\",\"label\":\"负面\"}]}";

    public const string Entities = "{\"text\":\"张三去北京出差\",\"types\":[\"人名\",\"地名\"],\"spans\":[{\"start\":0,\"end\":2,\"type\":\"人名\"},{\"start\":3,\"end\":5,\"type\":\"地名\"}]}";

    public const string Boxes = "{\"seed\":42,\"images\":3}";

    public const string Transcription = "{\"items\":[{\"id\":\"a1\",\"reference\":\"今天天气很好\"},{\"id\":\"a2\",\"reference\":\"请于九点前到达考场\"}]}";

    public const string Cleaning = "{\"seed\":7,\"records\":40}";

    public const string Evaluation =
        "{\"classes\":[\"正常\",\"欺诈\"],\"positive\":\"欺诈\",\"actual\":[\"正常\",\"欺诈\",\"欺诈\",\"正常\"],\"predicted\":[\"正常\",\"欺诈\",\"正常\",\"欺诈\"],\"tolerance\":0.01}";

    public static readonly IReadOnlyList<RubricLine> RubricLines =
    [
        new("M1", "培训目标明确，符合岗位要求", 10),
        new("M2", "内容模块与课时安排合理", 10),
        new("M3", "考核方式与评价标准清晰", 5),
    ];
}
