using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Practical;
using static Microsoft.Playwright.Assertions;
using static TrainerAcademy.BrowserTests.BrowserApp;

namespace TrainerAcademy.BrowserTests;

/// <summary>
/// The demo learner sits the level-3 skill assessment on the workbench: labels text items, marks an entity, draws a box
/// with the mouse, uploads a cleaned CSV, enters metrics and writes the training outline; each change is saved through
/// the answer API; after handing in, the objective tasks are scored and the written one waits for examiners, who mark
/// it blind from their queue; the admin releases the results and the candidate sees every task's score.
/// </summary>
public sealed class SkillJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Patient = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_candidate_labels_text_draws_a_box_uploads_a_cleaned_file_and_hands_in()
    {
        var page = await app.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await JourneyTests.SignInAsync(page, "learner@demo.local", JourneyTests.DemoPassword);
        await page.GotoAsync("/exams");
        await page.Locator("[data-testid=my-registrations] tbody tr", new PageLocatorOptions { HasText = "三级" })
            .Locator("[data-action=start-skill]").ClickAsync();
        await ArriveAsync(page, new Regex("/exams/attempts/\\d+$"));
        var attemptId = int.Parse(Regex.Match(page.Url, "/exams/attempts/(\\d+)$").Groups[1].Value);
        var tasks = page.Locator("[data-testid=task]");
        await Expect(tasks).ToHaveCountAsync(7);
        await Expect(page.Locator("[data-testid=exam-countdown]")).ToHaveTextAsync(new Regex("^(2:00|1:59):\\d\\d$"));

        ILocator Task(PracticalScoringKind kind) => page.Locator($"[data-testid=task][data-type={kind}]");

        // Text classification: a label for every item.
        var labels = Task(PracticalScoringKind.TextClassification).Locator("[data-testid=label-select]");
        var count = await labels.CountAsync();
        for (var i = 0; i < count; i++) await labels.Nth(i).SelectOptionAsync(new SelectOptionValue { Index = 1 + i % 2 });
        await Expect(Task(PracticalScoringKind.TextClassification)).ToHaveAttributeAsync("data-state", "saved", Patient);

        // Entity spans: select the first two characters with the mouse and add them.
        var entity = Task(PracticalScoringKind.EntitySpans);
        await entity.Locator("[data-entity-start]").FillAsync("1");
        await entity.Locator("[data-entity-end]").FillAsync("2");
        await entity.Locator("[data-entity-add]").ClickAsync();
        await Expect(entity.Locator("[data-entity-list] li")).ToHaveCountAsync(1);
        await Expect(entity).ToHaveAttributeAsync("data-state", "saved", Patient);

        // Bounding boxes: drag a box on the first image with the mouse.
        var canvas = Task(PracticalScoringKind.BoundingBoxes).Locator("[data-testid=box-canvas]").First;
        await canvas.ScrollIntoViewIfNeededAsync();
        var box = (await canvas.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.2f, box.Y + box.Height * 0.5f);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width * 0.35f, box.Y + box.Height * 0.7f, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.UpAsync();
        await Expect(Task(PracticalScoringKind.BoundingBoxes).Locator("[data-box-count='1']")).ToHaveTextAsync("1");
        await Expect(Task(PracticalScoringKind.BoundingBoxes)).ToHaveAttributeAsync("data-state", "saved", Patient);
        await ScreenshotAsync(page, "46-skill-boxes");

        // Data cleaning: the cleaned file is uploaded; a malformed one is refused with the reason beside the task.
        var cleaning = Task(PracticalScoringKind.DataCleaning);
        var file = cleaning.Locator("[data-testid=cleaned-file]");
        await file.SetInputFilesAsync(new FilePayload { Name = "bad.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("id,name\nM0001,\"王伟\n") });
        await Expect(cleaning.Locator("[data-testid=save-state]")).ToContainTextAsync("CSV", new() { Timeout = 30_000 });
        await file.SetInputFilesAsync(new FilePayload { Name = "cleaned.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(await CleanedCsvAsync(attemptId)) });
        await Expect(cleaning).ToHaveAttributeAsync("data-state", "saved", Patient);
        await Expect(cleaning.Locator("[data-testid=cleaned-name]")).ToContainTextAsync("cleaned.csv");

        // The written task: saved when the field is left.
        var written = Task(PracticalScoringKind.Rubric).Locator("[data-testid=written-answer]");
        await written.FillAsync("一、培训目标：掌握标注规范与工具操作。\n二、内容模块与课时：……\n三、培训方式：讲授与实操结合。\n四、考核方式：标注质量抽检。");
        await written.BlurAsync();
        await Expect(Task(PracticalScoringKind.Rubric)).ToHaveAttributeAsync("data-state", "saved", Patient);
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await ScreenshotAsync(page, "47-skill-workbench");

        // A reload shows the saved work from the server.
        await page.ReloadAsync();
        await Expect(Task(PracticalScoringKind.EntitySpans).Locator("[data-entity-list] li")).ToHaveCountAsync(1);
        await Expect(Task(PracticalScoringKind.BoundingBoxes).Locator("[data-box-count='1']")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-testid=exam-progress] [data-saved-count]")).ToHaveTextAsync("5");

        await page.ClickAsync("[data-action=submit-exam]");
        await ArriveAsync(page, new Regex("/exams/attempts/\\d+/result$"));
        await Expect(page.Locator("[data-testid=result-pending]")).ToBeVisibleAsync();

        // The grading job scores the objective tasks; the written one waits for the examiners.
        await WaitForScoresAsync(attemptId);
        await page.ReloadAsync();
        await Expect(page.Locator("[data-testid=awaiting-examiners]")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "48-skill-handed-in");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var stored = await db.AttemptTasks.AsNoTracking().Where(t => t.AttemptId == attemptId).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(stored.Single(t => t.Scoring == PracticalScoringKind.DataCleaning).Points, stored.Single(t => t.Scoring == PracticalScoringKind.DataCleaning).Awarded);
        Assert.Null(stored.Single(t => t.Scoring == PracticalScoringKind.Rubric).Awarded);
        Assert.Contains("培训目标", stored.Single(t => t.Scoring == PracticalScoringKind.Rubric).Response);

        // Two examiners of the center mark the outline blind, each on the script beside its rubric.
        await MarkAsync(app, "staff@demo.local", [4, 6, 3, 3], "培训大纲", "培训目标", "49-marking-queue", "50-marking-script");
        await MarkAsync(app, "examiner@demo.local", [4.5m, 5.5m, 3.5m, 3.5m], "培训大纲", "培训目标", null, null);
        var outline = await db.AttemptTasks.AsNoTracking().SingleAsync(t => t.AttemptId == attemptId && t.Scoring == PracticalScoringKind.Rubric, TestContext.Current.CancellationToken);
        Assert.Equal(16.5m, outline.Awarded); // 16 and 17, within 3 points (15% of 20): their mean

        // The window closes; the admin releases the session's results and the candidate sees the score of every task.
        app.Clock.Advance(TimeSpan.FromHours(11));
        var sessionId = await db.ExamAttempts.Where(a => a.Id == attemptId).Select(a => a.SessionId).SingleAsync(TestContext.Current.CancellationToken);
        var admin = await app.NewPageAsync();
        admin.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await JourneyTests.SignInAsync(admin, "admin@demo.local", JourneyTests.DemoPassword);
        await admin.GotoAsync($"/staff/exam-sessions/{sessionId}/results");
        await Expect(admin.Locator("[data-testid=marking-progress]")).ToContainTextAsync("1");
        await admin.ClickAsync("[data-action=release-results]");
        await Expect(admin.Locator("[data-testid=released]")).ToBeVisibleAsync();
        await ScreenshotAsync(admin, "51-skill-results-released");

        var learner = await app.NewPageAsync();
        await JourneyTests.SignInAsync(learner, "learner@demo.local", JourneyTests.DemoPassword);
        await learner.GotoAsync($"/exams/attempts/{attemptId}/result");
        await Expect(learner.Locator("[data-testid=task-breakdown] tbody tr")).ToHaveCountAsync(7);
        await Expect(learner.Locator("[data-testid=task-breakdown]")).ToContainTextAsync("16.5 / 20");
        await ScreenshotAsync(learner, "52-skill-result");
    }

    /// <summary>
    /// An examiner takes the next script from the queue (which shows <paramref name="queued"/>), reads the answer (which
    /// holds <paramref name="answered"/>), scores each rubric line and submits.
    /// </summary>
    internal static async Task MarkAsync(BrowserApp app, string examiner, decimal[] lines, string queued, string answered, string? queueShot, string? scriptShot)
    {
        var page = await app.NewPageAsync();
        await JourneyTests.SignInAsync(page, examiner, JourneyTests.DemoPassword);
        await page.ClickAsync("[data-testid=nav-marking]");
        await Expect(page.Locator("[data-testid=queue-table]")).ToContainTextAsync(queued);
        if (queueShot is not null) await ScreenshotAsync(page, queueShot);
        await page.ClickAsync("[data-action=claim]");
        await ArriveAsync(page, new Regex("/marking/scripts/\\d+$"));
        await Expect(page.Locator("[data-testid=answer-text]")).ToContainTextAsync(answered);
        var inputs = page.Locator("input.line-points");
        await Expect(inputs).ToHaveCountAsync(lines.Length);
        for (var i = 0; i < lines.Length; i++)
            await inputs.Nth(i).FillAsync(lines[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (scriptShot is not null) await ScreenshotAsync(page, scriptShot);
        await page.ClickAsync("[data-action=submit-mark]");
        await ArriveAsync(page, new Regex("/marking$"));
        await Expect(page.Locator("[data-testid=marked-table] tbody tr")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    /// <summary>The file a careful candidate uploads: every record as it should be.</summary>
    private async Task<string> CleanedCsvAsync(int attemptId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var task = await db.AttemptTasks.AsNoTracking().SingleAsync(t => t.AttemptId == attemptId && t.Scoring == PracticalScoringKind.DataCleaning, TestContext.Current.CancellationToken);
        var truth = task.Dataset()!.Truth;
        var csv = new StringBuilder(string.Join(",", truth.Columns.Select(c => c.Name))).Append('\n');
        foreach (var record in truth.Records) csv.Append(string.Join(",", record.Values)).Append('\n');
        return csv.ToString();
    }

    /// <summary>Runs the grading job now (a server's queued run, if it comes first, leaves this one nothing to do).</summary>
    private async Task WaitForScoresAsync(int attemptId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TrainerAcademy.Features.ExamSitting.AttemptGradingJob>().GradeAsync(attemptId, TestContext.Current.CancellationToken);
    }
}
