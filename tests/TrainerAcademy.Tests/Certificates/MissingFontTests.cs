using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Certificates;
using TrainerAcademy.Infrastructure.Pdf;

namespace TrainerAcademy.Tests.Certificates;

/// <summary>A server without a usable Chinese font says so on /healthz and refuses to issue, naming what to install.</summary>
public sealed class MissingFontTests(MissingFontTests.NoFontFactory factory) : IClassFixture<MissingFontTests.NoFontFactory>
{
    public sealed class NoFontFactory : SqliteAcademyFactory
    {
        protected override void AddSettings(IDictionary<string, string?> settings) => settings["Pdf:FontPath"] = "/nonexistent/fonts/missing.ttf";
    }

    [Fact]
    public async Task Health_is_degraded_with_the_reason_and_issuing_is_refused_with_a_clear_rule()
    {
        using var health = await factory.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        await using var scope = factory.Services.CreateAsyncScope();
        var (usable, reason) = scope.ServiceProvider.GetRequiredService<PdfFontCheck>().Probe();
        Assert.False(usable);
        Assert.Contains("fonts-wqy-microhei", reason);
        var refused = Assert.Throws<RuleViolation>(() => scope.ServiceProvider.GetRequiredService<CertificateDocument>().EnsurePrintable());
        Assert.Equal("certificate.font", refused.Code);
        Assert.Contains(factory.Logs, line => line.Contains("cannot be printed", StringComparison.Ordinal));
    }
}
