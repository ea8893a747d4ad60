using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TrainerAcademy.BrowserTests;

/// <summary>
/// Each role's working pages open in a real browser with their title and without sideways scrolling on a phone, and are
/// photographed for review.
/// </summary>
public sealed class TourTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task VisitAsync(IPage page, string path, string heading, string shot)
    {
        await page.GotoAsync(path);
        await Expect(page.Locator("main h1").First).ToContainTextAsync(heading);
        await BrowserApp.ScreenshotAsync(page, shot);
    }

    private static async Task FitsAsync(IPage phone, string path)
    {
        await phone.GotoAsync(path);
        await Expect(phone.Locator("main h1").First).ToBeVisibleAsync();
        var overflow = await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, $"{path} scrolls sideways on a 390 px wide screen");
    }

    [Fact]
    public async Task An_administrator_keeps_the_question_bank_the_blueprints_and_the_calendar()
    {
        var page = await app.NewPageAsync();
        await JourneyTests.SignInAsync(page, "admin@demo.local", JourneyTests.DemoPassword);
        await VisitAsync(page, "/admin/questions", "题库", "50-admin-questions");
        await Expect(page.Locator("main table tbody tr")).Not.ToHaveCountAsync(0);
        await VisitAsync(page, "/admin/blueprints", "组卷方案", "51-admin-blueprints");
        await VisitAsync(page, "/admin/questions/statistics?level=4", "", "52-admin-item-statistics");
        await VisitAsync(page, "/admin/calendar", "", "53-admin-calendar");
        await VisitAsync(page, "/admin/practical-tasks", "实操题库", "54-admin-practical-tasks");
        await Expect(page.Locator("main table tbody tr")).Not.ToHaveCountAsync(0);
        await page.Locator("main table tbody a").First.ClickAsync();
        await Expect(page.Locator("main textarea").First).ToBeVisibleAsync();
        // The examples beside the content box are indented JSON in plain Chinese, not one line of \u escapes.
        await Expect(page.Locator("[data-example] pre").First).ToContainTextAsync("\"正面\"");
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"),
            "the practical task form scrolls sideways");
        await BrowserApp.ScreenshotAsync(page, "55-admin-practical-task");
    }

    [Fact]
    public async Task Center_staff_see_their_week_and_plan_an_exam_session()
    {
        var page = await app.NewPageAsync();
        await JourneyTests.SignInAsync(page, "staff@demo.local", JourneyTests.DemoPassword);
        await VisitAsync(page, "/staff/week", "", "54-staff-week");
        await VisitAsync(page, "/staff/exam-sessions", "考试场次", "55-staff-exam-sessions");
        await VisitAsync(page, "/staff/exam-sessions/new", "新建考试场次", "56-staff-new-exam-session");
        await VisitAsync(page, "/staff/center", "", "57-staff-center");
    }

    [Fact]
    public async Task A_learner_sees_the_timetable_and_the_exams_on_a_phone()
    {
        var page = await app.NewPageAsync();
        await JourneyTests.SignInAsync(page, "learner@demo.local", JourneyTests.DemoPassword);
        await VisitAsync(page, "/timetable", "", "58-my-timetable");
        var phone = await app.NewPageAsync(phone: true);
        await JourneyTests.SignInAsync(phone, "learner@demo.local", JourneyTests.DemoPassword);
        foreach (var path in new[] { "/timetable", "/exams", "/enrollments" })
            await FitsAsync(phone, path);
        await BrowserApp.ScreenshotAsync(phone, "59-my-enrollments-phone");
    }
}
