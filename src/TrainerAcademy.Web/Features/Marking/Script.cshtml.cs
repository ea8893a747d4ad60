using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.Marking;

/// <summary>One script beside its rubric (/marking/scripts/{id}): the examiner scores each line and submits, or gives it back.</summary>
public sealed class ScriptModel(ScriptQueries scripts, MarkScript.Handler marking, MarkingQueue queue) : PageModel
{
    public ScriptView Script { get; private set; } = default!;

    [BindProperty] public MarkScript.Command Input { get; set; } = new();

    public async Task OnGetAsync(int id, CancellationToken ct)
    {
        Script = await scripts.ScriptAsync(id, ct);
        Input = new MarkScript.Command { Lines = Script.Lines, Comment = Script.Comment };
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        Script = await scripts.ScriptAsync(id, ct);
        if (!ModelState.IsValid) return Page();
        await marking.SubmitAsync(id, Input, ct);
        TempData["Marked"] = id;
        return RedirectToPage("Queue");
    }

    public async Task<IActionResult> OnPostReleaseAsync(int id, CancellationToken ct)
    {
        await queue.ReleaseAsync(id, ct);
        return RedirectToPage("Queue");
    }

    public decimal? Given(string code) => Input.Lines?.FirstOrDefault(l => l.Code == code)?.Points;
}
