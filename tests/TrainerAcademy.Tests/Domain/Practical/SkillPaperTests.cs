using System.Text;
using System.Text.Json;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Tests.Domain.Practical;

/// <summary>
/// The skill paper: drawn from the task pool by a blueprint, each candidate's generated material from a seed of their
/// own, answers checked against the task's shape when saved, platform-scored tasks marked against this candidate's
/// gold answers, and the paper graded only once every task has a score.
/// </summary>
public class SkillPaperTests
{
    private static readonly DateTimeOffset Now = SkillPool.Now;

    private static ExamAttempt Attempt(IReadOnlyList<AttemptTask> tasks, SkillBlueprint? blueprint = null)
    {
        var session = new ExamSession(1, 3, 1, "三级技能考核", ExamMode.Online, null, 10, Now.AddMinutes(-30), Now.AddHours(4), Now.AddDays(-1), true,
            Now.AddDays(-10), skillBlueprintId: 1);
        var registration = new ExamRegistration(session, "learner", "T1", new ApplicationDeclaration(4, null, true, false), "test", Now.AddDays(-10));
        return new ExamAttempt(registration, session, blueprint ?? SimpleBlueprint, 5, tasks, Now);
    }

    private static readonly SkillBlueprint SimpleBlueprint = new(3, "简单", 120, 60, [new(PracticalCategory.DataCleaningAndAnnotation, 1, 100)], Now);

    private static AttemptTask Drawn(PracticalTask task, int paperSeed = 11) => new(1, task, AttemptTask.ContentFor(task, paperSeed, 1));

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>Saves an answer through the attempt's rule and records it on the task, as the database's conditional update does.</summary>
    private static void Answer(ExamAttempt attempt, AttemptTask task, string json, int revision = 1) =>
        Assert.True(task.Record(attempt.SaveAnswer(task, Json(json), revision, Now, TimeSpan.FromMinutes(1))));

    private static RuleViolation Refused(ExamAttempt attempt, AttemptTask task, string json) =>
        Assert.ThrowsAny<RuleViolation>(() => attempt.SaveAnswer(task, Json(json), 1, Now, TimeSpan.FromMinutes(1)));

    [Fact]
    public void A_blueprint_totals_100_points_with_one_line_per_category_and_points()
    {
        Assert.Equal(100m, SkillPool.Blueprint().Lines.Sum(l => l.Total));
        Assert.Equal("skill-blueprint.total", Assert.Throws<RuleViolation>(() =>
            new SkillBlueprint(3, "x", 120, 60, [new(PracticalCategory.DataCleaningAndAnnotation, 2, 10)], Now)).Code);
        Assert.Equal("skill-blueprint.duplicate-line", Assert.Throws<RuleViolation>(() => new SkillBlueprint(3, "x", 120, 60,
            [new(PracticalCategory.DataCleaningAndAnnotation, 1, 50), new(PracticalCategory.DataCleaningAndAnnotation, 1, 50)], Now)).Code);
        Assert.Equal("skill-blueprint.duration", Assert.Throws<RuleViolation>(() =>
            new SkillBlueprint(3, "x", 10, 60, [new(PracticalCategory.DataCleaningAndAnnotation, 1, 100)], Now)).Code);
    }

