using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TrainerAcademy.Domain.Practical;
using static Microsoft.Playwright.Assertions;
using static TrainerAcademy.BrowserTests.BrowserApp;

namespace TrainerAcademy.BrowserTests;

/// <summary>
/// On the workbench, the demo learner attaches a file to the written training outline: a file whose bytes are not what
/// its name says is refused with the reason beside the task, a PDF is uploaded, listed and saved with the answer, and
/// removed again.
/// </summary>
public sealed class AnswerFileJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Patient = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_candidate_attaches_a_file_to_the_written_task_and_a_disguised_one_is_refused()
    {
        var page = await app.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await JourneyTests.SignInAsync(page, "learner@demo.local", JourneyTests.DemoPassword);
        await page.GotoAsync("/exams");
        await Expect(page.Locator("h1")).ToHaveTextAsync("理论知识考试与技能考核");
        await page.Locator("[data-testid=my-registrations] tbody tr", new PageLocatorOptions { HasText = "三级" })
            .Locator("[data-action=start-skill]").ClickAsync();
        await ArriveAsync(page, new Regex("/exams/attempts/\\d+$"));

        var task = page.Locator($"[data-testid=task][data-type={PracticalScoringKind.Rubric}]");
        await task.Locator("[data-testid=written-answer]").FillAsync("一、培训目标：掌握标注规范。\n详见附件。");
        var input = task.Locator("[data-testid=answer-file]");

        await input.SetInputFilesAsync(new FilePayload { Name = "大纲.pdf", MimeType = "application/pdf", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3] });
        await Expect(task.Locator("[data-testid=file-error]")).ToHaveTextAsync("文件内容与其扩展名所示的类型不符。", new() { Timeout = 30_000 });
        await Expect(task.Locator("[data-testid=answer-files] li")).ToHaveCountAsync(0);
        await task.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ScreenshotFolder, "63-skill-written-file-refused.png") });

        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        await input.SetInputFilesAsync(new FilePayload { Name = "培训大纲.pdf", MimeType = "application/pdf", Buffer = pdf });
        await Expect(task.Locator("[data-testid=answer-files] li")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(task.Locator("[data-testid=answer-files] a")).ToHaveTextAsync("培训大纲.pdf");
        await Expect(task.Locator("[data-testid=file-error]")).ToBeEmptyAsync();
        await Expect(task).ToHaveAttributeAsync("data-state", "saved", Patient);
        await task.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ScreenshotFolder, "62-skill-written-with-file.png") });

        // The saved answer names the file: reloading the page shows it again, and the link downloads the bytes.
        await page.ReloadAsync();
        await Expect(task.Locator("[data-testid=answer-files] a")).ToHaveTextAsync("培训大纲.pdf");
        var href = await task.Locator("[data-testid=answer-files] a").GetAttributeAsync("href");
        var download = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, download.Status);
        Assert.Equal(pdf, await download.BodyAsync());

        await task.Locator("[data-remove-file]").ClickAsync();
        await Expect(task.Locator("[data-testid=answer-files] li")).ToHaveCountAsync(0);
        await Expect(task).ToHaveAttributeAsync("data-state", "saved", Patient);
        await page.ReloadAsync();
        await Expect(task.Locator("[data-testid=answer-files] li")).ToHaveCountAsync(0);
        await Expect(task.Locator("[data-testid=written-answer]")).ToHaveValueAsync(new Regex("详见附件"));
    }
}
