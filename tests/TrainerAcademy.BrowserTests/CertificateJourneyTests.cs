using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static TrainerAcademy.BrowserTests.BrowserApp;

namespace TrainerAcademy.BrowserTests;

/// <summary>
/// Certificates in the browser: the demo learner passes the level-3 session; once its posting is over the admin
/// approves and issues from the session's certificate page and watches the batch finish; the learner finds the
/// certificate (and the level-5 one seeded with the demo) on a phone and adds a photo; a visitor verifies it on a phone.
/// </summary>
public sealed class CertificateJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static async Task NoSidewaysScrollAsync(IPage phone) =>
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"),
            $"{phone.Url} scrolls sideways on a 390 px wide screen");

    [Fact]
    public async Task The_admin_issues_with_live_progress_the_learner_keeps_the_certificate_and_a_visitor_verifies_it_on_a_phone()
    {
        var sessionId = await ResultsJourneyTests.ReleaseDemoSkillSessionAsync(app, theory: 81m, skill: 77m);
        // Past the five working days of the posting (released on a Wednesday): the candidate is eligible.
        app.Clock.Advance(TimeSpan.FromDays(9));

        var admin = await app.NewPageAsync();
        await JourneyTests.SignInAsync(admin, "admin@demo.local", JourneyTests.DemoPassword);
        await admin.GotoAsync($"/staff/exam-sessions/{sessionId}/results");
        await admin.ClickAsync("[data-action=session-certificates]");
        await ArriveAsync(admin, new Regex($"/admin/exam-sessions/{sessionId}/certificates$"));
        await Expect(admin.Locator("[data-testid=eligible-count]")).ToHaveTextAsync("1");
        await ScreenshotAsync(admin, "80-admin-certificates-eligible");
        await admin.ClickAsync("[data-action=issue-all]");
        await Expect(admin.Locator("[data-testid=batch]")).ToBeVisibleAsync();
        // The job runs on the app's Hangfire server; the page follows it and shows the number once it is done.
        var number = admin.Locator("[data-testid=certificate-number]");
        await Expect(number).ToHaveTextAsync(new Regex(@"^S\d{4}31\d{6}\d{2}3\d{6}$"), new() { Timeout = 60_000 });
        await Expect(admin.Locator("[data-testid=issued-count]")).ToHaveTextAsync("1");
        await Expect(admin.Locator("[data-testid=batch-progress]")).ToHaveAttributeAsync("value", "1");
        await ScreenshotAsync(admin, "81-admin-certificates-issued");
        var issued = (await number.TextContentAsync())!;

        var learner = await app.NewPageAsync(phone: true);
        await JourneyTests.SignInAsync(learner, "learner@demo.local", JourneyTests.DemoPassword);
        await learner.GotoAsync("/certificates");
        var cards = learner.Locator("[data-testid=certificate]");
        await Expect(cards).ToHaveCountAsync(2);
        var card = learner.Locator($"[data-testid=certificate][data-number='{issued}']");
        await Expect(card).ToContainTextAsync("三级/高级工");
        await Expect(card).ToContainTextAsync("有效");
        await NoSidewaysScrollAsync(learner);
        await ScreenshotAsync(learner, "82-my-certificates-phone");

        // A photo for the certificates to come.
        await learner.Locator("#photo-file").SetInputFilesAsync(new FilePayload { Name = "证件照.png", MimeType = "image/png", Buffer = Photo() });
        await learner.ClickAsync("[data-action=upload-photo]");
        await Expect(learner.Locator("[data-testid=photo-saved]")).ToBeVisibleAsync();
        await Expect(learner.Locator("[data-testid=photo]")).ToBeVisibleAsync();
        await learner.Locator("#photo-file").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "不是照片"u8.ToArray() });
        await learner.ClickAsync("[data-action=upload-photo]");
        await Expect(learner.Locator(".validation-summary-errors")).ToContainTextAsync("不接受此类型的文件");

        var verifyUrl = await card.Locator("[data-action=verify-link]").GetAttributeAsync("href");
        var visitor = await app.NewPageAsync(phone: true);
        await visitor.GotoAsync(verifyUrl!);
        await Expect(visitor.Locator("[data-testid=verify-state]")).ToHaveAttributeAsync("data-state", "valid");
        await Expect(visitor.Locator("[data-testid=verify-number]")).ToHaveTextAsync(issued);
        await Expect(visitor.Locator("[data-testid=verify-name]")).ToHaveTextAsync("刘*");
        await Expect(visitor.Locator("main")).Not.ToContainTextAsync("刘洋");
        await NoSidewaysScrollAsync(visitor);
        await ScreenshotAsync(visitor, "83-verify-phone");

        // The visitor checks a PDF copy in the browser: the one issued matches, a changed one does not.
        var pdf = await (await learner.APIRequest.GetAsync((await card.Locator("[data-action=download-certificate]").GetAttributeAsync("href"))!)).BodyAsync();
        await visitor.Locator("[data-testid=pdf-check] summary").ClickAsync();
        var check = visitor.Locator("[data-action=check-pdf]");
        await check.SetInputFilesAsync(new FilePayload { Name = "certificate.pdf", MimeType = "application/pdf", Buffer = pdf });
        await Expect(visitor.Locator(".pdf-check-result")).ToHaveAttributeAsync("data-outcome", "same");
        var changed = pdf.ToArray();
        changed[^20] ^= 0x20;
        await check.SetInputFilesAsync(new FilePayload { Name = "changed.pdf", MimeType = "application/pdf", Buffer = changed });
        await Expect(visitor.Locator(".pdf-check-result")).ToHaveAttributeAsync("data-outcome", "different");
        await ScreenshotAsync(visitor, "84-verify-pdf-check-phone");
    }

    /// <summary>A square PNG big enough to print (348 px): the platform's own QR encoder makes one without an imaging library.</summary>
    private static byte[] Photo()
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode("证件照", QRCoder.QRCodeGenerator.ECCLevel.M);
        return new QRCoder.PngByteQRCode(data).GetGraphic(12, [40, 60, 90, 255], [240, 240, 240, 255], drawQuietZones: true);
    }
}
