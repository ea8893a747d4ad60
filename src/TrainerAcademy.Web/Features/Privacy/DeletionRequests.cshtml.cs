using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace TrainerAcademy.Features.Privacy;

/// <summary>The learners' deletion requests for administrators (<c>/admin/deletion-requests</c>), each carried out once the administrator confirms it cannot be undone.</summary>
public sealed class DeletionRequestsModel(Deletion.Handler deletion, IStringLocalizer<SharedResource> L) : PageModel
{
    public IReadOnlyList<DeletionRequestView> Requests { get; private set; } = [];

    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Requests = await deletion.ListAsync(ct);

    public async Task<IActionResult> OnPostCompleteAsync(int id, [FromForm] Deletion.CompleteCommand command, CancellationToken ct)
    {
        Requests = await deletion.ListAsync(ct);
        await deletion.CompleteAsync(id, command, ct);
        Notice = L["The personal data is erased."];
        return RedirectToPage();
    }
}
