using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TrainerAcademy.Tests.Http;

/// <summary>
/// Every endpoint of Features/*Api.cs and /api/auth, called by each role: 401 without credentials,
/// 403 for a role that may not act, 404 for another center's record, and success for those who may.
/// </summary>
public abstract class AccessMatrixTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : AccessMatrixTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : AccessMatrixTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private sealed record Endpoint(string Method, string Path, object? Body = null)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Endpoint e)
    {
        var request = new HttpRequestMessage(new HttpMethod(e.Method), e.Path);
        if (e.Body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(e.Body, options: TestHttp.Json);
        return client.SendAsync(request);
    }

    private static async Task ExpectAllAsync(HttpClient client, IEnumerable<Endpoint> endpoints, HttpStatusCode expected, string who)
    {
        var wrong = new List<string>();
        foreach (var e in endpoints)
        {
            using var response = await SendAsync(client, e);
            if (response.StatusCode != expected)
                wrong.Add($"{e}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.True(wrong.Count == 0, $"{who} expected {(int)expected} from:\n{string.Join("\n", wrong)}");
    }

    private static object Center(string? code = null) => new { name = "中心 " + Guid.NewGuid().ToString("N")[..6], organisationCode = code ?? TestData.NextOrganisationCode(), provinceCode = "31", city = "上海" };
    private static object Venue() => new { name = "V-" + Guid.NewGuid().ToString("N")[..8], capacity = 30 };
    private static object Instructor() => new { name = "李老师", certificateLevel = 3 };
    private static object Staff() => new { email = TestData.Email("staff"), password = "long-enough-pass" };
    private static object CourseBody(int? centerId = null) => new { centerId, level = 5, title = "周末班", theoryHours = 18, practiceHours = 42, fee = 2600 };

    private object CohortBody(TestWorld w) => new
    {
        courseId = w.CourseA, startsOn = factory.NextSaturday(), weekendPattern = "Both", dailySlots = new[] { "09:00-12:00" }, capacity = 20, venueId = w.VenueA,
    };

    /// <summary>Every endpoint that needs staff (or admin) rights, aimed at center A's records.</summary>
    private Endpoint[] StaffEndpoints(TestWorld w) =>
    [
        new("GET", $"/api/centers/{w.CenterA}"),
        new("POST", "/api/centers", Center()),
        new("PUT", $"/api/centers/{w.CenterA}", Center()),
        new("GET", $"/api/centers/{w.CenterA}/venues"),
        new("POST", $"/api/centers/{w.CenterA}/venues", Venue()),
        new("PUT", $"/api/venues/{w.VenueA}", Venue()),
        new("GET", $"/api/centers/{w.CenterA}/instructors"),
        new("POST", $"/api/centers/{w.CenterA}/instructors", Instructor()),
        new("PUT", $"/api/instructors/{w.InstructorA}", Instructor()),
        new("GET", $"/api/centers/{w.CenterA}/staff"),
        new("POST", $"/api/centers/{w.CenterA}/staff", Staff()),
        new("POST", "/api/courses", CourseBody(w.CenterA)),
        new("PUT", $"/api/courses/{w.CourseA}", CourseBody()),
        new("POST", "/api/cohorts", CohortBody(w)),
        new("PUT", $"/api/cohorts/{w.DraftCohortA}", CohortBody(w)),
        new("POST", $"/api/cohorts/{w.DraftCohortA}/open", new { }),
        new("POST", $"/api/cohorts/{w.DraftCohortA}/cancel", new { }),
    ];

    /// <summary>Endpoints any signed-in account may use.</summary>
    private static Endpoint[] SignedInEndpoints() =>
    [
        new("GET", "/api/me"),
        new("PUT", "/api/me/profile", new { realName = "刘洋" }),
        new("GET", "/api/auth/manage/info"),
        new("POST", "/api/auth/manage/info", new { }),
        new("POST", "/api/auth/manage/2fa", new { }),
    ];

    [Theory]
    [InlineData("/api/courses")]
    [InlineData("/api/cohorts")]
    [InlineData("/api/centers")]
    [InlineData("/api/levels")]
    [InlineData("/healthz")]
    [InlineData("/openapi/v1.json")]
    public async Task Anonymous_visitors_read_the_public_endpoints(string path)
    {
        var w = await factory.WorldAsync();

        using var response = await w.Anonymous.GetAsync(path);

        await response.ExpectStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Anonymous_visitors_read_one_public_course()
    {
        var w = await factory.WorldAsync();

        var course = await (await w.Anonymous.GetAsync($"/api/courses/{w.CourseA}")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(w.CourseA, course.Id());
    }

    [Fact]
    public async Task Without_credentials_every_protected_endpoint_answers_401()
    {
        var w = await factory.WorldAsync();

        await ExpectAllAsync(w.Anonymous, StaffEndpoints(w).Concat(SignedInEndpoints()), HttpStatusCode.Unauthorized, "anonymous");
    }

    [Fact]
    public async Task A_forged_bearer_token_is_refused_with_401()
    {
        var w = await factory.WorldAsync();
        using var forged = factory.CreateApiClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "CfDJ8forged-token-that-was-never-issued");

        await ExpectAllAsync(forged, [new("GET", "/api/me"), new("GET", $"/api/centers/{w.CenterA}")], HttpStatusCode.Unauthorized, "a forged token");
    }

    [Fact]
    public async Task The_401_of_an_api_endpoint_is_a_problem_document_not_a_redirect()
    {
        var w = await factory.WorldAsync();

        await (await w.Anonymous.GetAsync("/api/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Learners_get_403_from_every_staff_endpoint()
    {
        var w = await factory.WorldAsync();

        await ExpectAllAsync(w.Learner, StaffEndpoints(w), HttpStatusCode.Forbidden, "a learner");
    }

    [Fact]
    public async Task Staff_get_403_from_the_admin_only_endpoints()
    {
        var w = await factory.WorldAsync();

        await ExpectAllAsync(w.StaffA, [new("POST", "/api/centers", Center()), new("POST", $"/api/centers/{w.CenterA}/staff", Staff())],
            HttpStatusCode.Forbidden, "staff of center A");
    }

    [Fact]
    public async Task Only_admins_see_deletion_requests_and_full_identity_numbers_and_only_learners_ask_for_deletion()
    {
        var w = await factory.WorldAsync();
        var learnerId = (await (await w.Learner.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("id").GetString();
        Endpoint[] adminOnly =
        [
            new("GET", "/api/admin/deletion-requests"),
            new("POST", "/api/admin/deletion-requests/1/complete", new { confirm = true }),
            new("GET", $"/api/admin/learners/{learnerId}/identity"),
        ];

        await ExpectAllAsync(w.StaffA, adminOnly, HttpStatusCode.Forbidden, "staff of center A");
        await ExpectAllAsync(w.Learner, adminOnly, HttpStatusCode.Forbidden, "a learner");
        await ExpectAllAsync(w.Anonymous, [.. adminOnly, new("POST", "/api/me/deletion-request", new { })], HttpStatusCode.Unauthorized, "anonymous");
        await ExpectAllAsync(w.StaffA, [new("POST", "/api/me/deletion-request", new { })], HttpStatusCode.Forbidden, "staff of center A");
    }

    [Fact]
    public async Task Staff_of_another_center_get_404_for_every_record_of_center_A()
    {
        var w = await factory.WorldAsync();
        // Not here: the admin-only endpoints (403, above) and POST /api/cohorts, which names a course in its body
        // and refuses another center's as a rule (422, in the staff API tests).
        string[] notRecordScoped = ["POST /api/centers", $"POST /api/centers/{w.CenterA}/staff", "POST /api/cohorts"];
        var endpoints = StaffEndpoints(w)
            .Where(e => !notRecordScoped.Contains(e.ToString()))
            .Append(new Endpoint("GET", $"/api/cohorts/{w.DraftCohortA}"));

        await ExpectAllAsync(w.StaffB, endpoints, HttpStatusCode.NotFound, "staff of center B");

        // Nothing of center A changed on the way.
        var cohort = await (await w.StaffA.GetAsync($"/api/cohorts/{w.DraftCohortA}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Draft", cohort.GetProperty("status").GetString());
        var venues = await (await w.StaffA.GetAsync($"/api/centers/{w.CenterA}/venues")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(venues.EnumerateArray(), v => v.Id() == w.VenueA && v.GetProperty("name").GetString() == "A101");
        var course = await (await w.Anonymous.GetAsync($"/api/courses/{w.CourseA}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("A 中心五级周末班", course.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Staff_cannot_create_a_course_for_another_center()
    {
        var w = await factory.WorldAsync();

        await (await w.StaffB.PostJsonAsync("/api/courses", CourseBody(w.CenterA))).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Staff_read_their_own_centers_records_and_admins_read_every_centers()
    {
        var w = await factory.WorldAsync();
        Endpoint[] reads =
        [
            new("GET", $"/api/centers/{w.CenterA}"),
            new("GET", $"/api/centers/{w.CenterA}/venues"),
            new("GET", $"/api/centers/{w.CenterA}/instructors"),
            new("GET", $"/api/centers/{w.CenterA}/staff"),
            new("GET", $"/api/cohorts/{w.DraftCohortA}"),
        ];

        await ExpectAllAsync(w.StaffA, reads, HttpStatusCode.OK, "staff of center A");
        await ExpectAllAsync(w.Admin, reads, HttpStatusCode.OK, "an admin");
    }

    [Fact]
    public async Task Every_signed_in_role_reads_its_own_account()
    {
        var w = await factory.WorldAsync();

        foreach (var client in new[] { w.Learner, w.StaffA, w.StaffB, w.Admin })
            await ExpectAllAsync(client, [new("GET", "/api/me"), new("GET", "/api/auth/manage/info")], HttpStatusCode.OK, "a signed-in account");
    }

    [Fact]
    public async Task The_identity_endpoints_for_signing_in_are_open_to_anonymous_callers()
    {
        var w = await factory.WorldAsync();
        Endpoint[] open =
        [
            new("POST", "/api/auth/register", new { email = TestData.Email("open"), password = "long-enough-pass" }),
            new("POST", "/api/auth/login", new { email = w.LearnerEmail, password = TestWorld.Password }),
            new("POST", "/api/auth/forgotPassword", new { email = TestData.Email("nobody") }),
            new("POST", "/api/auth/resendConfirmationEmail", new { email = TestData.Email("nobody") }),
        ];

        await ExpectAllAsync(w.Anonymous, open, HttpStatusCode.OK, "anonymous");

        // Open, but not a way in: a bad refresh token or reset code is refused.
        foreach (var e in new Endpoint[]
                 {
                     new("POST", "/api/auth/refresh", new { refreshToken = "not-a-token" }),
                     new("POST", "/api/auth/resetPassword", new { email = w.LearnerEmail, resetCode = "bad", newPassword = "another-long-pass" }),
                     new("GET", "/api/auth/confirmEmail?userId=nobody&code=bad"),
                 })
        {
            using var response = await SendAsync(w.Anonymous, e);
            Assert.True((int)response.StatusCode is 400 or 401, $"{e}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_jobs_dashboard_is_for_admins_only()
    {
        var w = await factory.WorldAsync();

        using var admin = await (await w.Admin.GetAsync("/jobs")).ExpectSuccessAsync();
        foreach (var (who, client) in new[] { ("anonymous", w.Anonymous), ("learner", w.Learner), ("staff", w.StaffA) })
        {
            using var response = await client.GetAsync("/jobs");
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.Redirect,
                $"{who} GET /jobs: {(int)response.StatusCode}");
        }
    }
}