    [Fact]
    public void The_same_seed_draws_the_same_paper_and_only_active_tasks_of_the_level_with_the_lines_points()
    {
        var pool = SkillPool.Pool();
        pool.Add(SkillPool.Task("CLS2", PracticalScoringKind.TextClassification, PracticalTaskSamples.Classification, 10, PracticalCategory.DataCleaningAndAnnotation));
        var retired = SkillPool.Task("CLS3", PracticalScoringKind.TextClassification, PracticalTaskSamples.Classification, 10, PracticalCategory.DataCleaningAndAnnotation);
        retired.Deactivate(Now);
        pool.Add(retired);
        pool.Add(SkillPool.Task("CLS4", PracticalScoringKind.TextClassification, PracticalTaskSamples.Classification, 10, PracticalCategory.DataCleaningAndAnnotation, level: 4));
        var blueprint = SkillPool.Blueprint();

        var paper = SkillPaper.Draw(blueprint, pool, 7);
        Assert.Equal(paper.Select(t => t.Code), SkillPaper.Draw(blueprint, pool, 7).Select(t => t.Code));
        Assert.Equal(100m, paper.Sum(t => t.Points));
        Assert.Equal(Enumerable.Range(1, paper.Count), paper.Select(t => t.Position));
        Assert.DoesNotContain(paper, t => t.Code is "CLS3" or "CLS4" or "WRT");
        Assert.Equal(paper.Count, paper.Select(t => t.Code).Distinct().Count());
        // Over many seeds both 10-point annotation tasks of the stratum are drawn.
        var drawn = Enumerable.Range(0, 20).SelectMany(s => SkillPaper.Draw(blueprint, pool, s)).Select(t => t.Code).ToHashSet();
        Assert.Contains("CLS2", drawn);
        Assert.Contains("ENT", drawn);
    }

    [Fact]
    public void A_pool_too_small_for_a_line_is_refused_naming_the_line()
    {
        var pool = SkillPool.Pool().Where(t => t.Code != "EVL").ToList();
        var refused = Assert.Throws<SkillBlueprintCannotBeFilled>(() => SkillPaper.Draw(SkillPool.Blueprint(), pool, 1));
        var shortfall = Assert.Single(refused.Shortfalls);
        Assert.Equal((PracticalCategory.ModelDevelopmentAndTesting, 20m, 1, 0), (shortfall.Category, shortfall.Points, shortfall.Needed, shortfall.Available));
    }

    [Fact]
    public void Generated_material_differs_between_candidates_and_is_made_again_identically()
    {
        var box = SkillPool.Pool().Single(t => t.Code == "BOX");
        var a = Drawn(box, paperSeed: 1);
        var b = Drawn(box, paperSeed: 2);
        Assert.NotEqual(a.ContentJson, b.ContentJson);
        Assert.Equal(a.Scenes(), Drawn(box, paperSeed: 1).Scenes(), new SceneComparer());
        Assert.NotEqual(a.Scenes().SelectMany(s => s.GoldBoxes), b.Scenes().SelectMany(s => s.GoldBoxes));

        var cleaning = SkillPool.Pool().Single(t => t.Code == "CLN");
        Assert.NotEqual(Drawn(cleaning, 1).Dataset()!.Dirty, Drawn(cleaning, 2).Dataset()!.Dirty);
    }

    private sealed class SceneComparer : IEqualityComparer<SceneImage>
    {
        public bool Equals(SceneImage? x, SceneImage? y) => x!.Id == y!.Id && x.Objects.SequenceEqual(y.Objects);

        public int GetHashCode(SceneImage obj) => obj.Id.GetHashCode();
    }

