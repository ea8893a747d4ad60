using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.Marking;

/// <summary>The examiner's queue (/marking): scripts waiting by session and task, the script held, the latest marks.</summary>
public sealed class QueueModel(MarkingQueue queue, ScriptQueries scripts) : PageModel
{
    public MarkingQueueView Queue { get; private set; } = new([], null, 0);

    public IReadOnlyList<ScriptView> Marked { get; private set; } = [];

    public bool NothingWaiting { get; private set; }

    public async Task OnGetAsync(bool empty, CancellationToken ct)
    {
        Queue = await queue.ViewAsync(ct);
        Marked = await scripts.MarkedAsync(20, ct);
        NothingWaiting = empty;
    }

    public async Task<IActionResult> OnPostClaimAsync(int? sessionId, CancellationToken ct) =>
        await queue.ClaimAsync(sessionId, ct) is { } id
            ? RedirectToPage("Script", new { id })
            : RedirectToPage(new { empty = true });
}
