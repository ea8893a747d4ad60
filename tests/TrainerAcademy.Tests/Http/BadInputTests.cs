using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Tests.Http;

/// <summary>Bad input is the caller's fault: every POST and PUT answers it with a 4xx problem document, never a 500.</summary>
public abstract class BadInputTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : BadInputTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : BadInputTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    /// <summary>Properties of every command with a value of the wrong JSON type.</summary>
    private const string WrongTypes = """
        {
          "name": 5, "organisationCode": 1234, "capacity": "many", "certificateLevel": "high", "active": "yes",
          "email": 42, "password": false, "displayName": [], "centerId": "A", "level": "five", "title": {}, "theoryHours": [],
          "practiceHours": "x", "fee": "free", "courseId": "c", "startsOn": "next week", "weekendPattern": "Monday",
          "dailySlots": "09:00-12:00", "venueId": 1.5, "revision": "x", "realName": 1, "idType": "Driver", "idNumber": 310104,
          "phone": 13800138000, "employment": 7, "yearsInOccupation": "two", "education": true, "refreshToken": 7,
          "resetCode": 5, "newPassword": 5, "newEmail": 5, "oldPassword": 5, "enable": "yes", "twoFactorCode": 1
        }
        """;

    private sealed record Target(string Method, string Path, HttpClient Client)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    /// <summary>Every POST and PUT, each called by a role allowed to reach its handler.</summary>
    private async Task<Target[]> TargetsAsync()
    {
        var w = await factory.WorldAsync();
        var cancelled = await CancelledCohortAsync(w);
        return
        [
            new("POST", "/api/centers", w.Admin),
            new("PUT", $"/api/centers/{w.CenterA}", w.Admin),
            new("POST", $"/api/centers/{w.CenterA}/venues", w.StaffA),
            new("PUT", $"/api/venues/{w.VenueA}", w.StaffA),
            new("POST", $"/api/centers/{w.CenterA}/instructors", w.StaffA),
            new("PUT", $"/api/instructors/{w.InstructorA}", w.StaffA),
            new("POST", $"/api/centers/{w.CenterA}/staff", w.Admin),
            new("POST", "/api/courses", w.StaffA),
            new("PUT", $"/api/courses/{w.CourseA}", w.StaffA),
            new("POST", "/api/cohorts", w.StaffA),
            new("PUT", $"/api/cohorts/{w.DraftCohortA}", w.StaffA),
            // A cancelled cohort: a body these accept (or none) meets a rule (409), not a 500.
            new("POST", $"/api/cohorts/{cancelled}/open", w.StaffA),
            new("POST", $"/api/cohorts/{cancelled}/cancel", w.StaffA),
            new("PUT", "/api/me/profile", w.Learner),
            new("POST", "/api/auth/register", w.Anonymous),
            new("POST", "/api/auth/login", w.Anonymous),
            new("POST", "/api/auth/refresh", w.Anonymous),
            new("POST", "/api/auth/forgotPassword", w.Anonymous),
            new("POST", "/api/auth/resetPassword", w.Anonymous),
            new("POST", "/api/auth/resendConfirmationEmail", w.Anonymous),
            new("POST", "/api/auth/manage/info", w.Learner),
            new("POST", "/api/auth/manage/2fa", w.Learner),
        ];
    }

    private async Task<int> CancelledCohortAsync(TestWorld w)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var course = await db.Courses.FindAsync(w.CourseA);
        var cohort = new Cohort(course!, factory.NextSaturday(), WeekendPattern.Both, [TimeSlot.Parse("09:00-12:00")], 10, null);
        cohort.Cancel();
        db.Cohorts.Add(cohort);
        await db.SaveChangesAsync();
        return cohort.Id;
    }

    private async Task ExpectClientErrorsAsync(string? body, string contentType = "application/json")
    {
        var wrong = new List<string>();
        foreach (var target in await TargetsAsync())
        {
            var request = new HttpRequestMessage(new HttpMethod(target.Method), target.Path);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
            using var response = await target.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500)
                wrong.Add($"{target}: {status} {text}");
            else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                wrong.Add($"{target}: {status} is not a problem document ({response.Content.Headers.ContentType}) {text}");
        }
        Assert.True(wrong.Count == 0, "Expected a 4xx problem document from:\n" + string.Join("\n", wrong) + "\n" + factory.LogText);
    }

    [Fact]
    public Task Malformed_json_is_a_4xx_problem_everywhere() => ExpectClientErrorsAsync("""{"name": "unterminated""");

    [Fact]
    public Task Values_of_the_wrong_type_are_a_4xx_problem_everywhere() => ExpectClientErrorsAsync(WrongTypes);

    [Fact]
    public Task An_array_instead_of_an_object_is_a_4xx_problem_everywhere() => ExpectClientErrorsAsync("[]");

    [Fact]
    public Task A_missing_body_is_a_4xx_problem_everywhere() => ExpectClientErrorsAsync(null);

    [Fact]
    public Task A_json_null_body_is_a_4xx_problem_everywhere() => ExpectClientErrorsAsync("null");

    [Fact]
    public Task A_body_that_is_not_json_is_a_4xx_problem_everywhere() => ExpectClientErrorsAsync("name=x&capacity=3", "application/x-www-form-urlencoded");

    [Fact]
    public Task Numbers_too_large_for_their_fields_are_a_4xx_problem_everywhere() =>
        ExpectClientErrorsAsync("""{"capacity": 99999999999999, "level": 99999999999, "theoryHours": 1e400, "courseId": 99999999999, "revision": 99999999999, "certificateLevel": 99999999999, "yearsInOccupation": 99999999999, "enable": 99999999999, "email": 1e999, "refreshToken": 1e999, "newEmail": 1e999}""");

    [Theory]
    [InlineData("/api/cohorts?from=next-week")]
    [InlineData("/api/cohorts?level=five")]
    [InlineData("/api/cohorts?courseId=1.5")]
    [InlineData("/api/courses?centerId=abc")]
    public async Task Query_parameters_of_the_wrong_type_are_a_400_problem(string url) =>
        await (await factory.CreateApiClient().GetAsync(url)).ExpectProblemAsync(HttpStatusCode.BadRequest);

    [Fact]
    public async Task Empty_commands_are_refused_with_their_validation_errors()
    {
        var w = await factory.WorldAsync();

        var center = await (await w.Admin.PostJsonAsync("/api/centers", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var course = await (await w.StaffA.PostJsonAsync("/api/courses", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(center.GetProperty("errors").EnumerateObject().Any(), center.ToString());
        Assert.True(course.GetProperty("errors").EnumerateObject().Any(), course.ToString());
    }

    [Fact]
    public async Task A_broken_rule_is_explained_in_Chinese_and_in_English_when_the_caller_asks_for_it()
    {
        var w = await factory.WorldAsync();
        var start = factory.Time.GetUtcNow().AddDays(10);
        var backwards = new { level = 4, title = "窗口颠倒", mode = "Online", capacity = 10, windowStart = start, windowEnd = start.AddHours(-2), registrationDeadline = start.AddDays(-1) };

        var chinese = await (await w.StaffA.PostJsonAsync("/api/exam-sessions", backwards)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var english = await (await w.StaffA.PostJsonAsync("/api/exam-sessions?culture=en", backwards)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", chinese.GetProperty("detail").GetString()!);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", english.GetProperty("detail").GetString()!);
        Assert.Equal(chinese.GetProperty("code").GetString(), english.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_upload_without_a_form_body_is_415_once_the_caller_is_known()
    {
        var w = await factory.WorldAsync();
        foreach (var (client, method, path) in new[] { (w.Learner, "PUT", "/api/me/photo"), (w.Admin, "POST", "/api/questions/import"), (w.Admin, "POST", "/api/calendar/import") })
        {
            var problem = await (await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
            Assert.Equal(415, problem.GetProperty("status").GetInt32());
            // The same endpoint with a form and no file: the handler's own answer.
            var form = new MultipartFormDataContent { { new StringContent("x"), "note" } };
            var refused = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = form });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }
        await (await w.Anonymous.PostAsync("/api/questions/import", null)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
    }
}
