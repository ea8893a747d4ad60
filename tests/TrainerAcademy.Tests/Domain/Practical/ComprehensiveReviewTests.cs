using System.Text.Json;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Marking;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Tests.Domain.Practical;

/// <summary>
/// The comprehensive review (综合评审) of levels 2 and 1: its tasks and blueprints are marked as the review's, are
/// examiner-scored only, exist only at levels 2 and 1, and never mix with the skill paper's; the review is a paper of its
/// own, graded when the examiners agree, and a third component of the result.
/// </summary>
public class ComprehensiveReviewTests
{
    private static readonly DateTimeOffset Now = SkillPool.Now;

    private static readonly RubricLine[] Rubric =
    [
        new("M1", "背景与目标", 40),
        new("M2", "方案与效果", 60),
    ];

    private static PracticalTask ReviewTask(int level = 2, string code = "R1", PracticalScoringKind scoring = PracticalScoringKind.Rubric,
        AssessmentComponent component = AssessmentComponent.Review, string? content = null) =>
        new(code, level, "技术总结", PracticalCategory.DataAnalysisAndOptimization, scoring, 100, 60, "提交技术总结。", content,
            scoring == PracticalScoringKind.Rubric ? Rubric : null, Now, component);

    private static SkillBlueprint ReviewBlueprint(int level = 2) =>
        new(level, "二级综合评审", 60, 60, [new(PracticalCategory.DataAnalysisAndOptimization, 1, 100)], Now, AssessmentComponent.Review);

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public void Review_tasks_and_blueprints_belong_to_levels_2_and_1(int level)
    {
        Assert.Equal(AssessmentComponent.Review, ReviewTask(level).Component);
        Assert.Equal(AssessmentComponent.Review, ReviewBlueprint(level).Component);
        Assert.Equal("practical.review-level", Assert.Throws<RuleViolation>(() => ReviewTask(level: 3)).Code);
        Assert.Equal("practical.review-level", Assert.Throws<RuleViolation>(() => ReviewBlueprint(level: 3)).Code);
    }

    [Fact]
    public void A_review_task_is_scored_by_examiners_and_nothing_is_assessed_as_theory()
    {
        var refused = Assert.Throws<RuleViolation>(() => ReviewTask(scoring: PracticalScoringKind.TextClassification, content: PracticalTaskSamples.Classification));
        Assert.Equal("practical-task.review-rubric", refused.Code);
        Assert.Equal("practical.component", Assert.Throws<RuleViolation>(() => ReviewTask(component: AssessmentComponent.Theory)).Code);
        Assert.Equal("practical.component", Assert.Throws<RuleViolation>(() =>
            new SkillBlueprint(2, "x", 60, 60, [new(PracticalCategory.DataAnalysisAndOptimization, 1, 100)], Now, AssessmentComponent.Theory)).Code);

        // A skill task stays a skill task unless changed, and changing the component counts as a change.
        var task = ReviewTask();
        Assert.True(task.Change(2, task.Title, task.Category, task.Scoring, task.Points, task.Minutes, task.Instructions, null, Rubric, Now,
            AssessmentComponent.Skill));
        Assert.Equal(AssessmentComponent.Skill, task.Component);
        Assert.False(task.Change(2, task.Title, task.Category, task.Scoring, task.Points, task.Minutes, task.Instructions, null, Rubric, Now));
    }

    [Fact]
    public void Only_a_session_of_level_2_or_1_holds_a_review()
    {
        var session = new ExamSession(1, 2, 1, "二级考试", ExamMode.Online, null, 10, Now, Now.AddHours(4), Now.AddDays(-1), false, Now.AddDays(-10),
            skillBlueprintId: 7, reviewBlueprintId: 8);
        Assert.Equal(8, session.TaskBlueprintId(AssessmentComponent.Review));
        Assert.Equal(7, session.TaskBlueprintId(AssessmentComponent.Skill));
        Assert.Null(session.TaskBlueprintId(AssessmentComponent.Theory));
        Assert.Equal("practical.review-level", Assert.Throws<RuleViolation>(() =>
            new ExamSession(1, 3, 1, "三级考试", ExamMode.Online, null, 10, Now, Now.AddHours(4), Now.AddDays(-1), false, Now.AddDays(-10),
                skillBlueprintId: 7, reviewBlueprintId: 8)).Code);
    }

