using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Tests.Domain.Practical;

public class PracticalTaskKindTests
{
    [Fact]
    public void An_examiner_scored_kind_carries_rubric_lines_M1_to_Mn_adding_up_to_its_points()
    {
        var kind = new PracticalTaskKind("l3-syllabus", "编写数据标注岗位培训大纲", PracticalCategory.TrainingSyllabusWriting, PracticalScoringKind.Rubric, 15m, 20,
            [new("M1", "培训目标明确", 5m), new("M2", "内容覆盖标注规范", 6m), new("M3", "课时安排合理", 4m)]);

        Assert.Equal((15m, 3), (kind.Points, kind.Rubric.Count));
    }

    [Theory]
    [InlineData(PracticalScoringKind.Rubric, "M1,M2", 10, 5, "practical.rubric-total")]
    [InlineData(PracticalScoringKind.Rubric, "M1,M3", 10, 10, "practical.rubric-codes")]
    [InlineData(PracticalScoringKind.Rubric, "", 10, 0, "practical.rubric-empty")]
    [InlineData(PracticalScoringKind.DataCleaning, "M1", 10, 10, "practical.rubric-platform")]
    public void A_kind_whose_rubric_does_not_fit_is_refused(PracticalScoringKind scoring, string codes, int points, int rubricPoints, string code)
    {
        var names = codes.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var lines = names.Select(n => new RubricLine(n, "要点", (decimal)rubricPoints / names.Length)).ToList();

        var e = Assert.ThrowsAny<RuleViolation>(() =>
            new PracticalTaskKind("k", "题目", PracticalCategory.DataCleaningAndAnnotation, scoring, points, 20, lines));

        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void A_task_longer_than_the_whole_assessment_is_refused()
    {
        Assert.Equal("practical.task-minutes", Assert.ThrowsAny<RuleViolation>(() =>
            new PracticalTaskKind("k", "题目", PracticalCategory.ModelDevelopmentAndTesting, PracticalScoringKind.ModelEvaluation, 10m, 121)).Code);
    }
}
