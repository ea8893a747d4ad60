using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace TrainerAcademy.Features.QuestionBank;

/// <summary>Imports questions from a spreadsheet (/admin/questions/import); a wrong file is listed row by row and nothing is stored.</summary>
public sealed class ImportModel(QuestionTransfer.Handler transfer, IStringLocalizer<SharedResource> L) : PageModel
{
    [TempData] public string? Notice { get; set; }

    public ImportResult? Result { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", L["Choose a file to import."]);
            return Page();
        }
        await using var stream = file.OpenReadStream();
        Result = await transfer.ImportAsync(stream, file.FileName, ct);
        if (!Result.Imported) return Page();
        Notice = L["Imported {0} rows: {1} new, {2} edited, {3} new versions, {4} unchanged.", Result.Rows, Result.Created, Result.Edited,
            Result.NewVersions, Result.Unchanged];
        return Redirect("/admin/questions");
    }
}
