using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrainerAcademy.Data;
using static Microsoft.Playwright.Assertions;
using static TrainerAcademy.BrowserTests.BrowserApp;

namespace TrainerAcademy.BrowserTests;

/// <summary>
/// The subsidy in the browser: a visitor reads what the subsidy is on a course page, the demo learner sees the estimate
/// before enrolling, claims with the level-5 certificate, is asked for a document and answers; the admin reviews the claim
/// from the queue, approves it, puts it in a batch and marks the batch paid; the learner sees it paid.
/// </summary>
public sealed class SubsidyJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<int> CourseOfLevelAsync(int level)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Courses.Where(c => c.Level == level).Select(c => c.Id).FirstAsync();
    }

    [Fact]
    public async Task A_learner_claims_with_a_certificate_and_an_admin_reviews_the_claim_to_payment()
    {
        var level4 = await CourseOfLevelAsync(4);

        var visitor = await app.NewPageAsync();
        await visitor.GotoAsync($"/catalog/courses/{level4}");
        await Expect(visitor.Locator("[data-testid=subsidy-explainer]")).ToContainTextAsync("12 个月内");
        await Expect(visitor.Locator("[data-testid=subsidy-estimate]")).ToContainTextAsync("本等级标准 ¥2,000");
        await ScreenshotAsync(visitor, "90-course-subsidy-visitor");

        var learner = await app.NewPageAsync();
        await JourneyTests.SignInAsync(learner, "learner@demo.local", JourneyTests.DemoPassword);
        await learner.GotoAsync($"/catalog/courses/{level4}");
        await Expect(learner.Locator("[data-testid=subsidy-amount]")).ToHaveTextAsync("结业取证后预计可申领补贴约 ¥2,080。");
        await learner.Locator("[data-testid=subsidy-estimate] summary").ClickAsync();
        await Expect(learner.Locator("[data-testid=subsidy-rules] [data-rule=key-occupation]")).ToContainTextAsync("上浮 30%");
        await ScreenshotAsync(learner, "91-course-subsidy-estimate");

        // The level-5 certificate seeded with the demo: eligible, 1500 × 1.3 × 80%.
        await learner.ClickAsync("[data-testid=nav-subsidies]");
        await ArriveAsync(learner, new Regex("/subsidies$"));
        var claimable = learner.Locator("[data-testid=claimable]");
        await Expect(claimable).ToHaveCountAsync(1);
        await Expect(claimable.Locator("[data-testid=claimable-amount]")).ToContainTextAsync("¥1,560");
        await Expect(claimable.Locator("[data-rule=window]")).ToContainTextAsync("在申请期限内");
        await ScreenshotAsync(learner, "92-my-subsidy-eligible");
        await learner.ClickAsync("[data-action=apply-subsidy]");
        await Expect(learner.Locator("[data-testid=claim-submitted]")).ToBeVisibleAsync();
        var claim = learner.Locator("[data-testid=claim]");
        await Expect(claim.Locator("[data-testid=claim-status]")).ToHaveAttributeAsync("data-status", "Submitted");
        var claimId = await claim.GetAttributeAsync("data-claim");

        // The admin finds it in the queue beside the demo's other claim and asks for a document.
        var admin = await app.NewPageAsync();
        await JourneyTests.SignInAsync(admin, "admin@demo.local", JourneyTests.DemoPassword);
        await admin.GotoAsync("/admin/subsidy/applications");
        await Expect(admin.Locator("[data-testid=claim-queue] tbody tr")).ToHaveCountAsync(2);
        await ScreenshotAsync(admin, "93-admin-subsidy-queue");
        await admin.ClickAsync($"tr[data-claim='{claimId}'] [data-action=review-claim]");
        await ArriveAsync(admin, new Regex($"/admin/subsidy/applications/{claimId}$"));
        await admin.ClickAsync("[data-action=request-documents]");
        await Expect(admin.Locator(".validation-summary-errors")).ToContainTextAsync("请填写理由");
        await admin.FillAsync("[data-testid=decision-reason]", "请上传单位出具的在职证明");
        await admin.ClickAsync("[data-action=request-documents]");
        await Expect(admin.Locator("[data-testid=claim-status]")).ToHaveAttributeAsync("data-status", "DocumentsRequested");

        await learner.ReloadAsync();
        var request = learner.Locator("[data-testid=documents-requested]");
        await Expect(request).ToContainTextAsync("请上传单位出具的在职证明");
        await request.Locator("textarea").FillAsync("已上传在职证明");
        await request.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "在职证明.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n%demo\n"u8.ToArray() });
        await ScreenshotAsync(learner, "94-my-subsidy-documents-requested");
        await request.Locator("[data-action=resubmit]").ClickAsync();
        await Expect(learner.Locator("[data-testid=claim-resubmitted]")).ToBeVisibleAsync();
        await Expect(claim.Locator("[data-testid=claim-status]")).ToHaveAttributeAsync("data-status", "Submitted");

        await admin.ReloadAsync();
        await Expect(admin.Locator("[data-testid=claim-history] [data-action=document]")).ToHaveTextAsync("在职证明.pdf");
        await admin.FillAsync("[data-testid=decision-reason]", "材料齐全");
        await admin.ClickAsync("[data-action=approve]");
        await Expect(admin.Locator("[data-testid=claim-status]")).ToHaveAttributeAsync("data-status", "Approved");
        await Expect(admin.Locator("[data-testid=claim-history] li")).ToHaveCountAsync(4);
        await ScreenshotAsync(admin, "95-admin-subsidy-claim-approved");

        await admin.GotoAsync("/admin/subsidy/batches");
        await Expect(admin.Locator("[data-testid=approved-unbatched]")).ToContainTextAsync("1 笔");
        await admin.ClickAsync("[data-action=create-batch]");
        var batch = admin.Locator("[data-testid=batches] tbody tr").First;
        await Expect(batch).ToContainTextAsync("¥1,560");
        var download = await admin.RunAndWaitForDownloadAsync(() => batch.Locator("[data-action=export-batch]").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        await batch.Locator("input[name=reference]").FillAsync("沪财拨 2026-0001");
        await batch.Locator("[data-action=mark-paid]").ClickAsync();
        await Expect(admin.Locator("[data-testid=batches] tbody tr").First).ToContainTextAsync("已发放");
        await ScreenshotAsync(admin, "96-admin-subsidy-batch-paid");

        await learner.ReloadAsync();
        await Expect(claim.Locator("[data-testid=claim-status]")).ToHaveAttributeAsync("data-status", "Paid");
        await Expect(learner.Locator("[data-testid=no-claimable]")).ToBeVisibleAsync();
        await ScreenshotAsync(learner, "97-my-subsidy-paid");
    }

    [Fact]
    public async Task The_admin_reads_the_policies_and_adds_a_version()
    {
        var admin = await app.NewPageAsync();
        await JourneyTests.SignInAsync(admin, "admin@demo.local", JourneyTests.DemoPassword);
        await admin.GotoAsync("/admin/subsidy/policies");
        var shanghai = admin.Locator("[data-policy=shanghai-skill-upgrading]");
        await Expect(shanghai).ToContainTextAsync("L5 ¥1,500");
        await Expect(shanghai.Locator("[data-testid=in-force]")).ToHaveCountAsync(1);
        await ScreenshotAsync(admin, "98-admin-subsidy-policies");

        await shanghai.Locator("[data-action=new-version]").ClickAsync();
        await shanghai.Locator("input[name=EffectiveFrom]").FillAsync(app.Today.AddDays(30).ToString("yyyy-MM-dd"));
        var terms = shanghai.Locator("textarea[name=TermsJson]");
        await terms.FillAsync((await terms.InputValueAsync()).Replace("\"5\": 1500", "\"5\": 1600"));
        await shanghai.Locator("[data-action=save-version]").ClickAsync();
        await Expect(admin.Locator("[data-testid=version-added]")).ToBeVisibleAsync();
        await Expect(shanghai.Locator("tr[data-version='2']")).ToContainTextAsync("L5 ¥1,600");
        await Expect(shanghai.Locator("tr[data-version='2']")).ToContainTextAsync("待生效");
    }
}
