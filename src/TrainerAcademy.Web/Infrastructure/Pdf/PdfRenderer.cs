using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TrainerAcademy.Infrastructure.Pdf;

/// <summary>The "Pdf" configuration section.</summary>
public sealed class PdfOptions
{
    /// <summary>A .ttf or .ttc font with Chinese glyphs (TrueType outlines); unset, Debian's CJK fonts are looked for.</summary>
    public string? FontPath { get; set; }

    /// <summary>Its bold face, when it has one in another file; unset, bold is simulated.</summary>
    public string? BoldFontPath { get; set; }
}

/// <summary>
/// The project's PDF renderer: A4 documents in Chinese and English with PDFsharp, text embedded as a font subset with a
/// Unicode map so that it can be searched and copied. One instance serves the whole application; documents can be
/// rendered in parallel, each through its own <see cref="PdfDocumentBuilder"/>.
/// </summary>
public sealed class PdfRenderer(IOptions<PdfOptions> options, TimeProvider clock)
{
    private CjkFontFamily? _font;

    /// <summary>The font documents are set in, found on first use.</summary>
    /// <exception cref="InvalidOperationException">No Chinese font: the message names the package and the setting.</exception>
    public CjkFontFamily Font => _font ??= CjkFontResolver.Shared.Use(options.Value.FontPath, options.Value.BoldFontPath);

    /// <summary>
    /// The PDF of what <paramref name="compose"/> draws. It is set in the font cut to the common characters when every
    /// character drawn is in it, and otherwise composed again in the whole font, so a rare character in a name costs a
    /// second composition, never a missing glyph.
    /// </summary>
    public byte[] Render(string title, Action<PdfDocumentBuilder> compose, string? subject = null)
    {
        var font = Font;
        if (font.Common is { } common)
        {
            using var cut = Create(common, title, subject);
            compose(cut);
            var pdf = cut.ToPdf();
            if (!cut.MissedCharacters) return pdf;
        }
        using var whole = Create(font, title, subject);
        compose(whole);
        return whole.ToPdf();
    }

    /// <summary>Starts a document created now, set in <paramref name="family"/>.</summary>
    internal PdfDocumentBuilder Create(CjkFontFamily family, string title, string? subject = null) =>
        // A UTC DateTime: PDFsharp writes other kinds with the server's own offset, whatever zone they were meant in.
        new(family, title, subject, clock.GetUtcNow().UtcDateTime);
}

public static class PdfSetup
{
    public static IServiceCollection AddPdf(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PdfOptions>(configuration.GetSection("Pdf"));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PdfRenderer>();
        services.AddSingleton<ReceiptDocument>();
        services.AddSingleton<PdfFontCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<PdfFontCheck>());
        services.AddHealthChecks().AddCheck<PdfFontCheck>("pdf-font", Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
        return services;
    }
}
