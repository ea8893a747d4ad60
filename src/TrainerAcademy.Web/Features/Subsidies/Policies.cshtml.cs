using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Domain.Subsidies;

namespace TrainerAcademy.Features.Subsidies;

/// <summary>
/// The subsidy policies (/admin/subsidy/policies): every version with its terms; a new version of a policy is added
/// with its effective date and its terms as JSON, prefilled with the latest version's. Nothing stored is edited.
/// </summary>
public sealed class PoliciesModel(SubsidyPolicies.Handler policies, TimeProvider clock) : PageModel
{
    public IReadOnlyList<SubsidyPolicyView> Versions { get; private set; } = [];

    [BindProperty]
    public string PolicyCode { get; set; } = "";

    [BindProperty]
    public DateOnly? EffectiveFrom { get; set; }

    [BindProperty]
    public int? Precedence { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string TermsJson { get; set; } = "";

    public DateOnly Today => clock.Today();

    public async Task OnGetAsync(CancellationToken ct) => Versions = await policies.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Versions = await policies.ListAsync(ct);
        if (!ModelState.IsValid) return Page();
        await policies.AddVersionAsync(new SubsidyPolicies.Command
        {
            PolicyCode = PolicyCode, EffectiveFrom = EffectiveFrom, Precedence = Precedence, Note = Note, Terms = SubsidyTerms.Parse(TermsJson),
        }, ct);
        TempData["Added"] = PolicyCode;
        return RedirectToPage();
    }

    /// <summary>The terms shown in the form: what was posted after a refused save, else the latest version's.</summary>
    public string TermsFor(SubsidyPolicyView latest) =>
        Request.HasFormContentType && PolicyCode == latest.PolicyCode && TermsJson.Length > 0 ? TermsJson
        : System.Text.Json.JsonSerializer.Serialize(latest.Terms, Indented);

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