    [Fact]
    public void Scene_objects_lie_inside_the_image_apart_from_each_other_and_the_drawing_fills_each_box()
    {
        foreach (var seed in Enumerable.Range(0, 30))
            foreach (var image in BoxScene.Generate(seed, 3))
            {
                Assert.InRange(image.Objects.Count, 2, 4);
                foreach (var o in image.Objects)
                {
                    Assert.InRange(o.X, 0, image.Width - o.Width);
                    Assert.InRange(o.Y, 0, image.Height - o.Height);
                }
                var boxes = image.GoldBoxes.ToList();
                for (var i = 0; i < boxes.Count; i++)
                    for (var j = i + 1; j < boxes.Count; j++)
                        Assert.Equal(0m, boxes[i].IoU(boxes[j]));
            }
        var scene = BoxScene.Generate(5, 1)[0];
        var svg = BoxScene.Svg(scene);
        var o0 = scene.Objects[0];
        Assert.Contains($"x=\"{o0.X}\"", svg);
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"400\"", svg);
    }

    [Fact]
    public void Perfect_answers_score_full_points_and_empty_answers_nothing()
    {
        var pool = SkillPool.Pool();
        var box = Drawn(pool.Single(t => t.Code == "BOX"));
        var cleaning = Drawn(pool.Single(t => t.Code == "CLN"));
        var truth = cleaning.Dataset()!.Truth;
        var csv = new StringBuilder(string.Join(",", truth.Columns.Select(c => c.Name)) + "\n");
        foreach (var r in truth.Records) csv.Append(string.Join(",", r.Values)).Append('\n');
        var perfect = new (AttemptTask Task, string Answer)[]
        {
            (Drawn(pool.Single(t => t.Code == "CLS")), "{\"t1\":\"正面\",\"t2\":\"负面\"}"),
            (Drawn(pool.Single(t => t.Code == "ENT")), "[{\"start\":0,\"end\":2,\"type\":\"人名\"},{\"start\":3,\"end\":5,\"type\":\"地名\"}]"),
            (box, JsonSerializer.Serialize(box.Scenes().SelectMany(s => s.Objects.Select(o => new { image = s.Id, x = o.X, y = o.Y, width = o.Width, height = o.Height, label = o.Label })))),
            (Drawn(pool.Single(t => t.Code == "TRN")), "{\"a1\":\"今天天气很好\",\"a2\":\"请于九点前到达考场\"}"),
            (cleaning, JsonSerializer.Serialize(new { fileName = "clean.csv", csv = csv.ToString() })),
            (Drawn(pool.Single(t => t.Code == "EVL")), "{\"accuracy\":0.5,\"precision\":0.5,\"recall\":0.5,\"f1\":0.5,\"confusionMatrix\":[[1,1],[1,1]]}"),
        };
        foreach (var (task, answer) in perfect)
        {
            var attempt = Attempt([task]);
            Assert.Equal(0m, task.Mark()!.Points);
            Answer(attempt, task, answer);
            var score = task.Mark()!;
            Assert.True(task.Points == score.Points, $"{task.Code}: {score.Points} of {task.Points}: {string.Join("; ", score.Breakdown.Select(l => l.Text))}");
            Assert.Equal(score.Points, task.Awarded);
            Assert.NotEmpty(task.Breakdown);
        }
    }

    [Theory]
    [InlineData("CLS", "{\"t1\":\"中性\"}", "answer.unknown-label")]
    [InlineData("CLS", "{\"t9\":\"正面\"}", "answer.unknown-item")]
    [InlineData("CLS", "[\"正面\"]", "answer.invalid")]
    [InlineData("CLS", "{\"t1\":3}", "answer.invalid")]
    [InlineData("ENT", "[{\"start\":5,\"end\":99,\"type\":\"人名\"}]", "answer.span-range")]
    [InlineData("ENT", "[{\"start\":2,\"end\":2,\"type\":\"人名\"}]", "answer.span-range")]
    [InlineData("ENT", "[{\"start\":0,\"end\":2,\"type\":\"机构\"}]", "answer.unknown-label")]
    [InlineData("ENT", "{\"start\":0}", "answer.invalid")]
    [InlineData("BOX", "[{\"image\":\"9\",\"x\":1,\"y\":1,\"width\":5,\"height\":5,\"label\":\"车辆\"}]", "answer.unknown-item")]
    [InlineData("BOX", "[{\"image\":\"1\",\"x\":600,\"y\":1,\"width\":80,\"height\":5,\"label\":\"车辆\"}]", "answer.box-range")]
    [InlineData("BOX", "[{\"image\":\"1\",\"x\":1,\"y\":1,\"width\":0,\"height\":5,\"label\":\"车辆\"}]", "answer.box-range")]
    [InlineData("BOX", "[{\"image\":\"1\",\"x\":1,\"y\":1,\"width\":5,\"height\":5,\"label\":\"飞机\"}]", "answer.unknown-label")]
    [InlineData("TRN", "{\"zz\":\"你好\"}", "answer.unknown-item")]
    [InlineData("CLN", "{\"fileName\":\"a.csv\",\"csv\":\"\"}", "practical.csv-empty")]
    [InlineData("CLN", "{\"fileName\":\"a.csv\",\"csv\":\"id,name\\nM1,王伟\\n\"}", "practical.csv-header")]
    [InlineData("CLN", "{\"fileName\":\"a.csv\",\"csv\":\"id,name,city,signup_date,age,monthly_spend\\nM1,\\\"王伟,上海\\n\"}", "practical.csv-malformed")]
    [InlineData("CLN", "{\"fileName\":\"a.csv\",\"csv\":\"id,name,city,signup_date,age,monthly_spend\\nM1,王伟\\n\"}", "practical.csv-row-width")]
    [InlineData("CLN", "\"id,name\"", "answer.invalid")]
    [InlineData("EVL", "{\"accuracy\":1.5}", "answer.metric-range")]
    [InlineData("EVL", "{\"confusionMatrix\":[[1,-1]]}", "answer.matrix")]
    [InlineData("WRT", "\"只是一段文字\"", "answer.invalid")]
    public void A_malformed_answer_is_refused_with_what_it_should_look_like(string code, string answer, string expected)
    {
        var task = Drawn(SkillPool.Pool().Single(t => t.Code == code));
        var refused = Refused(Attempt([task]), task, answer);
        Assert.Equal(expected, refused.Code);
        Assert.Contains(refused.Field, new[] { "response", "file" });
    }

    [Fact]
    public void Answers_are_stored_in_one_form_and_only_a_newer_revision_lands()
    {
        var task = Drawn(SkillPool.Pool().Single(t => t.Code == "CLS"));
        var attempt = Attempt([task]);
        Answer(attempt, task, "{ \"t2\" : \" 负面 \", \"t1\": null }", revision: 2);
        Assert.Equal("{\"t2\":\"负面\"}", task.Response);
        Assert.False(task.Record(attempt.SaveAnswer(task, Json("{\"t1\":\"正面\"}"), 1, Now, TimeSpan.Zero)));
        Assert.Equal("{\"t2\":\"负面\"}", task.Response);
        Assert.Null(attempt.SaveAnswer(task, Json("null"), 3, Now, TimeSpan.Zero).Response);
    }

    [Fact]
    public void A_skill_paper_with_a_written_task_waits_for_examiners_and_is_graded_once_it_is_scored()
    {
        var pool = SkillPool.Pool();
        var written = Drawn(pool.Single(t => t.Code == "WRT"));
        var classification = new AttemptTask(2, pool.Single(t => t.Code == "CLS"), pool.Single(t => t.Code == "CLS").ContentJson);
        var attempt = Attempt([written, classification]);
        Answer(attempt, written, "{\"text\":\"培训目标：……\"}");
        Assert.Equal("attempt.not-submitted", Assert.Throws<ConflictViolation>(() => attempt.GradeSkill(Now)).Code);

        attempt.Submit(Now.AddMinutes(30), automatic: false);
        Assert.Null(attempt.GradeSkill(Now.AddMinutes(31)));
        Assert.True(attempt.AwaitingExaminers);
        Assert.Equal(AttemptStatus.Submitted, attempt.Status);
        Assert.Equal(0m, classification.Awarded);
        Assert.Null(written.Awarded);
        Assert.Equal("practical.platform-scored", Assert.Throws<ConflictViolation>(() => classification.Award(5, [])).Code);
        Assert.Equal("practical.award", Assert.Throws<RuleViolation>(() => written.Award(26, [])).Code);

        written.Award(21.5m, [new ScoreLine("M1", "目标明确", 8)]);
        Assert.Equal(21.5m, attempt.GradeSkill(Now.AddHours(2)));
        Assert.Equal(AttemptStatus.Graded, attempt.Status);
        Assert.False(attempt.Passed);
        Assert.False(attempt.AwaitingExaminers);
        Assert.Equal(AssessmentComponent.Skill, attempt.Component);
    }
}
