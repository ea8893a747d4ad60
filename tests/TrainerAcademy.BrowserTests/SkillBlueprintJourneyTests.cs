using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static TrainerAcademy.BrowserTests.BrowserApp;

namespace TrainerAcademy.BrowserTests;

/// <summary>
/// The administrator finds the demo's level-3 skill blueprint locked (the demo session uses it), copies it into a new
/// blueprint, adds and removes a line on the form and saves it; the session form names the skill blueprint each level takes.
/// </summary>
public sealed class SkillBlueprintJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_administrator_copies_a_skill_blueprint_in_use_and_saves_the_copy()
    {
        var page = await app.NewPageAsync();
        await JourneyTests.SignInAsync(page, "admin@demo.local", JourneyTests.DemoPassword);
        await page.GotoAsync("/admin/practical-tasks");
        await page.Locator("main a[href='/admin/skill-blueprints']").ClickAsync();
        await ArriveAsync(page, new Regex("/admin/skill-blueprints$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("技能考核方案");
        var row = page.Locator("[data-testid=skill-blueprint-table] tbody tr", new PageLocatorOptions { HasText = "三级技能考核（演示方案）" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=skill-blueprint-table] tbody tr", new PageLocatorOptions { HasText = "二级综合评审（演示方案）" }))
            .ToContainTextAsync("综合评审");
        await ScreenshotAsync(page, "58-admin-skill-blueprints");

        await row.Locator("a").ClickAsync();
        await Expect(page.Locator("[data-testid=blueprint-in-use]")).ToBeVisibleAsync();
        await Expect(page.Locator("[name='Input.Name']")).ToBeDisabledAsync();
        await ScreenshotAsync(page, "59-admin-skill-blueprint-in-use");

        await page.Locator("[data-testid=blueprint-in-use] a").ClickAsync();
        await ArriveAsync(page, new Regex("/admin/skill-blueprints/new\\?from=\\d+$"));
        var lines = page.Locator("tr.blueprint-line");
        var count = await lines.CountAsync();
        await Expect(page.Locator("#blueprint-total")).ToHaveTextAsync("100");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加一行" }).ClickAsync();
        await Expect(lines).ToHaveCountAsync(count + 1);
        await lines.Last.GetByRole(AriaRole.Button, new() { Name = "移除" }).ClickAsync();
        await Expect(lines).ToHaveCountAsync(count);
        await page.FillAsync("[name='Input.Name']", "三级技能考核（第二版）");
        await page.FillAsync("[name='Input.DurationMinutes']", "150");
        await ScreenshotAsync(page, "60-admin-skill-blueprint-copy");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加技能考核方案" }).ClickAsync();
        await ArriveAsync(page, new Regex("/admin/skill-blueprints\\?level=3$"));
        await Expect(page.Locator("[data-testid=skill-blueprint-table]")).ToContainTextAsync("三级技能考核（第二版）");

        await page.GotoAsync("/staff/exam-sessions/new");
        await Expect(page.Locator("[data-testid=session-skill-blueprint]")).ToContainTextAsync("三级技能考核（演示方案）");
        await page.Locator("[data-testid=session-skill-blueprint]").ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(page, "61-staff-session-skill-blueprint");
    }
}
