using System.Net;
using Microsoft.Playwright;
using QRCoder;
using TrainerAcademy.Domain.Certificates;

namespace TrainerAcademy.Benchmarks;

/// <summary>
/// The certificate as HTML-certificate systems print it: the same fields, photo and QR code laid out in an HTML page
/// and printed to PDF by a warm headless Chromium (launched once, a new page per certificate). The page is set in the
/// same CJK face the PDF component embeds (WenQuanYi Micro Hei, named through <c>local()</c>, so Chromium embeds its
/// own subset of the installed font), and the QR code is the same PNG the PDF component draws, as a data URI.
/// </summary>
internal sealed class ChromiumCertificate : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;

    private ChromiumCertificate(IPlaywright playwright, IBrowser browser, IBrowserContext context)
    {
        _playwright = playwright;
        _browser = browser;
        _context = context;
    }

    public string Version => _browser.Version;

    public static async Task<ChromiumCertificate> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 794, Height = 1123 } });
        return new ChromiumCertificate(playwright, browser, context);
    }

    /// <summary>Prints one certificate: a new page, the HTML set as its content, printed to an A4 PDF, the page closed.</summary>
    public async Task<byte[]> PrintAsync(string html)
    {
        var page = await _context.NewPageAsync();
        try
        {
            await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load });
            return await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true, PreferCSSPageSize = true });
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>
    /// A synthetic identity photo (295 × 413 pixels, the 1-inch photo at 300 dpi) as a JPEG: a head and shoulders on a
    /// blue ground with a fine texture, so it compresses like a photograph rather than like a flat drawing.
    /// </summary>
    public async Task<byte[]> PhotoAsync()
    {
        var page = await _context.NewPageAsync();
        try
        {
            await page.SetViewportSizeAsync(295, 413);
            await page.SetContentAsync("""
                <!doctype html><html><body style="margin:0">
                <svg width="295" height="413" xmlns="http://www.w3.org/2000/svg">
                  <defs>
                    <filter id="grain"><feTurbulence type="fractalNoise" baseFrequency="0.9" numOctaves="2" seed="7"/>
                      <feColorMatrix values="0 0 0 0 0.5  0 0 0 0 0.5  0 0 0 0 0.5  0 0 0 0.16 0"/><feComposite in2="SourceGraphic" operator="in"/></filter>
                    <radialGradient id="skin" cx="45%" cy="40%"><stop offset="0" stop-color="#f3d2b5"/><stop offset="1" stop-color="#c99a78"/></radialGradient>
                    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#5b8fd0"/><stop offset="1" stop-color="#3d6fb3"/></linearGradient>
                  </defs>
                  <rect width="295" height="413" fill="url(#bg)"/>
                  <path d="M20 413 C30 320 90 300 147 298 C205 300 265 320 275 413 Z" fill="#23262d"/>
                  <path d="M120 300 L147 360 L175 300 Z" fill="#f4f4f4"/>
                  <rect x="127" y="250" width="40" height="55" fill="#d9ad8a"/>
                  <ellipse cx="147" cy="180" rx="68" ry="88" fill="url(#skin)"/>
                  <path d="M78 170 C70 90 110 72 150 72 C195 72 228 95 217 170 C205 120 180 110 150 112 C118 112 92 122 78 170 Z" fill="#1b1a1a"/>
                  <ellipse cx="122" cy="178" rx="9" ry="5" fill="#2b2220"/><ellipse cx="173" cy="178" rx="9" ry="5" fill="#2b2220"/>
                  <path d="M132 232 Q147 242 163 232" stroke="#a5574c" stroke-width="4" fill="none"/>
                  <rect width="295" height="413" fill="#808080" filter="url(#grain)"/>
                </svg></body></html>
                """);
            return await page.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Jpeg, Quality = 85 });
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>The certificate as HTML: every field the PDF component prints, in the same order, with the photo and QR code.</summary>
    public static string Html(CertificateFacts facts, string verifyUrl, string nationalLookupUrl, byte[]? photo)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(verifyUrl, QRCodeGenerator.ECCLevel.M);
        var qr = new PngByteQRCode(data).GetGraphic(8, [0, 0, 0, 255], [255, 255, 255, 255], drawQuietZones: true);
        (string Label, string English, string Value, bool Emphasis)[] rows =
        [
            ("姓名", "Name", facts.Name, true),
            ("证件类型", "ID type", facts.IdType, false),
            ("证件号码", "ID number", facts.IdNumber, false),
            ("职业名称", "Occupation", facts.Occupation, false),
            ("工种/职业方向", "Direction", facts.Direction ?? "--", false),
            ("职业技能等级", "Level", facts.LevelName, true),
            ("证书编号", "Certificate No.", facts.Number, false),
            ("评价机构名称", "Evaluated by", facts.Organisation, false),
            ("发证日期", "Date of issue", $"{facts.IssuedOn.Year} 年 {facts.IssuedOn.Month} 月 {facts.IssuedOn.Day} 日", false),
        ];
        var photoHtml = photo is null ? "" :
            $"""<figure class="photo"><img src="data:image/jpeg;base64,{Convert.ToBase64String(photo)}" alt=""><figcaption>持证人照片 Photo</figcaption></figure>""";
        var facts_ = string.Concat(rows.Select(r =>
            $"""<tr><th>{E(r.Label)}<small>{E(r.English)}</small></th><td{(r.Emphasis ? " class=\"em\"" : "")}>{E(r.Value)}</td></tr>"""));
        return $$"""
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>{{E(CertificateFacts.Title)}} {{E(facts.Number)}}</title>
            <style>
              @font-face { font-family: "CertCJK"; src: local("WenQuanYi Micro Hei"), local("WenQuanYiMicroHei"); }
              @page { size: A4; margin: 0; }
              * { box-sizing: border-box; }
              body { margin: 0; font-family: "CertCJK"; color: #1a1a1a; font-size: 10.5pt; }
              .page { position: relative; height: 297mm; padding: 18mm 20mm; overflow-wrap: anywhere; }
              .note { text-align: right; font-size: 8.5pt; color: #555; }
              h1 { text-align: center; font-size: 24pt; margin: 10mm 0 2mm; letter-spacing: 3pt; }
              .sub { text-align: center; font-size: 10pt; color: #555; letter-spacing: 1.5pt; margin-bottom: 8mm; }
              figure { margin: 0; text-align: center; font-size: 8pt; color: #666; }
              .photo { float: right; width: 40mm; }
              .photo img { width: 25mm; height: 35mm; object-fit: cover; display: block; margin: 0 auto 1mm; }
              table { border-collapse: collapse; width: 100%; margin-top: 4mm; clear: both; }
              th { width: 46mm; text-align: left; font-weight: normal; color: #444; padding: 2.2mm 0; vertical-align: top; }
              th small { display: block; font-size: 7.5pt; color: #777; }
              td { padding: 2.2mm 0; border-bottom: 0.3mm solid #ddd; vertical-align: top; }
              td.em { font-weight: bold; font-size: 12pt; }
              p { margin: 6mm 0 2mm; }
              .qr { float: right; width: 40mm; margin-top: 4mm; }
              .qr img { width: 32mm; height: 32mm; image-rendering: pixelated; display: block; margin: 0 auto 1mm; }
              .small { font-size: 8pt; color: #555; margin: 1.5mm 0; clear: both; }
              footer { position: absolute; left: 20mm; right: 20mm; bottom: 12mm; border-top: 0.3mm solid #ccc; padding-top: 2mm;
                       text-align: center; font-size: 7.5pt; color: #777; }
            </style></head>
            <body><div class="page">
              <div class="note">证书编号 Certificate No. {{E(facts.Number)}}</div>
              <h1>{{E(CertificateFacts.Title)}}</h1>
              <div class="sub">VOCATIONAL SKILL LEVEL CERTIFICATE</div>
              {{photoHtml}}
              <table>{{facts_}}</table>
              <p>经评价，该同志符合国家职业技能标准相应等级要求，特发此证。</p>
              <figure class="qr"><img src="data:image/png;base64,{{Convert.ToBase64String(qr)}}" alt="QR"><figcaption>扫码验证本证书 Scan to verify</figcaption></figure>
              <p class="small">验证地址 Verify at: {{E(verifyUrl)}}</p>
              <p class="small">全国联网查询 National lookup: {{E(nationalLookupUrl)}}</p>
              <footer>TrainerAcademy · {{E(CertificateFacts.Title)}} · {{E(facts.Number)}}</footer>
            </div></body></html>
            """;
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
