using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Tests.QuestionBank;

namespace TrainerAcademy.Tests.PracticalTasks;

/// <summary>The admin pages of the practical task pool, as a browser uses them.</summary>
public abstract class PracticalTaskPageTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : PracticalTaskPageTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : PracticalTaskPageTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = factory.CreateBrowserClient();
        using var response = await browser.SignInOnPageAsync(email, TestWorld.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private static string NewCode() => $"PG{Environment.ProcessId % 1000}-{Random.Shared.Next(1_000_000):D6}";

    [Fact]
    public async Task Admins_open_the_pool_pages_from_the_menu_and_staff_are_turned_away()
    {
        var w = await factory.WorldAsync();
        var admin = await SignedInAsync(w.AdminEmail);
        var staff = await SignedInAsync(w.StaffAEmail);

        foreach (var page in new[] { "/admin/practical-tasks", "/admin/practical-tasks/new", "/admin/practical-tasks?level=3&category=TrainingSyllabusWriting&active=true" })
        {
            await (await admin.GetAsync(page)).ExpectStatusAsync(HttpStatusCode.OK);
            using var refused = await staff.GetAsync(page);
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("access-denied", StringComparison.OrdinalIgnoreCase) == true,
                $"{page}: {(int)refused.StatusCode}");
        }
        var layout = await admin.GetDocumentAsync("/admin/practical-tasks");
        Assert.NotNull(layout.QuerySelector("nav a[href='/admin/practical-tasks']"));
        await (await admin.GetAsync("/admin/practical-tasks/999999")).ExpectStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_admin_adds_a_rubric_task_on_the_form_and_a_bad_content_is_shown_beside_the_field()
    {
        var admin = await SignedInAsync((await factory.WorldAsync()).AdminEmail);
        var code = NewCode();
        Dictionary<string, string> Form(string scoring, string content) => new()
        {
            ["Input.Code"] = code, ["Input.Level"] = "3", ["Input.Title"] = "编写培训大纲", ["Input.Category"] = "TrainingSyllabusWriting",
            ["Input.Scoring"] = scoring, ["Input.Points"] = "20", ["Input.Minutes"] = "30", ["Input.Instructions"] = "为新入职的数据标注员编写一份培训大纲。",
            ["Input.Content"] = content,
            ["Input.Rubric[0].Code"] = "M1", ["Input.Rubric[0].Criterion"] = "培训目标明确", ["Input.Rubric[0].Points"] = "12",
            ["Input.Rubric[1].Code"] = "M2", ["Input.Rubric[1].Criterion"] = "课时安排合理", ["Input.Rubric[1].Points"] = "8",
            ["Input.Rubric[2].Code"] = "M3", ["Input.Rubric[2].Criterion"] = "", ["Input.Rubric[2].Points"] = "0",
        };

        using var refused = await admin.SubmitFormAsync("/admin/practical-tasks/new", Form("Transcription", "{\"items\": 3}"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("题目素材不是该评分方式所需的 JSON 格式", await refused.Content.ReadAsStringAsync());

        using var saved = await admin.SubmitFormAsync("/admin/practical-tasks/new", Form("Rubric", "{\"seed\": 7, \"records\": 40}"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await factory.WithDbAsync(db => db.PracticalTasks.AsNoTracking().SingleAsync(t => t.Code == code));
        Assert.Equal(PracticalScoringKind.Rubric, stored.Scoring);
        Assert.Null(stored.ContentJson);
        Assert.Equal(["M1", "M2"], stored.Rubric.Select(l => l.Code));

        var edit = await admin.GetDocumentAsync(saved.Headers.Location!.OriginalString);
        Assert.Equal("培训目标明确", edit.QuerySelector("input[name='Input.Rubric[0].Criterion']")?.GetAttribute("value"));
        var list = await admin.GetDocumentAsync("/admin/practical-tasks?category=TrainingSyllabusWriting");
        Assert.Contains(list.QuerySelectorAll("[data-testid=practical-task-table] tbody tr"), r => r.TextContent.Contains(code));
    }
}
