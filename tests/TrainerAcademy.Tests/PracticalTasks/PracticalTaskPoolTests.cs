using System.Text;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Tests.Domain.Practical;
using TrainerAcademy.Tests.QuestionBank;

namespace TrainerAcademy.Tests.PracticalTasks;

/// <summary>The admin's practical task pool through the API, on each provider.</summary>
public abstract class PracticalTaskPoolTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : PracticalTaskPoolTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : PracticalTaskPoolTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private static int _serial;

    private static string NewCode() => $"P{Environment.ProcessId % 1000}-{Interlocked.Increment(ref _serial):D3}-{Random.Shared.Next(10000):D4}";

    private static Dictionary<string, object?> Task(string code, string scoring = "DataCleaning", string? content = PracticalTaskSamples.Cleaning,
        string title = "客户数据清洗", int level = 3, object? rubric = null, decimal points = 15, int? revision = null) => new()
    {
        ["code"] = code, ["level"] = level, ["title"] = title, ["category"] = "DataCleaningAndAnnotation", ["scoring"] = scoring,
        ["points"] = points, ["minutes"] = 20, ["instructions"] = "请按说明清洗数据文件。",
        ["content"] = content is null ? null : JsonDocument.Parse(content).RootElement, ["rubric"] = rubric, ["revision"] = revision,
    };

    private async Task<JsonElement> CreateAsync(object task) =>
        await (await (await factory.WorldAsync()).Admin.PostJsonAsync("/api/practical-tasks", task)).ExpectJsonAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Only_admins_reach_the_practical_task_pool()
    {
        var w = await factory.WorldAsync();
        var id = (await CreateAsync(Task(NewCode()))).Id();
        foreach (var path in new[] { "/api/practical-tasks", $"/api/practical-tasks/{id}", "/api/practical-tasks/export" })
        {
            await (await w.Anonymous.GetAsync(path)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
            await (await w.StaffA.GetAsync(path)).ExpectStatusAsync(HttpStatusCode.Forbidden);
            await (await w.Learner.GetAsync(path)).ExpectStatusAsync(HttpStatusCode.Forbidden);
        }
        await (await w.StaffA.PostJsonAsync("/api/practical-tasks", Task(NewCode()))).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.Learner.PutJsonAsync($"/api/practical-tasks/{id}", Task("x", title: "改"))).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.StaffA.PostJsonAsync($"/api/practical-tasks/{id}/deactivate", new { })).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.Admin.GetAsync("/api/practical-tasks/999999")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.Admin.PutJsonAsync("/api/practical-tasks/999999", Task("x"))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.Admin.PostJsonAsync("/api/practical-tasks/999999/activate", new { })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_admin_adds_a_task_and_reads_it_back_with_its_content()
    {
        var w = await factory.WorldAsync();
        var code = NewCode();
        var created = await CreateAsync(Task(code, "ModelEvaluation", PracticalTaskSamples.Evaluation));

        var read = await (await w.Admin.GetAsync($"/api/practical-tasks/{created.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(code, read.GetProperty("code").GetString());
        Assert.Equal("ModelEvaluation", read.GetProperty("scoring").GetString());
        Assert.Equal("欺诈", read.GetProperty("content").GetProperty("positive").GetString());
        Assert.True(read.GetProperty("active").GetBoolean());
        Assert.Equal(0, read.GetProperty("revision").GetInt32());

        var listed = await (await w.Admin.GetAsync("/api/practical-tasks?level=3&category=DataCleaningAndAnnotation&active=true")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(listed.EnumerateArray(), t => t.GetProperty("code").GetString() == code);
        var other = await (await w.Admin.GetAsync("/api/practical-tasks?level=4")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(other.EnumerateArray(), t => t.GetProperty("code").GetString() == code);

        var taken = await (await w.Admin.PostJsonAsync("/api/practical-tasks", Task(code))).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("practical-task.code-taken", taken.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Content_that_does_not_fit_the_scoring_kind_is_a_422_on_the_content_field()
    {
        var w = await factory.WorldAsync();
        var code = NewCode();
        var problem = await (await w.Admin.PostJsonAsync("/api/practical-tasks", Task(code, "EntitySpans", PracticalTaskSamples.Cleaning)))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("practical-task.content-json", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("content", out _));

        var rubricProblem = await (await w.Admin.PostJsonAsync("/api/practical-tasks", Task(code, "Rubric", null, rubric: new[] { new { code = "M1", criterion = "目标", points = 10 } })))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("practical.rubric-total", rubricProblem.GetProperty("code").GetString());
        Assert.False(await factory.WithDbAsync(db => db.PracticalTasks.AnyAsync(t => t.Code == code)));
    }

    [Fact]
    public async Task An_edit_with_a_stale_revision_is_refused_and_deactivation_raises_the_revision()
    {
        var w = await factory.WorldAsync();
        var code = NewCode();
        var id = (await CreateAsync(Task(code))).Id();

        var edited = await (await w.Admin.PutJsonAsync($"/api/practical-tasks/{id}", Task("ignored", title: "改后的标题", revision: 0))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("改后的标题", edited.GetProperty("title").GetString());
        Assert.Equal(code, edited.GetProperty("code").GetString());
        Assert.Equal(1, edited.GetProperty("revision").GetInt32());

        var stale = await (await w.Admin.PutJsonAsync($"/api/practical-tasks/{id}", Task(code, title: "被覆盖", revision: 0))).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("practical-task.stale", stale.GetProperty("code").GetString());

        var off = await (await w.Admin.PostJsonAsync($"/api/practical-tasks/{id}/deactivate?revision=1", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(off.GetProperty("active").GetBoolean());
        Assert.Equal(2, off.GetProperty("revision").GetInt32());
        await (await w.Admin.PostJsonAsync($"/api/practical-tasks/{id}/activate?revision=1", new { })).ExpectProblemAsync(HttpStatusCode.Conflict);
        var inactive = await (await w.Admin.GetAsync("/api/practical-tasks?active=false")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(inactive.EnumerateArray(), t => t.GetProperty("id").GetInt32() == id);

        var on = await (await w.Admin.PostJsonAsync($"/api/practical-tasks/{id}/activate", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(on.GetProperty("active").GetBoolean());
        Assert.Equal("改后的标题", (await factory.WithDbAsync(db => db.PracticalTasks.SingleAsync(t => t.Id == id))).Title);
    }

    [Fact]
    public async Task An_export_imports_back_unchanged_and_an_edited_export_updates_by_code()
    {
        var w = await factory.WorldAsync();
        var rubricCode = NewCode();
        await CreateAsync(Task(NewCode(), "TextClassification", PracticalTaskSamples.Classification));
        await CreateAsync(Task(rubricCode, "Rubric", null, "培训大纲编写", points: 25,
            rubric: PracticalTaskSamples.RubricLines.Select(l => new { code = l.Code, criterion = l.Criterion, points = l.Points })));

        var exportedText = await (await w.Admin.GetAsync("/api/practical-tasks/export")).Content.ReadAsStringAsync();
        var exported = JsonDocument.Parse(exportedText).RootElement;
        Assert.Contains(exported.EnumerateArray(), t => t.GetProperty("code").GetString() == rubricCode && t.GetProperty("rubric").GetArrayLength() == 3);

        using var file = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(exportedText)), "file", "practical-tasks.json" } };
        var again = await (await w.Admin.PostAsync("/api/practical-tasks/import", file)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(exported.GetArrayLength(), again.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, again.GetProperty("created").GetInt32() + again.GetProperty("updated").GetInt32());

        var newCode = NewCode();
        var edited = exported.EnumerateArray().Select(t => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(t.GetRawText())!).ToList();
        var rubricTask = edited.Single(t => t["code"].GetString() == rubricCode);
        rubricTask["title"] = JsonSerializer.SerializeToElement("培训大纲编写（修订）");
        rubricTask["active"] = JsonSerializer.SerializeToElement(false);
        var copy = new Dictionary<string, JsonElement>(rubricTask) { ["code"] = JsonSerializer.SerializeToElement(newCode) };
        edited.Add(copy);
        var result = await (await w.Admin.PostJsonAsync("/api/practical-tasks/import", edited)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, result.GetProperty("created").GetInt32());
        Assert.Equal(1, result.GetProperty("updated").GetInt32());

        var stored = await factory.WithDbAsync(db => db.PracticalTasks.AsNoTracking().SingleAsync(t => t.Code == rubricCode));
        Assert.Equal("培训大纲编写（修订）", stored.Title);
        Assert.False(stored.Active);
        Assert.Equal(3, (await factory.WithDbAsync(db => db.PracticalTasks.AsNoTracking().SingleAsync(t => t.Code == newCode))).Rubric.Count);
    }

    [Fact]
    public async Task A_malformed_import_is_refused_with_each_item_and_field_and_nothing_is_written()
    {
        var w = await factory.WorldAsync();
        var before = await factory.WithDbAsync(db => db.PracticalTasks.CountAsync());
        var good = NewCode();
        var items = new object[]
        {
            Task(good),
            Task(NewCode(), "Transcription", "{\"items\":[]}"),
            Task(good, title: "同一编号"),
            Task(NewCode(), level: 7),
        };

        var problem = await (await w.Admin.PostJsonAsync("/api/practical-tasks/import", items)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("practical-task-import.invalid", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(1, "content"), (2, "code"), (3, "level")], errors);
        Assert.Equal(before, await factory.WithDbAsync(db => db.PracticalTasks.CountAsync()));

        await (await w.Admin.SendRawAsync(HttpMethod.Post, "/api/practical-tasks/import", "[{\"code\": ")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("{\"not\": \"an array\"}")), "file", "tasks.json" } };
        await (await w.Admin.PostAsync("/api/practical-tasks/import", upload)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await w.Admin.SendRawAsync(HttpMethod.Post, "/api/practical-tasks/import", "[]")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, await factory.WithDbAsync(db => db.PracticalTasks.CountAsync()));
    }
}