    [Fact]
    public void The_skill_paper_never_draws_a_review_task_and_the_review_never_draws_a_skill_task()
    {
        var review = ReviewTask(code: "R1");
        var skillTwin = ReviewTask(code: "S1", component: AssessmentComponent.Skill);
        var skillBlueprint = new SkillBlueprint(2, "二级技能", 60, 60, [new(PracticalCategory.DataAnalysisAndOptimization, 1, 100)], Now);

        Assert.Equal("S1", Assert.Single(SkillPaper.Draw(skillBlueprint, [review, skillTwin], 3)).Code);
        Assert.Equal("R1", Assert.Single(SkillPaper.Draw(ReviewBlueprint(), [review, skillTwin], 3)).Code);
        Assert.Throws<SkillBlueprintCannotBeFilled>(() => SkillPaper.Draw(skillBlueprint, [review], 3));
        Assert.Throws<SkillBlueprintCannotBeFilled>(() => SkillPaper.Draw(ReviewBlueprint(), [skillTwin], 3));
        Assert.Single(ReviewBlueprint().Shortfalls([skillTwin]));
        Assert.Empty(ReviewBlueprint().Shortfalls([review]));
    }

    [Fact]
    public void The_review_is_a_paper_of_its_own_graded_once_the_examiners_agree()
    {
        var blueprint = ReviewBlueprint();
        var session = new ExamSession(1, 2, 1, "二级考试", ExamMode.Online, null, 10, Now.AddMinutes(-30), Now.AddHours(4), Now.AddDays(-1), false,
            Now.AddDays(-10), skillBlueprintId: 7, reviewBlueprintId: 8);
        var registration = new ExamRegistration(session, "learner", "T1", new ApplicationDeclaration(2, null, true, false), "test", Now.AddDays(-10));
        var tasks = SkillPaper.Draw(blueprint, [ReviewTask()], 5);
        var attempt = new ExamAttempt(registration, session, blueprint, 5, tasks, Now);
        Assert.Equal(AssessmentComponent.Review, attempt.Component);
        Assert.Equal(Now.AddMinutes(60), attempt.Deadline);

        var task = Assert.Single(attempt.Tasks);
        var saved = attempt.SaveAnswer(task, JsonDocument.Parse("""{"text":"项目背景……"}""").RootElement, 1, Now, TimeSpan.FromMinutes(1));
        Assert.True(task.Record(saved));
        attempt.Submit(Now.AddMinutes(40), automatic: false);
        Assert.Null(attempt.GradeSkill(Now.AddMinutes(41)));
        Assert.True(attempt.AwaitingExaminers);

        var first = new ScriptMark(attempt, task, 1, "examiner-1", Now.AddHours(1));
        first.Submit(Rubric, [new("M1", 30), new("M2", 50)], null, Now.AddHours(1), TimeSpan.FromHours(1));
        var second = new ScriptMark(attempt, task, 2, "examiner-2", Now.AddHours(2));
        second.Submit(Rubric, [new("M1", 32), new("M2", 44)], null, Now.AddHours(2), TimeSpan.FromHours(1));
        attempt.TakeMarks(task, [first, second], 15m, Now.AddHours(2));

        Assert.Equal(AttemptStatus.Graded, attempt.Status);
        Assert.Equal(78m, attempt.Score);
        Assert.True(attempt.Passed);
        Assert.Equal(AssessmentOutcome.Passed, CombinedResult.Decide(2,
            [new(AssessmentComponent.Theory, 70, 60), new(AssessmentComponent.Skill, 65, 60), new(AssessmentComponent.Review, attempt.Score, attempt.PassMark)]));
        Assert.Equal(AssessmentOutcome.Pending, CombinedResult.Decide(2,
            [new(AssessmentComponent.Theory, 70, 60), new(AssessmentComponent.Skill, 65, 60)]));
    }
}
