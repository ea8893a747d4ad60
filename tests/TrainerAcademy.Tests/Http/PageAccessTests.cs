using Microsoft.AspNetCore.Mvc.Testing;

namespace TrainerAcademy.Tests.Http;

/// <summary>
/// The pages with the browser's cookie: anonymous visitors are sent to sign in, a signed-in role that may not
/// see a page is turned away, staff see only their own center's records, and forms need their antiforgery token.
/// </summary>
public abstract class PageAccessTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : PageAccessTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : PageAccessTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private static readonly string[] StaffPages = ["/staff/courses", "/staff/cohorts", "/staff/center"];
    private static readonly string[] AdminPages = ["/admin/centers", "/admin/outbox", "/admin/reviews"];

    /// <summary>Every page under a path prefix, with sample ids, read from the routing table.</summary>
    private List<string> PagesUnder(string prefix) =>
        [.. EndpointAuthorizationTests.PageRoutes(factory.Services)
            .Where(r => r.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(EndpointAuthorizationTests.Sample)];

    private async Task<HttpClient> BrowserSignedInAsync(string email)
    {
        var browser = factory.CreateBrowserClient();
        using var response = await browser.SignInOnPageAsync(email, TestWorld.Password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {email} on the page: {(int)response.StatusCode}");
        return browser;
    }

    private static async Task<string> FailuresAsync(HttpClient client, IEnumerable<string> paths, Func<HttpResponseMessage, bool> expected)
    {
        var wrong = new List<string>();
        foreach (var path in paths)
        {
            using var response = await client.GetAsync(path);
            if (!expected(response)) wrong.Add($"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
        }
        return string.Join("\n", wrong);
    }

    private static bool SentToSignIn(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.OrdinalIgnoreCase) == true;

    private static bool TurnedAway(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Forbidden
        || r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString.Contains("/account/access-denied", StringComparison.OrdinalIgnoreCase) == true;

    [Theory]
    [InlineData("/")]
    [InlineData("/catalog")]
    [InlineData("/results/postings")]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    [InlineData("/account/forgot-password")]
    public async Task Public_pages_open_without_signing_in(string path) =>
        await (await factory.CreateBrowserClient().GetAsync(path)).ExpectStatusAsync(HttpStatusCode.OK);

    [Fact]
    public async Task Anonymous_visitors_of_a_protected_page_are_sent_to_sign_in()
    {
        var failures = await FailuresAsync(factory.CreateBrowserClient(), [.. StaffPages, .. AdminPages, "/account/profile"], SentToSignIn);

        Assert.True(failures.Length == 0, "not sent to sign in:\n" + failures);
    }

    [Fact]
    public async Task Learners_are_turned_away_from_staff_and_admin_pages_but_see_their_profile()
    {
        var w = await factory.WorldAsync();
        var learner = await BrowserSignedInAsync(w.LearnerEmail);

        var failures = await FailuresAsync(learner, [.. StaffPages, .. AdminPages], TurnedAway);

        Assert.True(failures.Length == 0, "a learner was let in:\n" + failures);
        await (await learner.GetAsync("/account/profile")).ExpectStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Staff_see_the_staff_pages_but_not_the_admin_pages()
    {
        var w = await factory.WorldAsync();
        var staff = await BrowserSignedInAsync(w.StaffAEmail);

        Assert.Equal("", await FailuresAsync(staff, StaffPages, r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal("", await FailuresAsync(staff, AdminPages, TurnedAway));
    }

    [Fact]
    public async Task Admins_see_the_admin_and_staff_pages()
    {
        var w = await factory.WorldAsync();
        var admin = await BrowserSignedInAsync(w.AdminEmail);

        Assert.Equal("", await FailuresAsync(admin, [.. AdminPages, "/staff/courses", "/staff/cohorts"], r => r.StatusCode == HttpStatusCode.OK));
    }

    [Fact]
    public async Task The_address_decides_the_audience_of_every_page()
    {
        var w = await factory.WorldAsync();
        var learner = await BrowserSignedInAsync(w.LearnerEmail);
        var staff = await BrowserSignedInAsync(w.StaffAEmail);
        var staffPages = PagesUnder("/staff/");
        var adminPages = PagesUnder("/admin/");
        var learnerPages = PagesUnder("/exams").Concat(PagesUnder("/timetable")).ToList();
        Assert.True(staffPages.Count >= 14 && adminPages.Count >= 9 && learnerPages.Count >= 6,
            $"{staffPages.Count} staff, {adminPages.Count} admin and {learnerPages.Count} learner pages found");

        Assert.Equal("", await FailuresAsync(learner, [.. staffPages, .. adminPages], TurnedAway));
        Assert.Equal("", await FailuresAsync(staff, [.. adminPages, .. learnerPages], TurnedAway));
    }

    [Fact]
    public async Task Staff_get_404_for_the_edit_pages_of_another_centers_course_and_cohort()
    {
        var w = await factory.WorldAsync();
        var staffA = await BrowserSignedInAsync(w.StaffAEmail);
        var staffB = factory.CreateBrowserClient();
        using (var signIn = await staffB.SignInOnPageAsync(await StaffBEmailAsync(), TestWorld.Password))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        await (await staffA.GetAsync($"/staff/courses/{w.CourseA}/edit")).ExpectStatusAsync(HttpStatusCode.OK);
        await (await staffB.GetAsync($"/staff/courses/{w.CourseA}/edit")).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await staffB.GetAsync($"/staff/cohorts/{w.DraftCohortA}/edit")).ExpectStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_staff_form_post_without_the_antiforgery_token_is_refused()
    {
        var w = await factory.WorldAsync();
        var staff = await BrowserSignedInAsync(w.StaffAEmail);

        using var response = await staff.PostFormWithoutTokenAsync($"/staff/courses/{w.CourseA}/edit", new Dictionary<string, string>
        {
            ["Input.Title"] = "跨站改的", ["Input.Level"] = "5", ["Input.TheoryHours"] = "18", ["Input.PracticeHours"] = "42", ["Input.Fee"] = "1",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var course = await (await w.Anonymous.GetAsync($"/api/courses/{w.CourseA}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotEqual("跨站改的", course.GetProperty("title").GetString());
    }

    private async Task<string> StaffBEmailAsync()
    {
        var w = await factory.WorldAsync();
        var me = await (await w.StaffB.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK);
        return me.GetProperty("email").GetString()!;
    }
}
