using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TrainerAcademy.BrowserTests;

/// <summary>
/// The pages whose scripts are files (no inline script may run under the Content-Security-Policy) open in Chromium with
/// no policy violation, and their scripts still do their work.
/// </summary>
public sealed class ContentSecurityPolicyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>A page that records every policy violation (event and console report) and every uncaught script error, from before the first script runs.</summary>
    private async Task<(IPage Page, List<string> Problems)> WatchedPageAsync()
    {
        var page = await app.NewPageAsync();
        var problems = new List<string>();
        await page.Context.AddInitScriptAsync(
            "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' at ' + location.pathname));");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.StartsWith("Refused to", StringComparison.Ordinal)))
                lock (problems) problems.Add($"{page.Url}: {message.Text}");
        };
        page.PageError += (_, error) => { lock (problems) problems.Add($"{page.Url}: script error {error}"); };
        return (page, problems);
    }

    private static async Task AssertCleanAsync(IPage page, List<string> problems, Func<string, bool>? allowed = null)
    {
        var violations = (await page.EvaluateAsync<string[]>("() => window.__violations || []")).Where(v => allowed?.Invoke(v) != true);
        List<string> all;
        lock (problems) all = [.. problems, .. violations];
        Assert.True(all.Count == 0, "policy violations or script errors:" + Environment.NewLine + string.Join(Environment.NewLine, all));
    }

    [Fact]
    public async Task The_administrators_editors_run_their_scripts_without_a_policy_violation()
    {
        var (page, problems) = await WatchedPageAsync();
        await JourneyTests.SignInAsync(page, "admin@demo.local", JourneyTests.DemoPassword);

        await page.GotoAsync("/admin/blueprints");
        await page.Locator("main table tbody a").First.ClickAsync();
        await Expect(page.Locator("#blueprint-total")).ToHaveTextAsync(new Regex(@"^\d+(\.\d+)?$"));
        await AssertCleanAsync(page, problems);

        await page.GotoAsync("/admin/blueprints/new");
        await page.Locator("main form.filters select[name=level]").SelectOptionAsync("3");
        await BrowserApp.ArriveAsync(page, new Regex("level=3"));
        await AssertCleanAsync(page, problems);

        await page.GotoAsync("/admin/questions/new");
        await page.Locator("#question-level").SelectOptionAsync("5");
        var hiddenFunctions = await page.Locator("#question-function option[hidden]").CountAsync();
        await page.Locator("#question-level").SelectOptionAsync("1");
        Assert.NotEqual(hiddenFunctions, await page.Locator("#question-function option[hidden]").CountAsync());
        await AssertCleanAsync(page, problems);

        await page.GotoAsync("/admin/practical-tasks/new");
        await page.Locator("#task-scoring").SelectOptionAsync("Rubric");
        await Expect(page.Locator("[data-rubric]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-platform-scored]")).ToBeHiddenAsync();
        await AssertCleanAsync(page, problems);

        foreach (var path in new[] { "/admin/questions", "/admin/calendar", "/admin/outbox", "/admin/centers" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("main h1").First).ToBeVisibleAsync();
        }
        await AssertCleanAsync(page, problems);

        // The job dashboard is Hangfire's page, allowed its own inline script.
        await page.GotoAsync("/jobs");
        await Expect(page.Locator("body")).ToContainTextAsync("Hangfire");
        await AssertCleanAsync(page, problems);
    }

    [Fact]
    public async Task The_learners_pages_and_the_exam_paper_run_without_a_policy_violation()
    {
        var (page, problems) = await WatchedPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await JourneyTests.SignInAsync(page, "learner@demo.local", JourneyTests.DemoPassword);

        await page.GotoAsync("/enrollments");
        await page.GotoAsync("/timetable");
        await page.GotoAsync("/exams");
        await page.Locator("select#level").SelectOptionAsync("4");
        await BrowserApp.ArriveAsync(page, new Regex("level=4"));
        await AssertCleanAsync(page, problems);

        await page.GotoAsync("/exams");
        await page.ClickAsync("[data-action=start-exam]");
        await BrowserApp.ArriveAsync(page, new Regex("/exams/attempts/\\d+$"));
        var first = page.Locator("[data-testid=question]").First;
        await first.Locator("input").First.CheckAsync();
        await Expect(first).ToHaveAttributeAsync("data-state", "saved", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=exam-countdown]")).ToHaveTextAsync(new Regex(@"^\d+:\d\d:\d\d$"));
        await AssertCleanAsync(page, problems);
    }

    [Fact]
    public async Task The_staff_pages_and_the_api_reference_run_without_a_policy_violation()
    {
        var (page, problems) = await WatchedPageAsync();
        await JourneyTests.SignInAsync(page, "staff@demo.local", JourneyTests.DemoPassword);
        foreach (var path in new[] { "/staff/week", "/staff/exam-sessions", "/staff/exam-sessions/new", "/staff/center", "/staff/cohorts" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("main h1").First).ToBeVisibleAsync();
        }
        await AssertCleanAsync(page, problems);

        await page.GotoAsync("/api-docs");
        await Expect(page.Locator("body")).ToContainTextAsync("TrainerAcademy API", new() { Timeout = 30_000 });
        await Expect(page.Locator("body")).ToContainTextAsync("/api/auth/login", new() { Timeout = 30_000 });
        // Scalar tries eval once, which stays refused; the reference works without it.
        await AssertCleanAsync(page, problems, allowed: v => v.StartsWith("script-src eval ", StringComparison.Ordinal));
    }
}
