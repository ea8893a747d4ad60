using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TrainerAcademy.Data;
using TrainerAcademy.Tests.Reports;
using static Microsoft.Playwright.Assertions;
using static TrainerAcademy.BrowserTests.BrowserApp;

namespace TrainerAcademy.BrowserTests;

/// <summary>
/// The reports dashboard in Chromium: the admin opens it from the platform menu, filters a center and a quarter, reads the
/// figures, the server-drawn charts (Chinese labels, no script) and the how-counted notes, and downloads a table; the audit
/// log shows who signed in. Screenshots: 90-admin-reports, 91-admin-reports-print, 92-admin-audit.
/// </summary>
public sealed class ReportsJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_admin_reads_the_dashboard_of_a_center_and_its_charts_print_without_script()
    {
        var data = await ReportDataSet.CreateAsync(app.Services, DatabaseProvider.Sqlite);
        var admin = await app.NewPageAsync();
        await JourneyTests.SignInAsync(admin, "admin@demo.local", JourneyTests.DemoPassword);
        await admin.GotoAsync("/");
        await admin.ClickAsync("nav [data-testid=nav-reports]");
        await ArriveAsync(admin, new Regex("/admin/reports$"));

        await admin.FillAsync("input[name=from]", data.From.ToString("yyyy-MM-dd"));
        await admin.FillAsync("input[name=to]", data.To.ToString("yyyy-MM-dd"));
        await admin.SelectOptionAsync("select[name=centerId]", data.CenterX.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await admin.ClickAsync("[data-testid=report-filters] button[type=submit]");
        await ArriveAsync(admin, url => url.Contains($"centerId={data.CenterX}", StringComparison.Ordinal));

        var funnel = admin.Locator("[data-testid=report-funnel]");
        await Expect(funnel.Locator("[data-stage=enrolled] strong")).ToHaveTextAsync("18");
        await Expect(funnel.Locator("[data-stage=certified] strong")).ToHaveTextAsync("5");
        await Expect(funnel.Locator("[data-testid=how-counted]")).ToContainTextAsync("报名确认：");
        await Expect(admin.Locator("[data-testid=report-money] [data-figure=revenue] strong")).ToHaveTextAsync("¥36,400.00");
        await Expect(admin.Locator("[data-testid=results-levels] tbody tr")).ToHaveCountAsync(2);

        // Every chart is an inline SVG image with an accessible title and a description of its figures.
        var charts = admin.Locator("svg.report-chart[role=img]");
        await Expect(charts).ToHaveCountAsync(5);
        await Expect(admin.Locator("#chart-funnel-title")).ToHaveTextAsync("转化漏斗（全部月份）");
        Assert.Contains("报名确认 18", await admin.Locator("#chart-funnel-desc").TextContentAsync(), StringComparison.Ordinal);
        var box = await charts.First.BoundingBoxAsync();
        Assert.True(box is { Width: > 400, Height: > 150 }, $"chart box {box?.Width}×{box?.Height}");
        await ScreenshotAsync(admin, "90-admin-reports");
        // The charts alone at full size, to read their labels.
        await admin.Locator("#chart-funnel-months").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ScreenshotFolder, "90a-chart-funnel-months.png") });
        await admin.Locator("#chart-money-months").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ScreenshotFolder, "90b-chart-money-months.png") });

        // A table downloads as Excel with the page's filters.
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.Locator("a[href*='tables/funnel-months?format=xlsx']").ClickAsync());
        Assert.Equal("funnel-months.xlsx", download.SuggestedFilename);

        // Printed, the charts stay and the filters go; nothing depends on script.
        await admin.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Expect(admin.Locator("[data-testid=report-filters]")).ToBeHiddenAsync();
        await Expect(charts.First).ToBeVisibleAsync();
        await ScreenshotAsync(admin, "91-admin-reports-print");
        await admin.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        await admin.GotoAsync("/admin/audit?action=auth.signed-in");
        await Expect(admin.Locator("[data-testid=audit-table] tbody tr").First).ToContainTextAsync("登录成功");
        await ScreenshotAsync(admin, "92-admin-audit");
    }
}
