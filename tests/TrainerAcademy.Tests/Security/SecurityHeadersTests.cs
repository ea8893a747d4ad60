using Microsoft.AspNetCore.Hosting;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace TrainerAcademy.Tests.Security;

/// <summary>Every response carries the security headers, and the pages run no inline script that the policy would block.</summary>
public sealed partial class SecurityHeadersTests(SqliteSecurityFactory factory) : IClassFixture<SqliteSecurityFactory>
{
    public static TheoryData<string, string> Responses => new()
    {
        { "GET", "/" },
        { "GET", "/account/login" },
        { "GET", "/api/courses" },
        { "GET", "/css/site.css" },
        { "GET", "/js/site.js" },
        { "GET", "/healthz" },
        { "GET", "/no-such-page" },
        { "GET", "/api/no-such-route" },
        { "GET", "/staff/courses" },
        { "GET", "/api/me" },
        { "POST", "/api/auth/login" },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Every_response_carries_the_security_headers(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST") request.Content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");

        using var response = await factory.CreateApiClient().SendAsync(request);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotMatch("script-src[^;]*unsafe", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"));
    }

    [Fact]
    public async Task A_rejected_sign_in_attempt_carries_the_headers_too()
    {
        await using var limited = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:AuthPermitsPerMinute", "1"));
        var client = limited.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var body = new { email = TestData.Email("headers"), password = "wrong password" };
        await client.PostJsonAsync("/api/auth/login", body);

        using var refused = await client.PostJsonAsync("/api/auth/login", body);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("frame-ancestors 'none'", Header(refused, "Content-Security-Policy"));
        Assert.Equal("DENY", Header(refused, "X-Frame-Options"));
    }

    [Fact]
    public async Task Over_tls_in_production_the_response_asks_browsers_to_keep_to_https_for_a_year()
    {
        await using var app = factory.AsProduction();

        using var response = await app.ClientAt(SecurityFactoryExtensions.PublicBaseUrl).GetAsync("/healthz");

        Assert.Equal("max-age=31536000", Header(response, "Strict-Transport-Security"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Theory]
    [InlineData("application/pdf", false)]
    [InlineData("text/html; charset=utf-8", true)]
    [InlineData("text/calendar", true)]
    public async Task A_pdf_carries_the_headers_but_not_the_page_policy_that_would_block_the_browsers_viewer(string contentType, bool policy)
    {
        using var host = await new Microsoft.Extensions.Hosting.HostBuilder()
            .ConfigureWebHost(web => web.UseTestServer().Configure(app =>
            {
                app.UseMiddleware<TrainerAcademy.Infrastructure.SecurityHeaders>();
                app.Run(http =>
                {
                    http.Response.ContentType = contentType;
                    return http.Response.WriteAsync("body");
                });
            }))
            .StartAsync();

        using var response = await host.GetTestClient().GetAsync("/receipt");

        Assert.Equal(policy, response.Headers.Contains("Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Fact]
    public void No_page_has_an_inline_script_or_an_inline_event_handler()
    {
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "src", "TrainerAcademy.Web"), "*.cshtml", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            var name = Path.GetRelativePath(RepositoryRoot.Path, file);
            offenders.AddRange(InlineScript().Matches(text).Select(m => $"{name}: {m.Value}"));
            offenders.AddRange(EventHandler().Matches(text).Select(m => $"{name}: {m.Value}"));
            offenders.AddRange(ScriptUrl().Matches(text).Select(m => $"{name}: {m.Value}"));
        }

        Assert.True(offenders.Count == 0, "script-src 'self' blocks these:" + Environment.NewLine + string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void The_check_finds_inline_script_when_there_is_some()
    {
        Assert.Matches(InlineScript(), "<script>alert(1)</script>");
        Assert.Matches(InlineScript(), "<script type=\"module\">x()</script>");
        Assert.DoesNotMatch(InlineScript(), "<script src=\"~/js/site.js\" asp-append-version=\"true\"></script>");
        Assert.Matches(EventHandler(), "<select name=\"level\" onchange=\"this.form.submit()\">");
        Assert.Matches(EventHandler(), "<button ONCLICK='go()'>");
        Assert.DoesNotMatch(EventHandler(), "<select data-submit-on-change>");
        Assert.Matches(ScriptUrl(), "<a href=\"javascript:void(0)\">");
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri} has no {name} header");

    [GeneratedRegex(@"<script(?![^>]*\bsrc\s*=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[a-z][^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();

    [GeneratedRegex(@"javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptUrl();
}
