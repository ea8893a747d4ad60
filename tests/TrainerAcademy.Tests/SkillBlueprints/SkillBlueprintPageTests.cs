using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.ExamSitting;

namespace TrainerAcademy.Tests.SkillBlueprints;

/// <summary>The admin pages of the skill blueprints and the session form's word on the skill blueprint, as a browser uses them.</summary>
public abstract class SkillBlueprintPageTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : SkillBlueprintPageTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : SkillBlueprintPageTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = factory.CreateBrowserClient();
        using var response = await browser.SignInOnPageAsync(email, TestWorld.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, IHtmlDocument page, Dictionary<string, string> fields)
    {
        fields[Forms.TokenField] = Forms.Token(page, "Input.Name");
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private static async Task<IHtmlDocument> DocumentAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {html}");
        return new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
    }

    [Fact]
    public async Task Admins_open_the_pages_from_the_menu_and_the_pool_and_others_are_turned_away()
    {
        var w = await factory.WorldAsync();
        await SkillBlueprintApiTests.PoolAsync(factory);
        var id = (await (await w.Admin.PostJsonAsync("/api/skill-blueprints", SkillBlueprintApiTests.Blueprint())).ExpectJsonAsync(HttpStatusCode.Created)).Id();
        var admin = await SignedInAsync(w.AdminEmail);
        var staff = await SignedInAsync(w.StaffAEmail);

        foreach (var page in new[] { "/admin/skill-blueprints", "/admin/skill-blueprints?level=2", "/admin/skill-blueprints/new", $"/admin/skill-blueprints/{id}", $"/admin/skill-blueprints/new?from={id}" })
        {
            await (await admin.GetAsync(page)).ExpectStatusAsync(HttpStatusCode.OK);
            using var refused = await staff.GetAsync(page);
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("access-denied", StringComparison.OrdinalIgnoreCase) == true,
                $"{page}: {(int)refused.StatusCode}");
        }
        var list = await admin.GetDocumentAsync("/admin/skill-blueprints?level=2");
        Assert.NotNull(list.QuerySelector("nav a[href='/admin/skill-blueprints']"));
        var row = list.QuerySelector($"[data-testid=skill-blueprint-table] tr[data-id='{id}']")!;
        Assert.Contains("数据清洗标注 × 2（每题 25 分）", row.TextContent);
        Assert.Contains("模型开发测试 × 1（每题 50 分）", row.TextContent);
        var pool = await admin.GetDocumentAsync("/admin/practical-tasks");
        Assert.NotNull(pool.QuerySelector("a[href='/admin/skill-blueprints']"));
        await (await admin.GetAsync("/admin/skill-blueprints/999999")).ExpectStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_admin_adds_and_removes_lines_on_the_form_and_saves_the_blueprint_leaving_blank_rows_out()
    {
        var w = await factory.WorldAsync();
        await SkillBlueprintApiTests.PoolAsync(factory);
        var admin = await SignedInAsync(w.AdminEmail);
        var page = await admin.GetDocumentAsync("/admin/skill-blueprints/new?level=2");
        Assert.Equal(3, page.QuerySelectorAll("tr.blueprint-line").Length);
        var name = "表单方案 " + Guid.NewGuid().ToString("N")[..6];
        Dictionary<string, string> Form() => new()
        {
            ["Input.Level"] = "2", ["Input.Name"] = name, ["Input.DurationMinutes"] = "120", ["Input.PassMark"] = "60", ["Input.Active"] = "true",
            ["Input.Lines[0].Category"] = "DataCleaningAndAnnotation", ["Input.Lines[0].Count"] = "2", ["Input.Lines[0].Points"] = "25",
            ["Input.Lines[1].Category"] = "CollectionGuidance", ["Input.Lines[1].Count"] = "1", ["Input.Lines[1].Points"] = "50",
            ["Input.Lines[2].Category"] = "", ["Input.Lines[2].Count"] = "", ["Input.Lines[2].Points"] = "",
        };

        using var added = await PostAsync(admin, "/admin/skill-blueprints/new?handler=AddLine", page, Form());
        var withFour = await DocumentAsync(added);
        Assert.Equal(4, withFour.QuerySelectorAll("tr.blueprint-line").Length);
        Assert.Equal(name, (withFour.QuerySelector("input[name='Input.Name']") as IHtmlInputElement)!.Value);

        using var removed = await PostAsync(admin, "/admin/skill-blueprints/new?handler=RemoveLine&line=1", page, Form());
        var withoutSecond = await DocumentAsync(removed);
        Assert.Equal(2, withoutSecond.QuerySelectorAll("tr.blueprint-line").Length);
        Assert.Equal("DataCleaningAndAnnotation", (withoutSecond.QuerySelector("select[name='Input.Lines[0].Category'] option[selected]") as IHtmlOptionElement)?.Value);
        Assert.Null(withoutSecond.QuerySelector("select[name='Input.Lines[1].Category'] option[selected]:not([value=''])"));

        // The pool holds no collection-guidance task of 50 points: the form shows the refusal beside the lines.
        using var refused = await PostAsync(admin, "/admin/skill-blueprints/new", page, Form());
        var refusedPage = await DocumentAsync(refused);
        Assert.Contains("采集处理指导 · 每题 50 分：需要 1 道，现有 0 道", refusedPage.QuerySelector("[data-valmsg-for='Input.Lines']")!.TextContent);

        var fixedForm = Form();
        fixedForm["Input.Lines[1].Category"] = "ModelDevelopmentAndTesting";
        using var saved = await PostAsync(admin, "/admin/skill-blueprints/new", page, fixedForm);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await factory.DbAsync(db => db.SkillBlueprints.AsNoTracking().SingleAsync(b => b.Name == name));
        Assert.Equal(2, stored.Lines.Count);
        Assert.Equal(2, stored.Level);
    }

    [Fact]
    public async Task A_blueprint_in_use_is_shown_locked_with_a_copy_link_and_the_session_form_names_the_skill_blueprint()
    {
        var w = await factory.WorldAsync();
        await SkillBlueprintApiTests.PoolAsync(factory);
        var name = "已用方案 " + Guid.NewGuid().ToString("N")[..6];
        var id = (await (await w.Admin.PostJsonAsync("/api/skill-blueprints", SkillBlueprintApiTests.Blueprint(name))).ExpectJsonAsync(HttpStatusCode.Created)).Id();
        var exam = await factory.SessionAsync(openedAgo: TimeSpan.FromHours(-48));
        await factory.DbAsync(db => db.ExamSessions.Where(s => s.Id == exam.SessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.SkillBlueprintId, id)));
        var admin = await SignedInAsync(w.AdminEmail);

        var page = await admin.GetDocumentAsync($"/admin/skill-blueprints/{id}");
        Assert.NotNull(page.QuerySelector("[data-testid=blueprint-in-use]"));
        Assert.NotNull(page.QuerySelector($"a[href='/admin/skill-blueprints/new?from={id}']"));
        Assert.True(page.QuerySelector("[data-testid=skill-blueprint-form] fieldset")!.HasAttribute("disabled"));
        var copy = await admin.GetDocumentAsync($"/admin/skill-blueprints/new?from={id}");
        Assert.Equal(name + "（副本）", (copy.QuerySelector("input[name='Input.Name']") as IHtmlInputElement)!.Value);

        var edit = await admin.GetDocumentAsync($"/staff/exam-sessions/{exam.SessionId}/edit");
        Assert.Contains($"技能考核试卷按技能考核方案“{name}”抽取", edit.QuerySelector("[data-testid=session-skill-blueprint]")!.TextContent);
        var theoryOnly = await factory.SessionAsync(openedAgo: TimeSpan.FromHours(-48));
        var plain = await admin.GetDocumentAsync($"/staff/exam-sessions/{theoryOnly.SessionId}/edit");
        Assert.Contains("本场次仅含理论知识考试", plain.QuerySelector("[data-testid=session-skill-blueprint]")!.TextContent);
        var fresh = await admin.GetDocumentAsync("/staff/exam-sessions/new");
        Assert.Contains("采用技能考核方案", fresh.QuerySelector("[data-testid=session-skill-blueprint]")!.TextContent);
    }
}
