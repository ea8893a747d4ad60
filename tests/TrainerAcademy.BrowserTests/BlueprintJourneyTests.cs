using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static TrainerAcademy.BrowserTests.BrowserApp;

namespace TrainerAcademy.BrowserTests;

/// <summary>
/// The administrator edits a theory blueprint on its form, which binds the command the API takes: a blueprint without
/// lines is refused on the form with the entity's own message, and a renamed one is saved with its lines kept.
/// </summary>
public sealed class BlueprintJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_administrator_is_told_what_a_blueprint_lacks_and_saves_a_change()
    {
        var page = await app.NewPageAsync();
        await JourneyTests.SignInAsync(page, "admin@demo.local", JourneyTests.DemoPassword);

        await page.GotoAsync("/admin/blueprints/new?level=4");
        await page.FillAsync("[name='Input.Name']", "四级理论（空方案）");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加组卷方案" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='Input.Lines']")).ToHaveTextAsync("组卷方案至少要有一行。");
        await Expect(page.Locator("[name='Input.Name']")).ToHaveValueAsync("四级理论（空方案）");
        await Expect(page.Locator("tr.blueprint-line")).ToHaveCountAsync(3);
        await ScreenshotAsync(page, "51b-admin-blueprint-refused");

        await page.GotoAsync("/admin/blueprints");
        // A blueprint in force: the bank fills it, so the change is saved.
        await page.Locator("[data-testid=blueprint-table] tbody tr", new() { HasText = "当前采用" }).First.Locator("a").ClickAsync();
        await ArriveAsync(page, new Regex(@"/admin/blueprints/\d+$"));
        var address = page.Url;
        var lines = page.Locator("tr.blueprint-line");
        var filled = await lines.Locator("select[name$='WorkFunctionCode'] option[selected]:not([value=''])").CountAsync();
        Assert.True(filled > 0);
        var total = await page.Locator("#blueprint-total").TextContentAsync();
        var name = await page.Locator("[name='Input.Name']").InputValueAsync();
        await page.FillAsync("[name='Input.Name']", name + "（修订）");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await ArriveAsync(page, new Regex("/admin/blueprints$"));
        await Expect(page.Locator("[role=status]")).ToContainTextAsync($"已保存组卷方案 {name}（修订）。");

        await page.GotoAsync(address);
        await Expect(page.Locator("[name='Input.Name']")).ToHaveValueAsync(name + "（修订）");
        Assert.Equal(filled, await lines.Locator("select[name$='WorkFunctionCode'] option[selected]:not([value=''])").CountAsync());
        await Expect(page.Locator("#blueprint-total")).ToHaveTextAsync(total!);
    }
}
