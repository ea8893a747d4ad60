using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;

namespace TrainerAcademy.Tests.Security;

/// <summary>Links in e-mails are built on App:PublicBaseUrl, never on a request's Host header; production requires it and answers no other host.</summary>
public abstract class PublicAddressTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteSecurityFactory f) : PublicAddressTests(f), IClassFixture<SqliteSecurityFactory>;

    public sealed class OnPostgreSql : PublicAddressTests, IClassFixture<PostgresSecurityFactory>
    {
        public OnPostgreSql(PostgresSecurityFactory f) : base(f) => TestPostgres.Require();
    }

    private const string Forged = "http://attacker.example";

    private async Task<string> MailBodyToAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var mail = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Outbox.AsNoTracking().Where(m => m.To == email).ToListAsync();
        return Assert.Single(mail).HtmlBody;
    }

    [Fact]
    public async Task The_confirmation_link_of_an_api_registration_is_on_the_public_address_whatever_the_host_header()
    {
        await using var app = factory.WithWebHostBuilder(b => b.UseSetting("App:PublicBaseUrl", SecurityFactoryExtensions.PublicBaseUrl));
        var email = TestData.Email("confirm-host");

        using var response = await app.ClientAt(Forged).PostJsonAsync("/api/auth/register", new { email, password = "a long passphrase" });

        await response.ExpectSuccessAsync();
        var body = await MailBodyToAsync(email);
        Assert.Contains($"href=\"{SecurityFactoryExtensions.PublicBaseUrl}/api/auth/confirmEmail?", body);
        Assert.DoesNotContain("attacker.example", body);
    }

    [Fact]
    public async Task The_password_reset_link_is_on_the_public_address_whatever_the_host_header()
    {
        await using var app = factory.WithWebHostBuilder(b => b.UseSetting("App:PublicBaseUrl", SecurityFactoryExtensions.PublicBaseUrl));
        var w = await factory.WorldAsync();
        var browser = app.ClientAt(Forged, cookies: true);

        using var response = await browser.SubmitFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = w.LearnerEmail });

        await response.ExpectSuccessAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var reset = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Outbox.AsNoTracking()
            .Where(m => m.To == w.LearnerEmail && m.Subject.Contains("Reset")).Select(m => m.HtmlBody).ToListAsync();
        Assert.Contains($"href=\"{SecurityFactoryExtensions.PublicBaseUrl}/account/reset-password?", Assert.Single(reset));
        Assert.DoesNotContain("attacker.example", reset[0]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://academy.example.org")]
    [InlineData("academy.example.org")]
    [InlineData("/academy")]
    public void Outside_development_and_testing_the_app_does_not_start_without_an_absolute_https_public_address(string? publicBaseUrl)
    {
        using var app = factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("App:PublicBaseUrl", publicBaseUrl);
        });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("App:PublicBaseUrl must be the absolute https address", Flatten(error));
    }

    [Fact]
    public async Task In_production_the_app_answers_its_public_host_and_refuses_any_other()
    {
        await using var app = factory.AsProduction();

        await (await app.ClientAt(SecurityFactoryExtensions.PublicBaseUrl).GetAsync("/healthz")).ExpectStatusAsync(HttpStatusCode.OK);
        await (await app.ClientAt("https://attacker.example").GetAsync("/healthz")).ExpectStatusAsync(HttpStatusCode.BadRequest);
        await (await app.ClientAt("https://attacker.example").GetAsync("/account/forgot-password")).ExpectStatusAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task In_production_hosts_listed_in_AllowedHosts_are_answered_besides_the_public_one()
    {
        await using var app = factory.AsProduction().WithWebHostBuilder(b => b.UseSetting("AllowedHosts", "*;admin.example.org"));

        await (await app.ClientAt("https://admin.example.org").GetAsync("/healthz")).ExpectStatusAsync(HttpStatusCode.OK);
        await (await app.ClientAt(SecurityFactoryExtensions.PublicBaseUrl).GetAsync("/healthz")).ExpectStatusAsync(HttpStatusCode.OK);
        // "*" does not open production to every host.
        await (await app.ClientAt("https://attacker.example").GetAsync("/healthz")).ExpectStatusAsync(HttpStatusCode.BadRequest);
    }

    private static string Flatten(Exception e) => e is AggregateException a
        ? string.Join(Environment.NewLine, a.InnerExceptions.Select(Flatten))
        : e.Message + (e.InnerException is null ? "" : Environment.NewLine + Flatten(e.InnerException));
}
