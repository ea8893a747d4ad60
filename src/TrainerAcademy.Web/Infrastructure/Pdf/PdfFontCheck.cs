using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TrainerAcademy.Infrastructure.Pdf;

/// <summary>
/// Whether documents can be printed: the Chinese font is found and usable. Without it the platform still runs (nothing
/// else needs the font) but reports Degraded on /healthz with what to install, and warns in the log at start, so a
/// missing font is found before the first certificate or receipt is asked for, never as a PDF of empty boxes.
/// </summary>
public sealed class PdfFontCheck(PdfRenderer renderer, ILogger<PdfFontCheck> log) : IHealthCheck, IHostedService
{
    /// <summary>The font's name, or the reason there is none.</summary>
    public (bool Usable, string Text) Probe()
    {
        try
        {
            return (true, renderer.Font.Name);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return (false, e.Message);
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (usable, text) = Probe();
        return Task.FromResult(usable ? HealthCheckResult.Healthy($"PDF font: {text}") : HealthCheckResult.Degraded($"PDFs cannot be printed: {text}"));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var (usable, text) = Probe();
        if (!usable) log.LogWarning("PDFs (certificates, receipts) cannot be printed: {Reason}", text);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
