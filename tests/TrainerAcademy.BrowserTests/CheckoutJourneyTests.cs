using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static TrainerAcademy.BrowserTests.BrowserApp;

namespace TrainerAcademy.BrowserTests;

/// <summary>Enrollment and payment through Stripe Checkout (the fake), fulfilled by the webhook and never by the browser.</summary>
public sealed class CheckoutJourneyTests(CheckoutBrowserApp app) : IClassFixture<CheckoutBrowserApp>
{
    private static readonly LocatorAssertionsToHaveClassOptions WebhookWait = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_learner_enrolls_pays_through_checkout_and_sees_the_place_confirmed_when_the_webhook_arrives()
    {
        var page = await app.NewPageAsync();
        await JourneyTests.SignInAsync(page, "learner@demo.local", JourneyTests.DemoPassword);

        await page.GotoAsync("/catalog");
        await page.ClickAsync("a.card:has-text('四级/中级工')");
        await ArriveAsync(page, new Regex("/catalog/courses/\\d+$"));
        var row = page.Locator("[data-testid=cohort-table] tbody tr", new PageLocatorOptions { HasText = "/ 30" }).First;
        await Expect(row).ToContainTextAsync("30 / 30");
        var startsOn = (await row.Locator("td").First.InnerTextAsync()).Trim();
        await BrowserApp.ScreenshotAsync(page, "10-course-enroll");

        await row.Locator("[data-action=enroll]").ClickAsync();
        await ArriveAsync(page, new Regex("/enrollments/\\d+$"));
        var placeUrl = new Uri(page.Url).AbsolutePath;
        var status = page.Locator("[data-testid=enrollment-status]");
        await Expect(status).ToHaveClassAsync(new Regex("status-PendingPayment"));
        await Expect(page.Locator("[data-testid=hold-countdown]")).ToHaveTextAsync(new Regex("^(29|30):\\d\\d$"));
        await BrowserApp.ScreenshotAsync(page, "11-enrollment-held");

        await page.ClickAsync("[data-action=pay]");
        await ArriveAsync(page, url => url.StartsWith(app.Stripe.ApiBase + "/checkout/", StringComparison.Ordinal));
        await Expect(page.Locator("#amount")).ToHaveTextAsync("¥3,200.00");
        await BrowserApp.ScreenshotAsync(page, "12-fake-checkout");

        await page.ClickAsync("#pay");
        await ArriveAsync(page, new Regex(Regex.Escape(placeUrl) + "\\?paid=1"));
        // The browser is back before Stripe's event: the page says so and waits, confirming nothing itself.
        await Expect(page.Locator("[data-testid=payment-waiting]")).ToBeVisibleAsync();
        await Expect(status).ToHaveClassAsync(new Regex("status-PendingPayment"));
        await BrowserApp.ScreenshotAsync(page, "13-enrollment-waiting-for-webhook");

        await Expect(page.Locator("[data-testid=enrollment-status]")).ToHaveClassAsync(new Regex("status-Confirmed"), WebhookWait);
        await Expect(page.Locator("[data-testid=confirmed-notice]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=paid]")).ToContainTextAsync("¥3,200.00");
        await Expect(page.Locator("[data-testid=payment-waiting]")).ToHaveCountAsync(0);
        Assert.NotNull(await app.Stripe.DeliveryAsync(d => d is { EventType: "checkout.session.completed", StatusCode: 200 }, TimeSpan.FromSeconds(10)));
        await Expect(page.Locator("[data-testid=refund-policy]")).ToContainTextAsync("开班前 7 天以前取消全额退款，之后退 50%");
        await BrowserApp.ScreenshotAsync(page, "14-enrollment-confirmed");

        // The receipt is a real PDF, served with the learner's own cookie.
        var receiptHref = await page.Locator("[data-testid=receipt]").GetAttributeAsync("href");
        var receipt = await page.Context.APIRequest.GetAsync(app.BaseUrl + receiptHref);
        Assert.Equal(200, receipt.Status);
        Assert.Equal("application/pdf", receipt.Headers["content-type"]);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString((await receipt.BodyAsync())[..5]));

        await page.ClickAsync("header nav a[href='/enrollments']");
        var mine = page.Locator("[data-testid=my-enrollments] a.card", new PageLocatorOptions { HasText = "四级/中级工" });
        await Expect(mine.Locator(".status-Confirmed")).ToHaveCountAsync(1);
        await BrowserApp.ScreenshotAsync(page, "15-my-enrollments");

