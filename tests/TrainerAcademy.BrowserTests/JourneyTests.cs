using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrainerAcademy.Auth;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Testing;
using static Microsoft.Playwright.Assertions;
using static TrainerAcademy.BrowserTests.BrowserApp;

namespace TrainerAcademy.BrowserTests;

public sealed class JourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    internal const string DemoPassword = "Demo-2026-trainer";

    internal static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("[name='Input.Email']", email);
        await page.FillAsync("[name='Input.Password']", password);
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForFunctionAsync("() => !location.pathname.startsWith('/account/login') || document.querySelector('.validation-summary-errors li, .field-validation-error') !== null");
        // Still on the sign-in page means the sign-in was refused: say why instead of timing out.
        if (page.Url.Contains("/account/login"))
            Assert.Fail($"sign-in of {email} refused: {await page.Locator("main").InnerTextAsync()}");
    }

    [Fact]
    public async Task A_learner_registers_confirms_the_address_signs_in_browses_the_catalog_and_opens_a_course()
    {
        var page = await app.NewPageAsync();
        var email = $"learner-{Guid.NewGuid():N}@example.com";

        await page.GotoAsync("/account/register");
        await BrowserApp.ScreenshotAsync(page, "01-register");
        await page.FillAsync("[name='Input.DisplayName']", "王小明");
        await page.FillAsync("[name='Input.Email']", email);
        await page.FillAsync("[name='Input.Password']", "weekend-learner-2026");
        await page.FillAsync("[name='Input.ConfirmPassword']", "weekend-learner-2026");
        await page.CheckAsync("[data-testid=accept-privacy-notice]");
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator("main .notice")).ToContainTextAsync("请查收邮件");
        await BrowserApp.ScreenshotAsync(page, "02-register-check-your-email");

        await page.GotoAsync(await app.ConfirmationLinkAsync(email));
        await Expect(page.Locator("main .notice")).ToContainTextAsync("您的邮箱已确认");
        await SignInAsync(page, email, "weekend-learner-2026");
        await Expect(page.Locator("header .who")).ToContainTextAsync("王小明");
        await page.ClickAsync("header form[action='/account/logout'] button");
        await ArriveAsync(page, url => new Uri(url).AbsolutePath == "/");

        await page.GotoAsync("/catalog");
        await Expect(page.Locator("h1")).ToHaveTextAsync("课程");
        await page.SelectOptionAsync("select[name=level]", "4");
        await page.ClickAsync("form.filters button[type=submit]");
        await ArriveAsync(page, new Regex("level=4"));
        var cards = page.Locator("[data-testid=course-list] a.card");
        await Expect(cards).ToHaveCountAsync(1);
        await Expect(cards.First).ToContainTextAsync("四级/中级工");
        await BrowserApp.ScreenshotAsync(page, "03-catalog-level-4");

        await cards.First.ClickAsync();
        await ArriveAsync(page, new Regex("/catalog/courses/\\d+"));
        await Expect(page.Locator("h1")).ToContainTextAsync("四级/中级工");
        var rows = page.Locator("[data-testid=cohort-table] tbody tr");
        await Expect(rows).Not.ToHaveCountAsync(0);
        await Expect(rows.First).ToContainTextAsync("/ 30");
        await BrowserApp.ScreenshotAsync(page, "04-course-detail");
    }

    [Fact]
    public async Task A_learner_turns_on_two_factor_sign_in_and_then_signs_in_with_a_code_from_the_app()
    {
        var email = $"two-factor-{Guid.NewGuid():N}@example.com";
        const string password = "two-factor-learner-2026";
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(email, password, Roles.Learner, displayName: "李华");
        var page = await app.NewPageAsync();
        await SignInAsync(page, email, password);

        await page.GotoAsync("/account/profile");
        await page.ClickAsync("main a[href='/account/two-factor']");
        await ArriveAsync(page, new Regex("/account/two-factor"));
        await Expect(page.Locator("main img[src^='data:image/png']")).ToBeVisibleAsync();
        var key = TestTotp.KeyFromPage(await page.Locator("#shared-key").InnerTextAsync());
        await page.FillAsync("[name='Input.Code']", TestTotp.Code(key, app.Clock.GetUtcNow()));
        await page.ClickAsync("main form[action*='handler=Enable'] button[type=submit]");
        await Expect(page.Locator("#recovery-codes code")).ToHaveCountAsync(TwoFactorModel.RecoveryCodeCount);
        await BrowserApp.ScreenshotAsync(page, "02b-two-factor-recovery-codes");

        await page.ClickAsync("header form[action='/account/logout'] button");
        await ArriveAsync(page, url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync("/account/login");
        await page.FillAsync("[name='Input.Email']", email);
        await page.FillAsync("[name='Input.Password']", password);
        await page.ClickAsync("main button[type=submit]");
        await ArriveAsync(page, new Regex("/account/login-2fa"));
        await BrowserApp.ScreenshotAsync(page, "02c-two-factor-sign-in");
        // The code that turned two-factor on is spent: the app's next one signs in.
        await page.FillAsync("[name='Input.Code']", TestTotp.Code(key, app.Clock.GetUtcNow().AddSeconds(30)));
        await page.ClickAsync("main button[type=submit]");
        await ArriveAsync(page, url => !new Uri(url).AbsolutePath.StartsWith("/account/login", StringComparison.Ordinal));
        await Expect(page.Locator("header .who")).ToContainTextAsync("李华");
    }

    [Fact]
    public async Task Staff_create_a_cohort_and_open_it_for_enrollment()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, "staff@demo.local", DemoPassword);

        await page.GotoAsync("/staff/cohorts/new");
        await BrowserApp.ScreenshotAsync(page, "05-staff-new-cohort");
        var saturday = app.NextSaturday().AddDays(35);
        await page.SelectOptionAsync("[name='Input.CourseId']", new SelectOptionValue { Label = "人工智能训练师（三级/高级工）周末班" });
        await page.FillAsync("[name='Input.StartsOn']", saturday.ToString("yyyy-MM-dd"));
        await page.SelectOptionAsync("[name='Input.WeekendPattern']", "Saturday");
        await page.FillAsync("[name='Input.DailySlots']", "09:00-12:00; 13:30-16:30");
        await page.FillAsync("[name='Input.Capacity']", "18");
        await page.ClickAsync("main form button[type=submit]");
        await ArriveAsync(page, new Regex("/staff/cohorts$"));

        // The new cohort is the one row that starts on that Saturday (another cohort may end on it).
        var row = page.Locator("tr[data-cohort-id]").Filter(new LocatorFilterOptions
        {
            Has = page.Locator("td:nth-child(2)", new PageLocatorOptions { HasTextRegex = new Regex("^" + saturday.ToString("yyyy-MM-dd") + "$") }),
        });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator(".status-Draft")).ToHaveCountAsync(1);
        await BrowserApp.ScreenshotAsync(page, "06-staff-cohorts-with-draft");

        await row.Locator("[data-action=open]").ClickAsync();
        await Expect(row.Locator(".status-Open")).ToHaveCountAsync(1);
        await BrowserApp.ScreenshotAsync(page, "07-staff-cohort-opened");

        var learner = await app.NewPageAsync();
        await learner.GotoAsync("/catalog");
        await learner.ClickAsync("a.card:has-text('三级/高级工')");
        await Expect(learner.Locator("[data-testid=cohort-table]")).ToContainTextAsync(saturday.ToString("yyyy-MM-dd"));
        await Expect(learner.Locator("[data-testid=cohort-table]")).ToContainTextAsync("18 / 18");
    }

    [Fact]
    public async Task A_venue_too_small_is_shown_beside_the_venue_field()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, "staff@demo.local", DemoPassword);
        await page.GotoAsync("/staff/cohorts/new");
        await page.SelectOptionAsync("[name='Input.CourseId']", new SelectOptionValue { Label = "人工智能训练师（五级/初级工）周末班" });
        await page.FillAsync("[name='Input.StartsOn']", app.NextSaturday().AddDays(42).ToString("yyyy-MM-dd"));
        await page.SelectOptionAsync("[name='Input.WeekendPattern']", "Both");
        await page.FillAsync("[name='Input.DailySlots']", "09:00-12:00");
        await page.FillAsync("[name='Input.Capacity']", "30");
        await page.SelectOptionAsync("[name='Input.VenueId']", new SelectOptionValue { Label = "B203 研讨室" });
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("[data-valmsg-for='Input.VenueId']")).Not.ToBeEmptyAsync();
        await BrowserApp.ScreenshotAsync(page, "08-staff-venue-too-small");
        Assert.Contains("/staff/cohorts/new", page.Url);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_can_switch_to_english()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/staff/cohorts");
        await ArriveAsync(page, new Regex("/account/login"));

        await page.GotoAsync("/catalog");
        await page.ClickAsync("header a[lang=en]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Courses");
        await Expect(page.Locator("[data-testid=course-list]")).ToContainTextAsync("Level 4 / Intermediate");
        await page.ClickAsync("header a[lang=zh-CN]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("课程");
    }

    [Fact]
    public async Task The_catalog_fits_a_phone_screen()
    {
        var page = await app.NewPageAsync(phone: true);
        await page.GotoAsync("/catalog");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the catalog scrolls sideways on a 390 px wide screen");
        await BrowserApp.ScreenshotAsync(page, "09-catalog-phone");
    }

    [Fact]
    public async Task A_learner_cancels_a_held_place_and_the_seat_goes_back_to_the_cohort()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/catalog");
        await page.ClickAsync("a.card:has-text('三级/高级工')");
        await ArriveAsync(page, new Regex("/catalog/courses/\\d+$"));
        var courseUrl = new Uri(page.Url).AbsolutePath;
        var row = page.Locator("[data-testid=cohort-table] tbody tr", new PageLocatorOptions { HasText = "/ 20" });
        await Expect(row.Locator("td.num")).ToHaveTextAsync("20 / 20");

        // A visitor signs in from the cohort's row and comes back to the course.
        await row.Locator("[data-action=sign-in-to-enroll]").ClickAsync();
        await ArriveAsync(page, new Regex("/account/login"));
        await page.FillAsync("[name='Input.Email']", "learner@demo.local");
        await page.FillAsync("[name='Input.Password']", DemoPassword);
        await page.ClickAsync("main button[type=submit]");
        await ArriveAsync(page, url => new Uri(url).AbsolutePath == courseUrl);

        await row.Locator("[data-action=enroll]").ClickAsync();
        await ArriveAsync(page, new Regex("/enrollments/\\d+$"));
        await Expect(page.Locator("[data-testid=enrollment-status]")).ToHaveClassAsync(new Regex("status-PendingPayment"));
        // This app runs without Stripe keys: no pay button, and the way to pay offline instead.
        await Expect(page.Locator("[data-action=pay]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=payment-not-configured]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "18-enrollment-payment-not-configured");

        await page.GotoAsync(courseUrl);
        await Expect(row.Locator("td.num")).ToHaveTextAsync("19 / 20");
        await Expect(row.Locator("[data-action=my-place] .status-PendingPayment")).ToHaveCountAsync(1);
        await row.Locator("[data-action=my-place]").ClickAsync();

        string? question = null;
        page.Dialog += async (_, dialog) =>
        {
            question = dialog.Message;
            await dialog.AcceptAsync();
        };
        await page.ClickAsync("[data-action=cancel-enrollment]");
        await Expect(page.Locator("[data-testid=enrollment-status]")).ToHaveClassAsync(new Regex("status-Cancelled"));
        await Expect(page.Locator("[data-testid=notice]")).ToHaveTextAsync("您的报名已取消。");
        Assert.Contains("取消", question);
        await BrowserApp.ScreenshotAsync(page, "19-enrollment-cancelled");

        await page.GotoAsync(courseUrl);
        await Expect(row.Locator("td.num")).ToHaveTextAsync("20 / 20");
        await Expect(row.Locator("[data-action=enroll]")).ToHaveCountAsync(1);
    }

}
