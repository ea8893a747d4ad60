using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace TrainerAcademy.Tests.Http;

/// <summary>
/// Every API endpoint, read from the routing table and called by each role: writes with bodies that are empty,
/// of the wrong types, or not JSON at all, reads with unknown ids and odd query strings. The answer is always a 2xx or a
/// 4xx, never a 500.
/// </summary>
public abstract class EveryEndpointInputTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : EveryEndpointInputTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : EveryEndpointInputTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private const string WrongTypes = """
        { "name": 5, "capacity": "many", "level": "five", "title": {}, "mode": 7, "windowStart": "2027-03-06T09:00:00+08:00", "registrationDeadline": "2027-03-01T18:00:00+08:00", "windowEnd": [], "revision": "x",
          "response": {"a": 1}, "minutes": "ten", "marks": "all", "code": 12, "date": "someday", "kind": 3, "lines": "one", "stem": [],
          "options": 5, "answer": {}, "difficulty": "hard", "component": 9, "priorCertificateLevel": "four", "relatedMajor": "yes",
          "courseId": "c", "startsOn": "next week", "dailySlots": "09:00", "venueId": 1.5, "reason": [], "status": "Here" }
        """;

    private IReadOnlyList<(string Method, string Route)> WriteEndpoints() =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => m is "POST" or "PUT" or "DELETE" or "PATCH")
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Where(e => !e.Item2.StartsWith("/api/auth/", StringComparison.Ordinal))
            .Distinct()];

    [Fact]
    public async Task No_write_endpoint_answers_bad_input_with_a_server_error()
    {
        var w = await factory.WorldAsync();
        var callers = new (string Who, HttpClient Client)[] { ("admin", w.Admin), ("staff", w.StaffA), ("learner", w.Learner) };
        var bodies = new (string What, Func<HttpContent?> Make)[]
        {
            ("empty object", () => new StringContent("{}", Encoding.UTF8, "application/json")),
            ("wrong types", () => new StringContent(WrongTypes, Encoding.UTF8, "application/json")),
            ("broken JSON", () => new StringContent("{\"name\": ", Encoding.UTF8, "application/json")),
            ("no body", () => null),
        };
        var failures = new List<string>();
        var endpoints = WriteEndpoints();
        foreach (var (method, route) in endpoints)
            foreach (var id in new[] { "1", "999999" })
                foreach (var (who, client) in callers)
                    foreach (var (what, make) in bodies)
                    {
                        var path = Sample(route, id);
                        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = make() };
                        using var response = await client.SendAsync(request);
                        if ((int)response.StatusCode >= 500)
                            failures.Add($"{method} {path} as {who} with {what}: {(int)response.StatusCode} {Trim(await response.Content.ReadAsStringAsync())}");
                    }

        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} write endpoints found");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct()));
    }

    [Fact]
    public async Task No_read_endpoint_answers_a_server_error_whoever_asks()
    {
        var w = await factory.WorldAsync();
        var callers = new (string Who, HttpClient Client)[] { ("anonymous", w.Anonymous), ("admin", w.Admin), ("staff", w.StaffA), ("learner", w.Learner) };
        var reads = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true
                        && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .ToList();
        var failures = new List<string>();
        foreach (var route in reads)
            foreach (var id in new[] { "1", "999999" })
                foreach (var query in new[] { "", "?level=9&from=2027-03-06T09:00:00%2B08:00&to=2027-01-01&page=-1&year=3000&date=bad" })
                    foreach (var (who, client) in callers)
                    {
                        var path = Sample(route, id) + query;
                        using var response = await client.GetAsync(path);
                        if ((int)response.StatusCode >= 500)
                            failures.Add($"GET {path} as {who}: {(int)response.StatusCode} {Trim(await response.Content.ReadAsStringAsync())}");
                    }

        Assert.True(reads.Count > 30, $"only {reads.Count} read endpoints found");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct()));
    }

    [Fact]
    public async Task No_page_answers_a_server_error_whoever_opens_it()
    {
        var w = await factory.WorldAsync();
        var callers = new List<(string Who, HttpClient Client)> { ("anonymous", factory.CreateBrowserClient()) };
        foreach (var (who, email) in new[] { ("admin", w.AdminEmail), ("staff", w.StaffAEmail), ("learner", w.LearnerEmail) })
        {
            var browser = factory.CreateBrowserClient();
            using var signedIn = await browser.SignInOnPageAsync(email, TestWorld.Password);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            callers.Add((who, browser));
        }
        var pages = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => !p.Contains("logout", StringComparison.OrdinalIgnoreCase))
            .Distinct()
            .ToList();
        var failures = new List<string>();
        foreach (var route in pages)
            foreach (var id in new[] { "1", "999999" })
                foreach (var (who, client) in callers)
                {
                    var path = Sample(route, id);
                    using var response = await client.GetAsync(path);
                    if ((int)response.StatusCode >= 500)
                        failures.Add($"GET {path} as {who}: {(int)response.StatusCode}");
                }

        Assert.True(pages.Count > 40, $"only {pages.Count} pages found");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct()));
    }

    internal static string Trim(string body) => body.Length > 300 ? body[..300] : body;

    /// <summary>A route with its parameters filled: ints with <paramref name="id"/>, dates and years plausibly, the rest with "x".</summary>
    internal static string Sample(string route, string id) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{(?<name>[^}:?]+)(?<constraint>:[^}?]+)?\??\}", m =>
            m.Groups["constraint"].Value.Contains("int", StringComparison.Ordinal) ? id
            : m.Groups["name"].Value.Contains("date", StringComparison.OrdinalIgnoreCase) ? "2027-01-02"
            : m.Groups["name"].Value.Contains("year", StringComparison.OrdinalIgnoreCase) ? "2027"
            : "x");
}
