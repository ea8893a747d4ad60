using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrainerAcademy.Data;
using static Microsoft.Playwright.Assertions;
using static TrainerAcademy.BrowserTests.BrowserApp;

namespace TrainerAcademy.BrowserTests;

/// <summary>
/// The demo learner sits the demo theory exam: answers are saved as they change, kept on the device while the
/// connection is down and sent when it is back; a reload shows every answer; the result appears once released.
/// </summary>
public sealed class ExamJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Patient = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_candidate_answers_offline_and_online_reloads_hands_in_and_sees_the_released_result()
    {
        var page = await app.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await JourneyTests.SignInAsync(page, "learner@demo.local", JourneyTests.DemoPassword);

        await page.GotoAsync("/exams");
        await Expect(page.Locator("h1")).ToHaveTextAsync("理论知识考试与技能考核");
        // The two open sittings of the demo and the level-5 one passed and certified before.
        await Expect(page.Locator("[data-testid=my-registrations] tbody tr")).ToHaveCountAsync(3);
        await ScreenshotAsync(page, "39-exams");
        await page.Locator("[data-testid=my-registrations] tbody tr", new PageLocatorOptions { HasText = "四级" })
            .Locator("[data-action=start-exam]").ClickAsync();
        await ArriveAsync(page, new Regex("/exams/attempts/\\d+$"));
        var examUrl = page.Url;
        var questions = page.Locator("[data-testid=question]");
        await Expect(questions).ToHaveCountAsync(40);
        await Expect(page.Locator("[data-testid=exam-countdown]")).ToHaveTextAsync(new Regex("^1:(29|30):\\d\\d$"));

        // Online: the first two answers are saved at once.
        await Answer(questions.Nth(0), 0);
        await Answer(questions.Nth(5), 1);
        await Expect(questions.Nth(0)).ToHaveAttributeAsync("data-state", "saved", Patient);
        await Expect(questions.Nth(5)).ToHaveAttributeAsync("data-state", "saved", Patient);
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await ScreenshotAsync(page, "40-exam-desktop");
        await Viewport(page, "40-exam-desktop-screen");

        // Offline: answers stay on the device, marked not saved, under a banner.
        await page.Context.SetOfflineAsync(true);
        await Answer(questions.Nth(1), 1);
        await Answer(questions.Nth(16), 2);
        await Answer(questions.Nth(10), 0);
        await Expect(page.Locator("[data-testid=exam-offline]")).ToBeVisibleAsync();
        foreach (var i in new[] { 1, 16, 10 })
        {
            await Expect(questions.Nth(i)).ToHaveAttributeAsync("data-state", new Regex("unsaved|saving"));
            await Expect(questions.Nth(i).Locator("[data-testid=save-state]")).ToHaveTextAsync(new Regex("未保存|保存中"));
        }
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await ScreenshotAsync(page, "41-exam-offline");

        // Back online: the kept answers are sent.
        await page.Context.SetOfflineAsync(false);
        foreach (var i in new[] { 1, 16, 10 })
            await Expect(questions.Nth(i)).ToHaveAttributeAsync("data-state", "saved", Patient);
        await Expect(page.Locator("[data-testid=exam-offline]")).ToBeHiddenAsync();

        // The database away: the server answers saves 503 with Retry-After (as the platform does in an outage); the
        // answers stay on the device under the banner and are sent once the server answers again.
        var refused = 0;
        const string Saves = "**/api/attempts/*/answers/*";
        await page.RouteAsync(Saves, async route =>
        {
            Interlocked.Increment(ref refused);
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 503,
                ContentType = "application/problem+json",
                Headers = new Dictionary<string, string> { ["Retry-After"] = "30" },
                Body = "{\"status\":503,\"title\":\"Service unavailable\",\"code\":\"database-unavailable\"}",
            });
        });
        await Answer(questions.Nth(20), 0);
        await Answer(questions.Nth(21), 1);
        await Expect(page.Locator("[data-testid=exam-offline]")).ToBeVisibleAsync();
        foreach (var i in new[] { 20, 21 })
            await Expect(questions.Nth(i)).ToHaveAttributeAsync("data-state", new Regex("unsaved|saving"));
        Assert.True(Volatile.Read(ref refused) >= 1, $"{refused} saves reached the refusing server");
        await page.UnrouteAsync(Saves);
        foreach (var i in new[] { 20, 21 })
            await Expect(questions.Nth(i)).ToHaveAttributeAsync("data-state", "saved", Patient);
        await Expect(page.Locator("[data-testid=exam-offline]")).ToBeHiddenAsync();

        // A reload shows every answer from the server.
        await page.ReloadAsync();
        foreach (var i in new[] { 0, 1, 5, 16, 10, 20, 21 })
        {
            await Expect(questions.Nth(i)).ToHaveAttributeAsync("data-state", "saved");
            await Expect(questions.Nth(i).Locator("input:checked")).Not.ToHaveCountAsync(0);
        }
        await Expect(page.Locator("[data-testid=exam-progress] [data-saved-count]")).ToHaveTextAsync("7");

        var phone = await app.NewPageAsync(phone: true);
        await phone.Context.AddCookiesAsync((await page.Context.CookiesAsync()).Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        await phone.GotoAsync(examUrl);
        await Expect(phone.Locator("[data-testid=question]")).ToHaveCountAsync(40);
        await ScreenshotAsync(phone, "42-exam-phone");
        await Viewport(phone, "42-exam-phone-screen");

        await page.ClickAsync("[data-action=submit-exam]");
        await ArriveAsync(page, new Regex("/exams/attempts/\\d+/result$"));
        await Expect(page.Locator("[data-testid=result-pending]")).ToBeVisibleAsync();

        // The window closes; an administrator releases the results on the session's results page.
        var sessionId = await CloseWindowAsync();
        var admin = await app.NewPageAsync();
        admin.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await JourneyTests.SignInAsync(admin, "admin@demo.local", JourneyTests.DemoPassword);
        // The session's page lists its candidate with the paper handed in, and leads to the results.
        await admin.GotoAsync($"/staff/exam-sessions/{sessionId}");
        await Expect(admin.Locator("[data-testid=candidate-table] tbody tr")).ToHaveCountAsync(1);
        await ScreenshotAsync(admin, "43-staff-exam-session");
        await admin.ClickAsync("[data-action=results]");
        await ArriveAsync(admin, new Regex($"/staff/exam-sessions/{sessionId}/results$"));
        await Expect(admin.Locator("[data-testid=results-table] tbody tr")).ToHaveCountAsync(1);
        await admin.ClickAsync("[data-action=release-results]");
        await ArriveAsync(admin, new Regex($"/staff/exam-sessions/{sessionId}/results$"));
        await Expect(admin.Locator("[data-testid=released]")).ToBeVisibleAsync();
        await Expect(admin.Locator("[data-action=item-statistics]")).ToHaveAttributeAsync("href", new Regex($"sessionId={sessionId}$"));
        await ScreenshotAsync(admin, "44-exam-session-results");

        await page.ReloadAsync();
        await Expect(page.Locator("[data-testid=result]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=breakdown] tbody tr")).ToHaveCountAsync(3);
        await ScreenshotAsync(page, "45-exam-result");
    }

    /// <summary>What the candidate sees without scrolling.</summary>
    private static Task Viewport(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png") });

    /// <summary>Clicks the n-th option of a question (or its first checkbox and the n-th, for multiple choice).</summary>
    private static async Task Answer(ILocator question, int option)
    {
        var options = question.Locator("input");
        await options.Nth(option).CheckAsync();
        if (await question.GetAttributeAsync("data-type") == "MultipleChoice" && option != 0)
            await options.Nth(0).CheckAsync();
    }

    /// <summary>Ends the demo session's window a moment ago, as if the exam day were over.</summary>
    private async Task<int> CloseWindowAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var session = await db.ExamSessions.SingleAsync(s => s.Title.Contains("演示场次"));
        var now = app.Clock.GetUtcNow();
        session.Change(session.Title, session.Mode, session.VenueId, session.Capacity, now.AddHours(-3), now.AddSeconds(-1),
            now.AddDays(-2), session.ShowReview);
        await db.SaveChangesAsync();
        return session.Id;
    }

    [Fact]
    public async Task A_learner_sees_every_application_condition_checked_before_registering()
    {
        var page = await app.NewPageAsync();
        await JourneyTests.SignInAsync(page, "learner@demo.local", JourneyTests.DemoPassword);
        await page.GotoAsync("/exams");
        var later = page.Locator("[data-testid=open-exam-sessions] tbody tr", new PageLocatorOptions { HasText = "下月场" });
        await later.Locator("[data-action=register]").ClickAsync();
        await ArriveAsync(page, new Regex("/exams/sessions/\\d+$"));

        // The page checks the conditions as soon as it opens; declaring a level-5 certificate changes the route check.
        var rules = page.Locator("[data-testid=eligibility-rules] > li");
        await Expect(rules).ToHaveCountAsync(3);
        await page.SelectOptionAsync("[name='Input.PriorCertificateLevel']", "5");
        await page.FillAsync("[name='Input.PriorCertificateNumber']", "S000031000123255000001");
        await page.ClickAsync("[data-action=check]");
        await Expect(page.Locator("[data-testid=eligibility-rules] > li[data-rule=profile]")).ToHaveClassAsync("pass");
        // The demo learner is still attending the level-5 course: the level-4 exam is refused on the training rule.
        await Expect(page.Locator("[data-testid=eligibility-rules] > li[data-rule=training]")).ToHaveClassAsync("fail");

        await page.ClickAsync("[data-action=register]");
        await Expect(page.Locator(".validation-summary-errors")).ToContainTextAsync("暂不能报名");
        await Expect(rules).ToHaveCountAsync(3);
        await BrowserApp.ScreenshotAsync(page, "38-exam-eligibility");
    }
}
