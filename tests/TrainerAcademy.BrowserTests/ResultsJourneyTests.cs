using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using static Microsoft.Playwright.Assertions;
using static TrainerAcademy.BrowserTests.BrowserApp;

namespace TrainerAcademy.BrowserTests;

/// <summary>
/// Released results: the demo learner asks for a review of the failed theory score on the results page, the admin
/// raises it on the reviews queue, and anyone sees the session on the public posting board with the name masked.
/// </summary>
public sealed class ResultsJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_learner_requests_a_review_the_admin_changes_the_score_and_the_board_shows_the_session()
    {
        var sessionId = await ReleaseDemoSkillSessionAsync(app, theory: 58m, skill: 82m);

        var learner = await app.NewPageAsync();
        await JourneyTests.SignInAsync(learner, "learner@demo.local", JourneyTests.DemoPassword);
        await learner.GotoAsync("/exams/results");
        var card = learner.Locator($"[data-testid=result-card][data-session='{sessionId}']");
        await Expect(card.Locator("[data-testid=certificate]")).ToContainTextAsync("未通过全部科目");
        var theory = card.Locator("tr[data-component=Theory]");
        await theory.Locator("[data-testid=review-request] summary").ClickAsync();
        await theory.Locator("textarea").FillAsync("判断题第 7 题与教材表述一致，请核对评分。");
        await ScreenshotAsync(learner, "70-results-review-request");
        await theory.Locator("button[type=submit]").ClickAsync();
        await Expect(learner.Locator(".notice.ok[role=status]")).ToContainTextAsync("复核申请已收到");
        await Expect(theory.Locator("[data-testid=review-status]")).ToContainTextAsync("复核中");
        await Expect(card.Locator("[data-testid=certificate]")).ToContainTextAsync("成绩复核尚未办结");

        var admin = await app.NewPageAsync();
        await JourneyTests.SignInAsync(admin, "admin@demo.local", JourneyTests.DemoPassword);
        await admin.GotoAsync("/");
        await admin.ClickAsync("nav details.nav-menu summary");
        await admin.ClickAsync("nav a[href='/admin/reviews']");
        await ArriveAsync(admin, new Regex("/admin/reviews$"));
        var review = admin.Locator("[data-testid=review][data-status=Open]").First;
        await Expect(review.Locator("[data-testid=review-reason]")).ToHaveTextAsync("判断题第 7 题与教材表述一致，请核对评分。");
        await review.Locator("input[value=changed]").CheckAsync();
        await review.Locator("input[name='Resolve.Score']").FillAsync("64");
        await review.Locator("textarea").FillAsync("第 7 题应判正确，加 6 分。");
        await ScreenshotAsync(admin, "71-admin-review-queue");
        await review.Locator("button[type=submit]").ClickAsync();
        await Expect(admin.Locator(".notice.ok")).ToContainTextAsync("复核已办结");
        await admin.GotoAsync("/admin/reviews?status=resolved");
        await Expect(admin.Locator("[data-testid=review-outcome]").First).ToContainTextAsync("成绩由 58 分更正为 64 分");
        await ScreenshotAsync(admin, "72-admin-review-resolved");

        await learner.ReloadAsync();
        await Expect(theory.Locator("[data-testid=review-status]")).ToContainTextAsync("复核更正成绩");
        await Expect(card.Locator("[data-testid=outcome]")).ToContainTextAsync("合格");
        await Expect(card.Locator("[data-testid=certificate]")).ToContainTextAsync("公示期满后");
        await ScreenshotAsync(learner, "73-results-after-review");

        var visitor = await app.NewPageAsync();
        await visitor.GotoAsync("/");
        await visitor.ClickAsync("footer a[href='/results/postings']");
        await ArriveAsync(visitor, new Regex("/results/postings$"));
        await visitor.ClickAsync($"[data-testid=postings] tr[data-session='{sessionId}'] a");
        await ArriveAsync(visitor, new Regex($"/results/postings/{sessionId}$"));
        await Expect(visitor.Locator("[data-testid=posted-name]")).ToHaveTextAsync(["刘*"]);
        await Expect(visitor.Locator("main")).Not.ToContainTextAsync("刘洋");
        await ScreenshotAsync(visitor, "74-results-posting-board");
    }

    /// <summary>Closes the demo level-3 session's window, grades the demo learner's two parts with these scores and releases the results.</summary>
    /// <summary>The demo learner's level-3 session, sat and graded with these scores, its window closed an hour ago and its results released now.</summary>
    internal static async Task<int> ReleaseDemoSkillSessionAsync(BrowserApp app, decimal theory, decimal skill)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var session = await db.ExamSessions.SingleAsync(s => s.Title.Contains("技能考核（演示）"));
        var registration = await db.ExamRegistrations.SingleAsync(r => r.SessionId == session.Id);
        var now = app.Clock.GetUtcNow();
        var start = now.AddHours(-5);
        var blueprint = await db.ExamBlueprints.SingleAsync(b => b.Id == session.BlueprintId);
        var skillBlueprint = await db.SkillBlueprints.SingleAsync(b => b.Id == session.SkillBlueprintId);
        var attempts = new[]
        {
            new ExamAttempt(registration, session, blueprint, 1, [], start),
            new ExamAttempt(registration, session, skillBlueprint, 1, [], start),
        };
        foreach (var a in attempts) a.Submit(start.AddHours(1), automatic: false);
        attempts[0].Grade(new Dictionary<int, QuestionVersion>(), start.AddHours(2));
        attempts[1].GradeSkill(start.AddHours(2));
        db.ExamAttempts.AddRange(attempts);
        session.Change(session.Title, session.Mode, session.VenueId, session.Capacity, start, now.AddHours(-1), start.AddDays(-2), session.ShowReview);
        session.ReleaseResults(now);
        await db.SaveChangesAsync();
        // The papers are empty, so grading gave 0: the scores are set as grading would have set them.
        foreach (var (attempt, score) in new[] { (attempts[0], theory), (attempts[1], skill) })
            await db.ExamAttempts.Where(a => a.Id == attempt.Id).ExecuteUpdateAsync(x => x.SetProperty(a => a.Score, score).SetProperty(a => a.Passed, score >= 60m));
        return session.Id;
    }
}
