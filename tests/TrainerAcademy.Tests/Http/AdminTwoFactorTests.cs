using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Auth;
using TrainerAcademy.Features.Account;

namespace TrainerAcademy.Tests.Http;

/// <summary>Security:RequireAdminTwoFactor on: an administrator without two-factor sign-in is stopped until it is set up.</summary>
public abstract class AdminTwoFactorTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAdminTwoFactorFactory f) : AdminTwoFactorTests(f), IClassFixture<SqliteAdminTwoFactorFactory>;

    public sealed class OnPostgreSql : AdminTwoFactorTests, IClassFixture<PostgresAdminTwoFactorFactory>
    {
        public OnPostgreSql(PostgresAdminTwoFactorFactory f) : base(f) => TestPostgres.Require();
    }

    private const string Password = "a long passphrase";

    private async Task<string> CreateAccountAsync(string role, int? centerId = null)
    {
        var email = TestData.Email(role.ToLowerInvariant());
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(email, Password, role, centerId);
        return email;
    }

    private async Task<string> EnableTwoFactorAsync(HttpClient browser)
    {
        var page = await browser.GetDocumentAsync("/account/two-factor");
        var key = TestTotp.KeyFromPage(page.QuerySelector("#shared-key")!.TextContent);
        var form = page.Forms.Single(f => f.Action.Contains("handler=Enable", StringComparison.OrdinalIgnoreCase));
        var token = ((IHtmlInputElement)form.QuerySelector($"input[name='{Forms.TokenField}']")!).Value;
        using var response = await browser.PostAsync("/account/two-factor?handler=Enable", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Code"] = factory.TotpCode(key), [Forms.TokenField] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()).QuerySelectorAll("#recovery-codes code"));
        return key;
    }

    [Fact]
    public async Task An_admin_without_two_factor_gets_a_403_problem_from_the_admin_api_that_says_why()
    {
        var admin = await factory.SignInAsync(await CreateAccountAsync(Roles.Admin), Password);

        var problem = await (await admin.PostJsonAsync("/api/centers", new { })).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal("account.two-factor-required", problem.GetProperty("code").GetString());
        Assert.Contains("两步验证", problem.GetProperty("title").GetString());
        // Staff routes are admin routes too for an administrator.
        await (await admin.GetAsync("/api/calendar/days?year=2026")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        // The account's own routes stay open, so the admin can see what to do.
        await (await admin.GetAsync("/api/me")).ExpectStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_admin_without_two_factor_is_sent_from_an_admin_page_to_set_it_up_and_then_gets_through()
    {
        var email = await CreateAccountAsync(Roles.Admin);
        var browser = factory.CreateBrowserClient();
        using (await browser.SignInOnPageAsync(email, Password)) { }
        var bearer = await factory.SignInAsync(email, Password);

        using var sent = await browser.GetAsync("/admin/outbox");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.StartsWith("/account/two-factor?required=true", sent.Headers.Location!.OriginalString);
        Assert.Contains("管理员须先开启两步验证", await (await browser.GetAsync(sent.Headers.Location.OriginalString)).Content.ReadAsStringAsync());

        var key = await EnableTwoFactorAsync(browser);

        await (await browser.GetAsync("/admin/outbox")).ExpectStatusAsync(HttpStatusCode.OK);
        Assert.NotEqual(HttpStatusCode.Forbidden, (await bearer.PostJsonAsync("/api/centers", new { })).StatusCode);
        // From now on the admin signs in with a code.
        var client = factory.CreateApiClient();
        await (await client.PostJsonAsync("/api/auth/login", new { email, password = Password })).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await client.PostJsonAsync("/api/auth/login", new { email, password = Password, twoFactorCode = factory.TotpCode(key, stepsAhead: 1) })).ExpectStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_jobs_dashboard_waits_for_two_factor_too()
    {
        var browser = factory.CreateBrowserClient();
        using (await browser.SignInOnPageAsync(await CreateAccountAsync(Roles.Admin), Password)) { }

        using var response = await browser.GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/two-factor", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Learners_and_staff_without_two_factor_are_not_affected()
    {
        var w = await factory.WorldAsync();

        await (await w.StaffA.GetAsync($"/api/centers/{w.CenterA}/venues")).ExpectStatusAsync(HttpStatusCode.OK);
        await (await w.Learner.GetAsync("/api/me")).ExpectStatusAsync(HttpStatusCode.OK);
        await (await w.Admin.GetAsync($"/api/centers/{w.CenterA}/venues")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }
}
