using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;
using static Microsoft.Playwright.Assertions;
using static TrainerAcademy.BrowserTests.BrowserApp;

namespace TrainerAcademy.BrowserTests;

/// <summary>
/// A level-2 candidate hands in the comprehensive review (综合评审): the technical summary written on the workbench with
/// the full text attached as a PDF; two examiners of the center score it beside its rubric and their agreed mark is the
/// review's score. The session is a level-2 sitting of the demo center that takes the demo's review blueprint.
/// </summary>
public sealed class ReviewJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Patient = new() { Timeout = 30_000 };

    private async Task<int> RegisterForLevel2Async()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var ct = TestContext.Current.CancellationToken;
        var now = app.Clock.GetUtcNow();
        var demo = await db.ExamSessions.AsNoTracking().FirstAsync(s => s.Level == 3, ct);
        // The theory paper is not what this journey is about: any stored blueprint of level 2 will do.
        var theory = await db.ExamBlueprints.AsNoTracking().OrderByDescending(b => b.Level == 2).ThenBy(b => b.Id).FirstAsync(ct);
        var review = await QuestionBankStore.NewestActiveSkillBlueprintIdAsync(db, 2, ct, AssessmentComponent.Review);
        Assert.NotNull(review);
        var session = new ExamSession(demo.CenterId, 2, theory.Id, "二级综合评审演示场", ExamMode.Online, null, 10, now.AddMinutes(-10), now.AddHours(3),
            now.AddDays(-1), false, now.AddDays(-10), reviewBlueprintId: review);
        db.ExamSessions.Add(session);
        await db.SaveChangesAsync(ct);
        var learner = await db.Users.SingleAsync(u => u.Email == "learner@demo.local", ct);
        db.ExamRegistrations.Add(new ExamRegistration(session, learner.Id, "T2R" + session.Id.ToString("D6"),
            new ApplicationDeclaration(3, "S000031000123253000001", true, false), "test", now));
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    [Fact]
    public async Task A_level_2_candidate_hands_in_the_review_and_two_examiners_score_it()
    {
        var sessionId = await RegisterForLevel2Async();
        var page = await app.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await JourneyTests.SignInAsync(page, "learner@demo.local", JourneyTests.DemoPassword);
        await page.GotoAsync("/exams");
        var row = page.Locator("[data-testid=my-registrations] tbody tr", new PageLocatorOptions { HasText = "二级综合评审演示场" });
        await Expect(row.Locator("[data-action=start-skill]")).ToHaveCountAsync(0);
        await row.Locator("[data-action=start-review]").ClickAsync();
        await ArriveAsync(page, new Regex("/exams/attempts/\\d+$"));
        await Expect(page.Locator(".exam-title strong")).ToContainTextAsync("综合评审");

        var task = page.Locator($"[data-testid=task][data-type={PracticalScoringKind.Rubric}]");
        await Expect(task).ToHaveCountAsync(1);
        await Expect(task).ToContainTextAsync("技术总结");
        await task.Locator("[data-testid=written-answer]").FillAsync("项目背景：客服意图识别模型上线后准确率不足 80%。\n方案与效果：重新制定标注规范、扩充难例，准确率提升至 92%。全文见附件。");
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        await task.Locator("[data-testid=answer-file]").SetInputFilesAsync(new FilePayload { Name = "技术总结.pdf", MimeType = "application/pdf", Buffer = pdf });
        await Expect(task.Locator("[data-testid=answer-files] a")).ToHaveTextAsync("技术总结.pdf", new() { Timeout = 30_000 });
        await Expect(task).ToHaveAttributeAsync("data-state", "saved", Patient);
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await ScreenshotAsync(page, "64-review-workbench");

        await page.ClickAsync("[data-action=submit-exam]");
        await ArriveAsync(page, new Regex("/exams/attempts/\\d+/result$"));
        var attemptId = int.Parse(new Regex("/exams/attempts/(\\d+)/result$").Match(page.Url).Groups[1].Value);
        await page.GotoAsync("/exams");
        await Expect(page.Locator("[data-testid=my-registrations] tbody tr", new PageLocatorOptions { HasText = "二级综合评审演示场" })
            .Locator("[data-action=review-result]")).ToHaveTextAsync("综合评审材料已提交");

        // Demo rubric: 15, 30, 25, 15, 15 points. Marks of 80 and 76 are 4 apart, under 15 (15% of 100): the mean counts.
        await SkillJourneyTests.MarkAsync(app, "staff@demo.local", [12, 24, 20, 12, 12], "技术总结", "项目背景", "65-review-marking-queue", "66-review-marking-script");
        await SkillJourneyTests.MarkAsync(app, "examiner@demo.local", [11, 23, 18, 12, 12], "技术总结", "项目背景", null, null);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var graded = await db.ExamAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId, TestContext.Current.CancellationToken);
        Assert.Equal((AssessmentComponent.Review, sessionId, AttemptStatus.Graded, (decimal?)78m), (graded.Component, graded.SessionId, graded.Status, graded.Score));
    }
}
