using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.Subsidies;

/// <summary>
/// The learner's subsidy (/subsidies, 我的补贴): each certificate not claimed yet with its assessment and the claim button,
/// and each claim with its status and history; a claim waiting for documents takes the answer here.
/// </summary>
public sealed class MineModel(SubsidyEligibility eligibility, SubsidyClaims.Handler claims) : PageModel
{
    public IReadOnlyList<(int Id, string Number, string LevelName, DateOnly IssuedOn, SubsidyEligibilityView View)> Certificates { get; private set; } = [];

    public IReadOnlyList<SubsidyApplicationView> Claims { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostApplyAsync(int certificateId, CancellationToken ct)
    {
        await LoadAsync(ct);
        var claim = await claims.ApplyAsync(new SubsidyClaims.ApplyCommand { CertificateId = certificateId }, ct);
        TempData["Subsidy"] = "applied";
        return Redirect($"/subsidies#claim-{claim.Id}");
    }

    public async Task<IActionResult> OnPostResubmitAsync(int id, string? note, IFormFile? file, CancellationToken ct)
    {
        await LoadAsync(ct);
        await claims.ResubmitAsync(id, note, file, ct);
        TempData["Subsidy"] = "resubmitted";
        return Redirect($"/subsidies#claim-{id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Certificates = await eligibility.UnclaimedAsync(User.GetUserId() ?? throw new NotFoundException(), ct);
        Claims = await claims.MineAsync(ct);
    }
}
