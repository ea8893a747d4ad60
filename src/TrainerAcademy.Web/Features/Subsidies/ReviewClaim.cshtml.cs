using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.Subsidies;

/// <summary>One claim for the reviewer (/admin/subsidy/applications/{id}): its facts, history, the documents sent, and the three decisions.</summary>
public sealed class ReviewClaimModel(SubsidyClaims.Handler claims) : PageModel
{
    public SubsidyApplicationView Claim { get; private set; } = null!;

    [BindProperty]
    public SubsidyClaims.DecisionCommand Input { get; set; } = new();

    public async Task OnGetAsync(int id, CancellationToken ct) => Claim = await claims.OneAsync(id, ct);

    public Task<IActionResult> OnPostApproveAsync(int id, CancellationToken ct) => DecideAsync(id, SubsidyClaims.Decision.Approve, ct);

    public Task<IActionResult> OnPostRejectAsync(int id, CancellationToken ct) => DecideAsync(id, SubsidyClaims.Decision.Reject, ct);

    public Task<IActionResult> OnPostRequestDocumentsAsync(int id, CancellationToken ct) => DecideAsync(id, SubsidyClaims.Decision.RequestDocuments, ct);

    private async Task<IActionResult> DecideAsync(int id, SubsidyClaims.Decision decision, CancellationToken ct)
    {
        Claim = await claims.OneAsync(id, ct);
        if (!ModelState.IsValid) return Page();
        await claims.DecideAsync(id, decision, Input, ct);
        TempData["Decided"] = decision.ToString();
        return RedirectToPage(new { id });
    }
}
