using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.Marking;

/// <summary>Admins grant and revoke the examiner permission of center staff accounts (/admin/examiners).</summary>
public sealed class ExaminersModel(Examiners.Handler examiners) : PageModel
{
    public IReadOnlyList<ExaminerAccount> Accounts { get; private set; } = [];

    [BindProperty] public Examiners.Command Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct) => Accounts = await examiners.ListAsync(ct);

    public async Task<IActionResult> OnPostGrantAsync(string userId, CancellationToken ct)
    {
        Accounts = await examiners.ListAsync(ct);
        if (!ModelState.IsValid) return Page();
        await examiners.GrantAsync(userId, Input, ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string userId, CancellationToken ct)
    {
        await examiners.RevokeAsync(userId, ct);
        return RedirectToPage();
    }
}
