using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Features.ExamSitting;
using TrainerAcademy.Tests.Domain.Practical;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.ExamSitting;

/// <summary>
/// The skill assessment through the API: a second attempt of the same registration (component "skill") drawn from the
/// task pool, answers of every task kind through the same answer API with revisions, generated material for its
/// candidate only, malformed answers refused whole, platform scoring when handed in, and a paper with a written task
/// held for examiners.
/// </summary>
public abstract class SkillAttemptTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : SkillAttemptTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : SkillAttemptTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AcademyFactory, Task<(int Platform, int Written)>> Blueprints = new();

    /// <summary>
    /// A level-4 pool with the sample task of each kind and a written task, and two skill blueprints: one of platform-scored
    /// tasks only (100 points) and one with the written task. Every task of a stratum has the same content, so whichever
    /// is drawn, the same answer is right.
    /// </summary>
    private static Task<(int Platform, int Written)> PoolAsync(AcademyFactory factory) => Blueprints.GetValue(factory, MakePoolAsync);

    private static async Task<(int Platform, int Written)> MakePoolAsync(AcademyFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var now = factory.Clock!.GetUtcNow();
        var tag = Guid.NewGuid().ToString("N")[..6];
        foreach (var task in SkillPool.Pool())
            db.PracticalTasks.Add(new PracticalTask($"{tag}-{task.Code}", ExamSittingKit.Level, task.Title, task.Category, task.Scoring, task.Points, task.Minutes,
                task.Instructions, task.ContentJson, task.Scoring == PracticalScoringKind.Rubric ? task.Rubric : null, now));
        var platform = new SkillBlueprint(ExamSittingKit.Level, "平台评分 " + tag, 120, 60,
        [
            new(PracticalCategory.DataCleaningAndAnnotation, 2, 10),
            new(PracticalCategory.DataCleaningAndAnnotation, 1, 25),
            new(PracticalCategory.CollectionGuidance, 1, 20),
            new(PracticalCategory.BusinessDataProcessing, 1, 15),
            new(PracticalCategory.ModelDevelopmentAndTesting, 1, 20),
        ], now);
        var written = new SkillBlueprint(ExamSittingKit.Level, "含笔试 " + tag, 120, 60,
        [
            new(PracticalCategory.DataCleaningAndAnnotation, 2, 10),
            new(PracticalCategory.TrainingSyllabusWriting, 1, 25),
            new(PracticalCategory.CollectionGuidance, 1, 20),
            new(PracticalCategory.BusinessDataProcessing, 1, 15),
            new(PracticalCategory.ModelDevelopmentAndTesting, 1, 20),
        ], now);
        db.SkillBlueprints.AddRange(platform, written);
        await db.SaveChangesAsync();
        return (platform.Id, written.Id);
    }

    private Task<ExamSetup> SessionAsync(bool written = false) => SkillSessionAsync(factory, written);

    private Task<ExamAttempt> SkillAttemptAsync(int attemptId) =>
        factory.DbAsync(db => db.ExamAttempts.AsNoTracking().Include(a => a.Tasks).SingleAsync(a => a.Id == attemptId));

    private static JsonElement Task(JsonElement paper, PracticalScoringKind scoring) =>
        paper.GetProperty("tasks").EnumerateArray().First(t => t.GetProperty("scoring").GetString() == scoring.ToString());

    private static int ItemId(JsonElement task) => task.GetProperty("itemId").GetInt32();

    [Fact]
    public async Task The_skill_paper_is_a_second_attempt_of_the_registration_with_material_and_no_gold_answer()
    {
        var exam = await SessionAsync();
        var client = exam.Candidate.Client;
        var skillResponse = await client.StartAsync(exam.RegistrationId, "skill");
        var skillBody = await skillResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var skill = await skillResponse.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Skill", skill.GetProperty("component").GetString());
        Assert.Empty(skill.GetProperty("items").EnumerateArray());
        var tasks = skill.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(6, tasks.Count);
        Assert.Equal(100m, tasks.Sum(t => t.GetProperty("points").GetDecimal()));
        Assert.Equal(skill.GetProperty("serverNow").GetDateTimeOffset().AddMinutes(120), skill.GetProperty("deadline").GetDateTimeOffset());

        // Nothing of the gold answers: no labels on the items, no spans, no references, no expected metrics, no seed.
        ExamSittingKit.NoSecrets(skillBody, "skill paper");
        foreach (var gold in new[] { "\"spans\"", "\"reference\"", "\"label\"", "\"expected\"", "\"truth\"", "今天天气很好" })
            Assert.DoesNotContain(gold, skillBody);
        var classification = Task(skill, PracticalScoringKind.TextClassification).GetProperty("material");
        Assert.Equal(["正面", "负面"], classification.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("物流很快，包装完好", classification.GetProperty("items")[0].GetProperty("text").GetString());

        var theory = await client.StartedAsync(exam.RegistrationId);
        Assert.NotEqual(skill.AttemptId(), theory.AttemptId());
        Assert.Equal("Theory", theory.GetProperty("component").GetString());
        var resumed = await (await client.StartAsync(exam.RegistrationId, "skill")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(skill.AttemptId(), resumed.AttemptId());
        Assert.Equal(2, await factory.DbAsync(db => db.ExamAttempts.CountAsync(a => a.RegistrationId == exam.RegistrationId)));
    }

    [Fact]
    public async Task Racing_starts_of_the_skill_paper_end_in_one_attempt()
    {
        var exam = await SessionAsync();
        var responses = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 6).Select(_ => exam.Candidate.Client.StartAsync(exam.RegistrationId, "skill")));
        var bodies = new List<JsonElement>();
        foreach (var r in responses) bodies.Add(await r.ExpectJsonAsync(r.StatusCode == HttpStatusCode.Created ? HttpStatusCode.Created : HttpStatusCode.OK));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Single(bodies.Select(b => b.AttemptId()).Distinct());
        Assert.Equal(1, await factory.DbAsync(db => db.ExamAttempts.CountAsync(a => a.RegistrationId == exam.RegistrationId && a.Component == AssessmentComponent.Skill)));
    }

    [Fact]
    public async Task Generated_material_is_served_to_its_candidate_only()
    {
        var exam = await SessionAsync();
        var skill = await (await exam.Candidate.Client.StartAsync(exam.RegistrationId, "skill")).ExpectJsonAsync(HttpStatusCode.Created);
        var id = skill.AttemptId();
        var boxes = Task(skill, PracticalScoringKind.BoundingBoxes).GetProperty("material");
        var image = boxes.GetProperty("images")[0];
        var url = image.GetProperty("url").GetString()!;
        var svg = await exam.Candidate.Client.GetAsync(url, TestContext.Current.CancellationToken);
        await svg.ExpectStatusAsync(HttpStatusCode.OK);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        var stored = (await SkillAttemptAsync(id)).Tasks.Single(t => t.Scoring == PracticalScoringKind.BoundingBoxes);
        Assert.Equal(BoxScene.Svg(stored.Scenes()[0]), await svg.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var cleaning = Task(skill, PracticalScoringKind.DataCleaning).GetProperty("material");
        var file = await exam.Candidate.Client.GetAsync(cleaning.GetProperty("downloadUrl").GetString(), TestContext.Current.CancellationToken);
        await file.ExpectStatusAsync(HttpStatusCode.OK);
        var bytes = await file.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        Assert.StartsWith("id,name,city,signup_date,age,monthly_spend", Encoding.UTF8.GetString(bytes[3..]));

        var other = await factory.LearnerAsync();
        await (await other.Client.GetAsync(url, TestContext.Current.CancellationToken)).ExpectStatusAsync(HttpStatusCode.NotFound);
        var w = await factory.WorldAsync();
        await (await w.Anonymous.GetAsync(url, TestContext.Current.CancellationToken)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await exam.Candidate.Client.GetAsync($"/api/attempts/{id}/tasks/{ItemId(Task(skill, PracticalScoringKind.BoundingBoxes))}/images/99.svg",
            TestContext.Current.CancellationToken)).ExpectStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Task_answers_take_revisions_and_a_malformed_one_is_refused_leaving_the_saved_answer()
    {
        var exam = await SessionAsync();
        var client = exam.Candidate.Client;
        var skill = await (await client.StartAsync(exam.RegistrationId, "skill")).ExpectJsonAsync(HttpStatusCode.Created);
        var id = skill.AttemptId();
        var labels = ItemId(Task(skill, PracticalScoringKind.TextClassification));
        await (await client.SaveAsync(id, labels, new Dictionary<string, string> { ["t1"] = "正面" }, 2)).ExpectJsonAsync(HttpStatusCode.OK);
        var stale = await (await client.SaveAsync(id, labels, new Dictionary<string, string> { ["t1"] = "负面" }, 1)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("answer.stale", stale.GetProperty("code").GetString());
        Assert.Equal("{\"t1\":\"正面\"}", stale.GetProperty("response").GetString());
        var bad = await (await client.SaveAsync(id, labels, new Dictionary<string, string> { ["t1"] = "中性" }, 3)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("answer.unknown-label", bad.GetProperty("code").GetString());

        var cleaning = ItemId(Task(skill, PracticalScoringKind.DataCleaning));
        var malformed = await (await client.SaveAsync(id, cleaning, new { fileName = "x.csv", csv = "id,name,city,signup_date,age,monthly_spend\nM1,\"王伟,上海\n" }, 1))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("practical.csv-malformed", malformed.GetProperty("code").GetString());

        var stored = await SkillAttemptAsync(id);
        Assert.Equal("{\"t1\":\"正面\"}", stored.Tasks.Single(t => t.Position == labels).Response);
        Assert.Equal(2, stored.Tasks.Single(t => t.Position == labels).SavedRevision);
        Assert.Null(stored.Tasks.Single(t => t.Position == cleaning).Response);

        var other = await factory.LearnerAsync();
        await (await other.Client.SaveAsync(id, labels, new Dictionary<string, string> { ["t1"] = "负面" }, 9)).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await client.SaveAsync(id, 99, new Dictionary<string, string> { ["t1"] = "负面" }, 9)).ExpectStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_paper_of_platform_scored_tasks_is_scored_when_handed_in_and_its_result_shows_each_task()
    {
        var exam = await SessionAsync();
        var client = exam.Candidate.Client;
        var skill = await (await client.StartAsync(exam.RegistrationId, "skill")).ExpectJsonAsync(HttpStatusCode.Created);
        var id = skill.AttemptId();
        await AnswerAllAsync(factory, client, id);
        await (await client.SubmitAsync(id)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(await factory.JobAsync<AttemptGradingJob, bool>((j, ct) => j.GradeAsync(id, ct)));

        // Every task right but one entity of two: the entity task scores F1 = 2/3 of its 10 points.
        var graded = await SkillAttemptAsync(id);
        Assert.Equal(AttemptStatus.Graded, graded.Status);
        Assert.Equal(6.67m, graded.Tasks.Single(t => t.Scoring == PracticalScoringKind.EntitySpans).Awarded);
        Assert.All(graded.Tasks.Where(t => t.Scoring != PracticalScoringKind.EntitySpans), t => Assert.Equal(t.Points, t.Awarded));
        Assert.Equal(96.67m, graded.Score);
        Assert.True(graded.Passed);

        var before = await (await client.GetAsync($"/api/attempts/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("result").ValueKind);
        factory.Clock().SetUtcNow(exam.WindowEnd.AddMinutes(5));
        var w = await factory.WorldAsync();
        await (await w.Admin.PostAsync($"/api/exam-sessions/{exam.SessionId}/release-results", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var result = (await (await client.GetAsync($"/api/attempts/{id}")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("result");
        Assert.Equal(96.67m, result.GetProperty("score").GetDecimal());
        var byTask = result.GetProperty("byTask").EnumerateArray().ToList();
        Assert.Equal(6, byTask.Count);
        Assert.Contains(byTask, t => t.GetProperty("breakdown").EnumerateArray().Any(l => l.GetProperty("key").GetString() == "f1"));
    }

    [Fact]
    public async Task A_paper_with_a_written_task_waits_for_examiners_and_holds_the_release()
    {
        var exam = await SessionAsync(written: true);
        var client = exam.Candidate.Client;
        var skill = await (await client.StartAsync(exam.RegistrationId, "skill")).ExpectJsonAsync(HttpStatusCode.Created);
        var id = skill.AttemptId();
        var written = Task(skill, PracticalScoringKind.Rubric);
        Assert.Equal(3, written.GetProperty("rubric").GetArrayLength());
        await (await client.SaveAsync(id, ItemId(written), new { text = "一、培训目标\n二、课程安排" }, 1)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await client.SubmitAsync(id)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(await factory.JobAsync<AttemptGradingJob, bool>((j, ct) => j.GradeAsync(id, ct)));

        var state = await (await client.GetAsync($"/api/attempts/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Submitted", state.GetProperty("status").GetString());
        Assert.True(state.GetProperty("awaitingExaminers").GetBoolean());
        var stored = await SkillAttemptAsync(id);
        Assert.Null(stored.Score);
        Assert.All(stored.Tasks.Where(t => t.ScoredByPlatform), t => Assert.NotNull(t.Awarded));

        factory.Clock().SetUtcNow(exam.WindowEnd.AddMinutes(5));
        var w = await factory.WorldAsync();
        var held = await (await w.Admin.PostAsync($"/api/exam-sessions/{exam.SessionId}/release-results", null)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("results.awaiting-examiners", held.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_session_without_a_skill_blueprint_refuses_the_skill_paper()
    {
        await PoolAsync(factory);
        var exam = await factory.SessionAsync();
        var refused = await (await exam.Candidate.Client.StartAsync(exam.RegistrationId, "skill")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("attempt.skill-unavailable", refused.GetProperty("code").GetString());
    }

    /// <summary>
    /// Answers every task of a skill paper of the platform-scored pool: all right but one entity of two, so the paper
    /// scores 96.67.
    /// </summary>
    public static async Task AnswerAllAsync(AcademyFactory factory, HttpClient client, int id)
    {
        var stored = await factory.DbAsync(db => db.ExamAttempts.AsNoTracking().Include(a => a.Tasks).SingleAsync(a => a.Id == id));
        foreach (var task in stored.Tasks)
        {
            object answer = task.Scoring switch
            {
                PracticalScoringKind.TextClassification => new Dictionary<string, string> { ["t1"] = "正面", ["t2"] = "负面" },
                PracticalScoringKind.EntitySpans => new[] { new { start = 0, end = 2, type = "人名" } },
                PracticalScoringKind.BoundingBoxes => task.Scenes().SelectMany(s => s.Objects.Select(o => new { image = s.Id, x = o.X, y = o.Y, width = o.Width, height = o.Height, label = o.Label })).ToArray(),
                PracticalScoringKind.Transcription => new Dictionary<string, string> { ["a1"] = "今天天气很好", ["a2"] = "请于九点前到达考场" },
                PracticalScoringKind.DataCleaning => new { fileName = "clean.csv", csv = CleanCsv(task.Dataset()!) },
                _ => new { accuracy = 0.5, precision = 0.5, recall = 0.5, f1 = 0.5, confusionMatrix = new[] { new[] { 1, 1 }, new[] { 1, 1 } } },
            };
            await (await client.SaveAsync(id, task.Position, answer, 1)).ExpectJsonAsync(HttpStatusCode.OK);
        }
    }

    /// <summary>A session of the factory's test world with the skill blueprint of platform-scored tasks (or the one with a written task).</summary>
    public static async Task<ExamSetup> SkillSessionAsync(AcademyFactory factory, bool written = false, int? centerId = null)
    {
        var (platform, withWritten) = await PoolAsync(factory);
        var exam = await factory.SessionAsync(centerId: centerId);
        var blueprint = written ? withWritten : platform;
        await factory.DbAsync(db => db.ExamSessions.Where(s => s.Id == exam.SessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.SkillBlueprintId, blueprint)));
        return exam;
    }

    private static string CleanCsv(DirtyDataset dataset)
    {
        var csv = new StringBuilder(string.Join(",", dataset.Truth.Columns.Select(c => c.Name))).Append('\n');
        foreach (var record in dataset.Truth.Records) csv.Append(string.Join(",", record.Values)).Append('\n');
        return csv.ToString();
    }
}
