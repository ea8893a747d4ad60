using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Tests.Domain.Practical;

public class PracticalTaskTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 2, 0, 0, TimeSpan.Zero);

    public static TheoryData<PracticalScoringKind, string> GoodContents => new()
    {
        { PracticalScoringKind.TextClassification, PracticalTaskSamples.Classification },
        { PracticalScoringKind.EntitySpans, PracticalTaskSamples.Entities },
        { PracticalScoringKind.BoundingBoxes, PracticalTaskSamples.Boxes },
        { PracticalScoringKind.Transcription, PracticalTaskSamples.Transcription },
        { PracticalScoringKind.DataCleaning, PracticalTaskSamples.Cleaning },
        { PracticalScoringKind.ModelEvaluation, PracticalTaskSamples.Evaluation },
    };

    public static TheoryData<PracticalScoringKind, string, string> BadContents => new()
    {
        { PracticalScoringKind.TextClassification, "{\"labels\":[\"正面\",\"负面\"],\"items\":[{\"id\":\"t1\",\"text\":\"好\",\"label\":\"中性\"}]}", "practical-task.classification-label" },
        { PracticalScoringKind.TextClassification, "{\"labels\":[\"正面\",\"负面\"],\"items\":[{\"id\":\"t1\",\"text\":\"好\",\"label\":\"正面\"},{\"id\":\"t1\",\"text\":\"差\",\"label\":\"负面\"}]}", "practical-task.content-ids" },
        { PracticalScoringKind.TextClassification, "{\"labels\":[\"正面\"],\"items\":[{\"id\":\"t1\",\"text\":\"好\",\"label\":\"正面\"}]}", "practical-task.classification-labels" },
        { PracticalScoringKind.TextClassification, "{\"labels\":[\"正面\",\"负面\"],\"items\":[]}", "practical-task.content-items" },
        { PracticalScoringKind.EntitySpans, "{\"text\":\"张三去北京\",\"types\":[\"人名\"],\"spans\":[{\"start\":3,\"end\":9,\"type\":\"人名\"}]}", "practical-task.entity-span-range" },
        { PracticalScoringKind.EntitySpans, "{\"text\":\"张三去北京\",\"types\":[\"人名\"],\"spans\":[{\"start\":3,\"end\":5,\"type\":\"地名\"}]}", "practical-task.entity-span-type" },
        { PracticalScoringKind.EntitySpans, "{\"text\":\"张三去北京\",\"types\":[\"人名\"],\"spans\":[{\"start\":2,\"end\":2,\"type\":\"人名\"}]}", "practical-task.entity-span-range" },
        { PracticalScoringKind.BoundingBoxes, "{\"seed\":1,\"images\":0}", "practical-task.box-images" },
        { PracticalScoringKind.BoundingBoxes, "{\"seed\":\"abc\",\"images\":3}", "practical-task.content-json" },
        { PracticalScoringKind.Transcription, "{\"items\":[{\"id\":\"a1\",\"reference\":\"  \"}]}", "practical-task.transcription-reference" },
        { PracticalScoringKind.Transcription, "{\"clips\":[{\"id\":\"a1\",\"reference\":\"你好\"}]}", "practical-task.content-json" },
        { PracticalScoringKind.DataCleaning, "{\"seed\":7,\"records\":5}", "practical.generator-size" },
        { PracticalScoringKind.DataCleaning, "{\"seed\":7}", "practical-task.content-json" },
        { PracticalScoringKind.ModelEvaluation, "{\"classes\":[\"正常\",\"欺诈\"],\"positive\":\"欺诈\",\"actual\":[\"正常\"],\"predicted\":[\"正常\",\"欺诈\"]}", "practical.evaluation-lengths" },
        { PracticalScoringKind.ModelEvaluation, "{\"classes\":[\"正常\",\"欺诈\"],\"positive\":\"其他\",\"actual\":[\"正常\"],\"predicted\":[\"正常\"]}", "practical.evaluation-classes" },
        { PracticalScoringKind.ModelEvaluation, "{\"classes\":[\"正常\",\"欺诈\"],\"positive\":\"欺诈\",\"actual\":[\"正常\"],\"predicted\":[\"疑似\"]}", "practical.evaluation-unknown-class" },
        { PracticalScoringKind.ModelEvaluation, "{\"classes\":[\"正常\",\"欺诈\"],\"positive\":\"欺诈\",\"actual\":[\"正常\"],\"predicted\":[\"正常\"],\"tolerance\":0.9}", "practical.evaluation-tolerance" },
        { PracticalScoringKind.Transcription, "not json", "practical-task.content-json" },
        { PracticalScoringKind.Transcription, "", "practical-task.content-required" },
        { PracticalScoringKind.Rubric, "{\"seed\":1}", "practical-task.content-rubric" },
    };

    private static PracticalTask Task(PracticalScoringKind scoring, string? content, IReadOnlyList<RubricLine>? rubric = null, decimal points = 15) =>
        new("P-1", 3, "一道实操题", PracticalCategory.DataCleaningAndAnnotation, scoring, points, 20, "按要求完成。", content, rubric, Now);

    [Theory]
    [MemberData(nameof(GoodContents))]
    public void A_task_takes_content_that_fits_its_scoring_kind_and_reads_it_back_typed(PracticalScoringKind scoring, string content)
    {
        var task = Task(scoring, content);

        Assert.NotNull(task.ContentJson);
        var parsed = task.Content;
        Assert.Equal(scoring switch
        {
            PracticalScoringKind.TextClassification => typeof(ClassificationContent),
            PracticalScoringKind.EntitySpans => typeof(EntityContent),
            PracticalScoringKind.BoundingBoxes => typeof(BoundingBoxContent),
            PracticalScoringKind.Transcription => typeof(TranscriptionContent),
            PracticalScoringKind.DataCleaning => typeof(DataCleaningContent),
            _ => typeof(ModelEvaluationContent),
        }, parsed!.GetType());
        Assert.Equal(task.ContentJson, PracticalTaskContent.Normalize(scoring, task.ContentJson));
    }

    [Theory]
    [MemberData(nameof(BadContents))]
    public void Content_that_does_not_fit_its_scoring_kind_is_a_rule_on_the_content_field(PracticalScoringKind scoring, string content, string code)
    {
        var rubric = scoring == PracticalScoringKind.Rubric ? PracticalTaskSamples.RubricLines : null;
        var violation = Assert.Throws<RuleViolation>(() => Task(scoring, content, rubric, rubric is null ? 15 : 25));

        Assert.Equal(code, violation.Code);
        Assert.Equal("content", violation.Field);
    }

    [Fact]
    public void The_stored_content_scores_through_the_scoring_functions()
    {
        var classification = (ClassificationContent)Task(PracticalScoringKind.TextClassification, PracticalTaskSamples.Classification).Content!;
        var score = TextClassification.Score(classification.Gold, classification.Items.ToDictionary(i => i.Id, i => (string?)i.Label), 15m, classification.Basis);
        Assert.Equal(15m, score.Points);

        var evaluation = (ModelEvaluationContent)Task(PracticalScoringKind.ModelEvaluation, PracticalTaskSamples.Evaluation).Content!;
        var m = evaluation.Expected;
        Assert.Equal(15m, ModelEvaluation.Score(m, new(m.Accuracy, m.Precision, m.Recall, m.F1, m.ConfusionMatrix), 15m, evaluation.Tolerance).Points);

        var cleaning = (DataCleaningContent)Task(PracticalScoringKind.DataCleaning, PracticalTaskSamples.Cleaning).Content!;
        Assert.Equal(40, cleaning.Generate().Truth.Records.Count);
    }

    [Fact]
    public void A_rubric_task_has_no_content_and_rubric_lines_that_add_up_to_its_points()
    {
        var task = Task(PracticalScoringKind.Rubric, null, PracticalTaskSamples.RubricLines, 25);
        Assert.Null(task.ContentJson);
        Assert.Equal(["M1", "M2", "M3"], task.Rubric.Select(l => l.Code));
        Assert.Equal(25, task.Kind.Rubric.Sum(l => l.Points));

        Assert.Equal("practical.rubric-total", Assert.Throws<RuleViolation>(() => Task(PracticalScoringKind.Rubric, null, PracticalTaskSamples.RubricLines, 30)).Code);
        Assert.Equal("practical.rubric-empty", Assert.Throws<RuleViolation>(() => Task(PracticalScoringKind.Rubric, null, [], 25)).Code);
        Assert.Equal("practical.rubric-platform",
            Assert.Throws<RuleViolation>(() => Task(PracticalScoringKind.DataCleaning, PracticalTaskSamples.Cleaning, PracticalTaskSamples.RubricLines)).Code);
    }

    [Fact]
    public void The_task_checks_its_code_level_title_minutes_and_instructions()
    {
        Assert.Equal("code", Assert.Throws<RuleViolation>(() =>
            new PracticalTask(new string('X', 21), 3, "题", PracticalCategory.BusinessDataProcessing, PracticalScoringKind.DataCleaning, 10, 20, "要求", PracticalTaskSamples.Cleaning, null, Now)).Field);
        Assert.Equal("level", Assert.Throws<RuleViolation>(() =>
            new PracticalTask("P-2", 6, "题", PracticalCategory.BusinessDataProcessing, PracticalScoringKind.DataCleaning, 10, 20, "要求", PracticalTaskSamples.Cleaning, null, Now)).Field);
        Assert.Equal("title", Assert.Throws<RuleViolation>(() =>
            new PracticalTask("P-2", 3, " ", PracticalCategory.BusinessDataProcessing, PracticalScoringKind.DataCleaning, 10, 20, "要求", PracticalTaskSamples.Cleaning, null, Now)).Field);
        Assert.Equal("minutes", Assert.Throws<RuleViolation>(() =>
            new PracticalTask("P-2", 3, "题", PracticalCategory.BusinessDataProcessing, PracticalScoringKind.DataCleaning, 10, 121, "要求", PracticalTaskSamples.Cleaning, null, Now)).Field);
        Assert.Equal("instructions", Assert.Throws<RuleViolation>(() =>
            new PracticalTask("P-2", 3, "题", PracticalCategory.BusinessDataProcessing, PracticalScoringKind.DataCleaning, 10, 20, new string('要', 4001), PracticalTaskSamples.Cleaning, null, Now)).Field);
        Assert.Equal("points", Assert.Throws<RuleViolation>(() =>
            new PracticalTask("P-2", 3, "题", PracticalCategory.BusinessDataProcessing, PracticalScoringKind.DataCleaning, 0, 20, "要求", PracticalTaskSamples.Cleaning, null, Now)).Field);
    }

    [Fact]
    public void A_change_raises_the_revision_and_an_unchanged_save_does_not()
    {
        var task = Task(PracticalScoringKind.BoundingBoxes, PracticalTaskSamples.Boxes);
        Assert.False(task.Change(3, "一道实操题", PracticalCategory.DataCleaningAndAnnotation, PracticalScoringKind.BoundingBoxes, 15, 20, "按要求完成。",
            "{ \"images\": 3, \"seed\": 42 }", null, Now.AddHours(1)));
        Assert.Equal(0, task.Revision);
        Assert.Equal(Now, task.UpdatedAt);

        Assert.True(task.Change(3, "一道实操题", PracticalCategory.DataCleaningAndAnnotation, PracticalScoringKind.BoundingBoxes, 15, 25, "按要求完成。",
            PracticalTaskSamples.Boxes, null, Now.AddHours(1)));
        Assert.Equal(1, task.Revision);
        task.Deactivate(Now.AddHours(2));
        Assert.False(task.Active);
        Assert.Equal(2, task.Revision);
    }
}
