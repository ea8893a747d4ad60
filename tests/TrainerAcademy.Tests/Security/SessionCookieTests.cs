using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using TrainerAcademy.Auth;
using TrainerAcademy.Features.Account;

namespace TrainerAcademy.Tests.Security;

/// <summary>The sign-in cookie: its flags, a lifetime that activity does not extend, and sign-out that ends every copy of it.</summary>
public abstract class SessionCookieTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteSecurityFactory f) : SessionCookieTests(f), IClassFixture<SqliteSecurityFactory>;

    public sealed class OnPostgreSql : SessionCookieTests, IClassFixture<PostgresSecurityFactory>
    {
        public OnPostgreSql(PostgresSecurityFactory f) : base(f) => TestPostgres.Require();
    }

    private const string Password = "a long passphrase";

    private async Task<string> LearnerAsync()
    {
        var email = TestData.Email("session");
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(email, Password, Roles.Learner);
        return email;
    }

    private static IReadOnlyList<SetCookieHeaderValue> AuthCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues(HeaderNames.SetCookie, out var values)
            ? SetCookieHeaderValue.ParseList(values.ToList()).Where(c => c.Name.Value!.StartsWith("academy.auth", StringComparison.Ordinal)).ToList()
            : [];

    [Fact]
    public async Task In_production_the_sign_in_cookie_is_secure_http_only_and_same_site_lax_even_when_tls_ends_at_a_proxy()
    {
        var email = await LearnerAsync();
        await using var app = factory.AsProduction();
        // Plain http between the proxy and the app, as when TLS ends at the proxy.
        var browser = app.ClientAt("http://academy.example.org", cookies: true);

        using var signedIn = await browser.SignInOnPageAsync(email, Password);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = Assert.Single(AuthCookies(signedIn));
        Assert.True(cookie.Secure, cookie.ToString());
        Assert.True(cookie.HttpOnly, cookie.ToString());
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
    }

    [Fact]
    public async Task A_sign_in_ends_12_hours_later_however_active_the_visitor_is()
    {
        var email = await LearnerAsync();
        var browser = factory.CreateBrowserClient();
        using var signedIn = await browser.SignInOnPageAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        // Busy all day: a request every hour renews the cookie (the security stamp check re-issues it each time).
        for (var hour = 1; hour < 12; hour++)
        {
            factory.Clock!.Advance(TimeSpan.FromHours(1));
            await (await browser.GetAsync("/api/me")).ExpectStatusAsync(HttpStatusCode.OK);
        }
        factory.Clock!.Advance(TimeSpan.FromHours(1));

        await (await browser.GetAsync("/api/me")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        using var page = await browser.GetAsync("/timetable");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/login", page.Headers.Location?.ToString());
    }

    [Fact]
    public async Task A_cookie_issued_before_sign_in_times_were_kept_also_ends_12_hours_after_it_was_issued()
    {
        var email = await LearnerAsync();
        string cookie;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var signIn = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.SignInManager<TrainerAcademy.Data.ApplicationUser>>();
            var principal = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByEmailAsync(email))!);
            var now = factory.Time.GetUtcNow();
            var ticket = new Microsoft.AspNetCore.Authentication.AuthenticationTicket(principal,
                new Microsoft.AspNetCore.Authentication.AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + AuthSetup.SessionLifetime },
                Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
            var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
                .Get(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
            cookie = options.TicketDataFormat.Protect(ticket);
        }
        var client = factory.CreateApiClient();
        var jar = $"academy.auth={cookie}";

        for (var hour = 1; hour < 12; hour++)
        {
            factory.Clock!.Advance(TimeSpan.FromHours(1));
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.Add(HeaderNames.Cookie, jar);
            using var response = await client.SendAsync(request);
            await response.ExpectStatusAsync(HttpStatusCode.OK);
            if (AuthCookies(response).FirstOrDefault() is { } renewed) jar = $"academy.auth={renewed.Value}";
        }
        factory.Clock!.Advance(TimeSpan.FromHours(1));

        using var late = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        late.Headers.Add(HeaderNames.Cookie, jar);
        await (await client.SendAsync(late)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Signing_out_ends_a_copy_of_the_cookie_within_the_stamp_check_interval()
    {
        var email = await LearnerAsync();
        var browser = factory.CreateBrowserClient();
        using var signedIn = await browser.SignInOnPageAsync(email, Password);
        var copy = string.Join("; ", AuthCookies(signedIn).Select(c => $"{c.Name}={c.Value}"));
        var thief = factory.CreateApiClient();
        thief.DefaultRequestHeaders.Add(HeaderNames.Cookie, copy);
        await (await thief.GetAsync("/api/me")).ExpectStatusAsync(HttpStatusCode.OK);

        var home = await browser.GetDocumentAsync("/");
        var signOut = home.Forms.Single(f => f.Action.EndsWith("/account/logout", StringComparison.Ordinal));
        var token = signOut.QuerySelector($"input[name='{Forms.TokenField}']")!.GetAttribute("value")!;
        using var signedOut = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        factory.Clock!.Advance(AuthSetup.StampValidationInterval + TimeSpan.FromSeconds(1));

        await (await thief.GetAsync("/api/me")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
    }
}
