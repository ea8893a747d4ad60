using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Tests.QuestionBank;

/// <summary>The admin pages of the question bank and blueprints, as a browser uses them.</summary>
public abstract class QuestionBankPageTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : QuestionBankPageTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : QuestionBankPageTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private static readonly string[] Pages =
        ["/admin/questions", "/admin/questions/new", "/admin/questions/import", "/admin/questions/statistics", "/admin/blueprints", "/admin/blueprints/new?level=4"];

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = factory.CreateBrowserClient();
        using var response = await browser.SignInOnPageAsync(email, TestWorld.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    [Fact]
    public async Task Admins_open_every_page_and_staff_are_turned_away()
    {
        var w = await factory.WorldAsync();
        var admin = await SignedInAsync(w.AdminEmail);
        var staff = await SignedInAsync(w.StaffAEmail);

        foreach (var page in Pages)
        {
            await (await admin.GetAsync(page)).ExpectStatusAsync(HttpStatusCode.OK);
            using var refused = await staff.GetAsync(page);
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("access-denied", StringComparison.OrdinalIgnoreCase) == true,
                $"{page}: {(int)refused.StatusCode}");
        }
        var layout = await admin.GetDocumentAsync("/admin/questions");
        Assert.NotNull(layout.QuerySelector("nav a[href='/admin/questions']"));
        Assert.NotNull(layout.QuerySelector("nav a[href='/admin/blueprints']"));
    }

    [Fact]
    public async Task The_bank_page_lists_the_seeded_questions_with_filters()
    {
        var admin = await SignedInAsync((await factory.WorldAsync()).AdminEmail);

        var page = await admin.GetDocumentAsync("/admin/questions?level=3&type=multiple-choice");

        var rows = page.QuerySelectorAll("[data-testid=question-table] tbody tr");
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("多选题", r.TextContent));
    }

    [Fact]
    public async Task An_admin_adds_a_question_on_the_form_and_a_level_it_does_not_fit_is_shown_beside_the_field()
    {
        var admin = await SignedInAsync((await factory.WorldAsync()).AdminEmail);
        var code = QuestionBankKit.NewCode("PG");
        Dictionary<string, string> Form(string function) => new()
        {
            ["Input.Code"] = code, ["Input.Level"] = "5", ["Input.WorkFunctionCode"] = function, ["Input.Type"] = "SingleChoice", ["Input.Difficulty"] = "2",
            ["Input.Stem"] = "页面上新增的题", ["Input.Options"] = "甲\n乙\n丙", ["Input.Answer"] = "B", ["Input.Explanation"] = "",
        };

        using var refused = await admin.SubmitFormAsync("/admin/questions/new", Form("business-analysis"));
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("该职业功能不属于此等级的考核内容", html);

        using var saved = await admin.SubmitFormAsync("/admin/questions/new", Form("data-annotation"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var edit = await admin.GetDocumentAsync(saved.Headers.Location!.OriginalString);
        Assert.Single(edit.QuerySelectorAll("[data-testid=version-table] tbody tr"));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Questions.CountAsync(q => q.Code == code)));
    }

    [Fact]
    public async Task The_blueprint_form_names_the_stratum_the_bank_cannot_fill()
    {
        var admin = await SignedInAsync((await factory.WorldAsync()).AdminEmail);

        using var response = await admin.SubmitFormAsync("/admin/blueprints/new?level=5", new Dictionary<string, string>
        {
            ["Input.Level"] = "5", ["Input.Name"] = "页面上的超量方案", ["Input.DurationMinutes"] = "90", ["Input.PassMark"] = "60", ["Input.Active"] = "true",
            ["Input.Lines[0].WorkFunctionCode"] = "system-operation", ["Input.Lines[0].Type"] = nameof(QuestionType.MultipleChoice),
            ["Input.Lines[0].Count"] = "10", ["Input.Lines[0].Points"] = "10",
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("智能系统运维·多选题 需要 10 道", html);
    }

    [Fact]
    public async Task The_import_page_lists_wrong_rows_in_a_table()
    {
        var admin = await SignedInAsync((await factory.WorldAsync()).AdminEmail);
        var page = await admin.GetDocumentAsync("/admin/questions/import");
        var csv = string.Join(",", TrainerAcademy.Features.QuestionBank.QuestionTransfer.Columns) + "\n" + QuestionBankKit.NewCode("PI") + ",7,data-collection,单选,2,题干,甲,乙,,,,,A,\n";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Forms.Token(page)), Forms.TokenField },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "bad.csv" },
        };

        using var response = await admin.PostAsync("/admin/questions/import", form);

        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var cells = doc.QuerySelectorAll("[data-testid=import-errors] tbody tr td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["2", "等级"], cells.Take(2));
    }
}
