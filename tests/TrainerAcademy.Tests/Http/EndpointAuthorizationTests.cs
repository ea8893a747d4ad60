using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace TrainerAcademy.Tests.Http;

/// <summary>
/// Every API endpoint the application maps, read from its routing table: only the reviewed public ones let anonymous
/// callers in, and every other one answers them 401, so a new endpoint cannot be left open by accident.
/// </summary>
public sealed class EndpointAuthorizationTests(SqliteAcademyFactory factory) : IClassFixture<SqliteAcademyFactory>
{
    /// <summary>The catalog, the results posting board (masked names, no ID numbers, only while a posting runs), certificate verification (masked, rate limited), calendar feeds (the token is the credential), sign-in and registration, and Stripe's webhook (signed).</summary>
    private static readonly string[] Public =
    [
        "GET /api/auth/confirmEmail",
        "POST /api/auth/forgotPassword",
        "POST /api/auth/login",
        "POST /api/auth/refresh",
        "POST /api/auth/register",
        "POST /api/auth/resendConfirmationEmail",
        "POST /api/auth/resetPassword",
        "GET /api/calendar/{token}.ics",
        "GET /api/centers",
        "GET /api/cohorts",
        "GET /api/cohorts/{id:int}",
        "GET /api/cohorts/{id:int}/sessions",
        "GET /api/courses",
        "GET /api/courses/{id:int}",
        "GET /api/levels",
        "POST /api/payments/stripe/webhook",
        "GET /api/result-postings",
        "GET /api/result-postings/{sessionId:int}",
        "GET /api/results/posted",
        "GET /api/verify/{code}",
    ];

    private IReadOnlyList<(string Method, string Route, string[] Policies)> PolicyEndpoints() =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'),
                    e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToArray())))];

    [Theory]
    [InlineData("staff")]
    [InlineData("admin")]
    public async Task A_learner_gets_403_from_every_endpoint_of_the_staff_and_admin_policies(string policy)
    {
        var w = await factory.WorldAsync();
        var wrong = new List<string>();
        var endpoints = PolicyEndpoints().Where(e => e.Policies.Contains(policy)).ToList();
        foreach (var (method, route, _) in endpoints)
        {
            var path = Sample(route);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT" or "PATCH") request.Content = route.EndsWith("/import", StringComparison.Ordinal)
                ? new MultipartFormDataContent { { new ByteArrayContent([]), "file", "empty.txt" } }
                : new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await w.Learner.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Forbidden)
                wrong.Add($"{method} {path}: {(int)response.StatusCode}");
        }

        Assert.True(endpoints.Count > 10, $"only {endpoints.Count} endpoints under the {policy} policy");
        Assert.True(wrong.Count == 0, "not 403 for a learner:\n" + string.Join("\n", wrong));
    }

    private IReadOnlyList<(string Method, string Route, bool Anonymous)> ApiEndpoints() =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .Distinct()
            .OrderBy(e => e.Item2, StringComparer.Ordinal).ThenBy(e => e.m, StringComparer.Ordinal)];

    [Fact]
    public void Only_the_reviewed_endpoints_allow_anonymous_callers()
    {
        var anonymous = ApiEndpoints().Where(e => e.Anonymous).Select(e => $"{e.Method} {e.Route}").ToList();

        Assert.Equal(Public.Order(StringComparer.Ordinal), anonymous.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_other_api_endpoint_answers_an_anonymous_caller_401()
    {
        await factory.WorldAsync();
        var client = factory.CreateApiClient();
        var wrong = new List<string>();
        var checkedCount = 0;
        foreach (var (method, route, anonymous) in ApiEndpoints())
        {
            if (anonymous) continue;
            var path = Sample(route);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            checkedCount++;
            if (response.StatusCode != HttpStatusCode.Unauthorized)
                wrong.Add($"{method} {path}: {(int)response.StatusCode}");
        }

        Assert.True(checkedCount > 80, $"only {checkedCount} protected endpoints found");
        Assert.True(wrong.Count == 0, "open to anonymous callers:\n" + string.Join("\n", wrong));
    }

    /// <summary>Pages anonymous visitors may open: the home page, the catalog, the results posting board, certificate verification, errors and the account pages that lead to signing in.</summary>
    private static readonly string[] PublicPages =
    [
        "/", "/Index", "/Error", "/error/{code:int?}", "/catalog", "/catalog/courses/{id:int}", "/catalog/cohorts/{id:int}",
        "/results/postings", "/results/postings/{sessionId:int}", "/verify/{code?}",
        "/account/login", "/account/register", "/account/forgot-password", "/account/reset-password", "/account/access-denied",
        "/account/login-2fa", "/account/confirm-email", "/account/resend-confirmation",
    ];

    /// <summary>Every page's route template, read from the routing table.</summary>
    internal static List<string> PageRoutes(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .ToList();

    [Fact]
    public async Task Every_other_page_sends_an_anonymous_visitor_to_sign_in()
    {
        await factory.WorldAsync();
        var browser = factory.CreateBrowserClient();
        var pages = PageRoutes(factory.Services);
        var wrong = new List<string>();
        foreach (var route in pages.Where(p => !PublicPages.Contains(p, StringComparer.OrdinalIgnoreCase)))
        {
            using var response = await browser.GetAsync(Sample(route));
            var location = response.Headers.Location?.ToString() ?? "";
            if (response.StatusCode != HttpStatusCode.Redirect || !location.Contains("/account/login", StringComparison.OrdinalIgnoreCase))
                wrong.Add($"{route}: {(int)response.StatusCode} {location}");
        }

        Assert.True(pages.Count > 40, $"only {pages.Count} pages found");
        Assert.True(wrong.Count == 0, "open to anonymous visitors:\n" + string.Join("\n", wrong));
    }

    /// <summary>A concrete path for a route template: numbers for ids, a date for dates, a word for the rest.</summary>
    internal static string Sample(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{(?<name>[^}:?]+)(?<constraint>:[^}?]+)?\??\}", m =>
            m.Groups["constraint"].Value.Contains("int", StringComparison.Ordinal) ? "1"
            : m.Groups["name"].Value.Contains("date", StringComparison.OrdinalIgnoreCase) ? "2027-01-02"
            : m.Groups["name"].Value.Contains("year", StringComparison.OrdinalIgnoreCase) ? "2027"
            : "x");
}