        // The timetable feed of the place just paid for, as a calendar app would fetch it: no cookie, only the secret address.
        await page.ClickAsync("[data-action=calendar-feed]");
        var feedUrl = await page.Locator("[data-testid=calendar-feed-url]").InputValueAsync();
        var anonymous = await app.Browser.NewContextAsync();
        var feed = await anonymous.APIRequest.GetAsync(feedUrl);
        Assert.Equal(200, feed.Status);
        var ics = await feed.TextAsync();
        Assert.StartsWith("BEGIN:VCALENDAR", ics);
        Assert.Contains("BEGIN:VEVENT", ics);
        await anonymous.DisposeAsync();

        var staff = await app.NewPageAsync();
        await JourneyTests.SignInAsync(staff, "staff@demo.local", JourneyTests.DemoPassword);
        await staff.GotoAsync("/staff/cohorts");
        await staff.Locator("[data-testid=staff-cohort-table] tbody tr", new() { HasText = startsOn })
            .Filter(new() { HasText = "四级/中级工" }).Locator("[data-action=roster]").ClickAsync();
        await ArriveAsync(staff, new Regex("/staff/cohorts/\\d+/roster$"));
        var learner = staff.Locator("[data-testid=roster-table] tbody tr", new() { HasText = "learner@demo.local" });
        await Expect(learner.Locator("[data-testid=enrollment-status]")).ToHaveClassAsync(new Regex("status-Confirmed"));
        await Expect(learner.Locator("[data-testid=paid]")).ToHaveTextAsync("¥3,200.00");
        await Expect(staff.Locator("[data-testid=roster-tally]")).ToContainTextAsync("29 / 30");
        await BrowserApp.ScreenshotAsync(staff, "16-staff-roster");
    }

    [Fact]
    public async Task When_Stripe_does_not_answer_the_learner_keeps_the_held_place_and_is_told_to_try_again()
    {
        var page = await app.NewPageAsync();
        await JourneyTests.SignInAsync(page, "learner@demo.local", JourneyTests.DemoPassword);
        await page.GotoAsync("/catalog");
        await page.ClickAsync("a.card:has-text('三级/高级工')");
        await page.Locator("[data-testid=cohort-table] tbody tr", new() { HasText = "/ 20" }).Locator("[data-action=enroll]").ClickAsync();
        await ArriveAsync(page, new Regex("/enrollments/\\d+$"));

        // More failures than Stripe.net's retries; the rest are cleared afterwards.
        app.Stripe.FailNext(status: 503, times: 6);
        try
        {
            await page.ClickAsync("[data-action=pay]");
            await Expect(page.Locator("main [role=alert]")).ToContainTextAsync("支付服务没有响应");
            await Expect(page.Locator("[data-testid=enrollment-status]")).ToHaveClassAsync(new Regex("status-PendingPayment"));
            await Expect(page.Locator("[data-action=pay]")).ToBeVisibleAsync();
        }
        finally
        {
            app.Stripe.Reset();
        }
    }

    [Fact]
    public async Task The_enrollment_pages_fit_a_phone_screen_in_chinese_and_english()
    {
        var page = await app.NewPageAsync(phone: true);
        await JourneyTests.SignInAsync(page, "learner@demo.local", JourneyTests.DemoPassword);
        await page.GotoAsync("/catalog");
        await page.ClickAsync("a.card:has-text('五级/初级工')");
        await page.Locator("[data-testid=cohort-table] tbody tr", new() { HasText = "/ 24" }).Locator("[data-action=enroll]").ClickAsync();
        await ArriveAsync(page, new Regex("/enrollments/\\d+$"));
        var placeUrl = new Uri(page.Url).AbsolutePath;

        var english = await app.NewPageAsync(phone: true, english: true);
        await JourneyTests.SignInAsync(english, "learner@demo.local", JourneyTests.DemoPassword);
        foreach (var (p, language) in new[] { (page, "zh"), (english, "en") })
        {
            foreach (var (path, name) in new[] { (placeUrl, "enrollment"), ("/enrollments", "my-enrollments") })
            {
                await p.GotoAsync(path);
                var overflow = await p.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
                Assert.False(overflow, $"{path} ({language}) scrolls sideways on a 390 px wide screen");
                await BrowserApp.ScreenshotAsync(p, $"17-{name}-phone-{language}");
            }
        }
        await english.GotoAsync(placeUrl);
        await Expect(english.Locator("[data-action=pay]")).ToContainTextAsync("Pay ¥2,600.00 now");
    }
}
