using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Centers;

namespace TrainerAcademy.Features.Account;

/// <summary>The signed-in account; learners also keep their real-name profile here.</summary>
public sealed class ProfileModel(Profile.Handler profiles, CenterQueries.Handler centers, Privacy.Deletion.Handler deletion,
    IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public Profile.Command Input { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public MeView Me { get; private set; } = null!;
    public string? CenterName { get; private set; }
    public bool IsLearner => Me.Roles.Contains(Roles.Learner);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Me.Profile is { } p)
        {
            Input = new Profile.Command
            {
                RealName = p.RealName, IdType = p.IdType, IdNumber = p.IdNumber, Phone = p.Phone, Employment = p.Employment,
                SocialInsuranceCity = p.SocialInsuranceCity, HukouCity = p.HukouCity, YearsInOccupation = p.YearsInOccupation, Education = p.Education,
                CertificateObtainedOn = p.CertificateObtainedOn, YearsSinceCertificate = p.YearsSinceCertificate,
                UnemploymentInsuranceMonths = p.UnemploymentInsuranceMonths,
            };
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!IsLearner) return Forbid();
        if (!ModelState.IsValid) return Page();
        var saved = await profiles.SaveAsync(Input, ct);
        Notice = saved.IsComplete
            ? L["Your profile is saved and complete."]
            : L["Your profile is saved. Fill in the remaining fields before you enroll."];
        return RedirectToPage();
    }

    /// <summary>A learner asks for the deletion of their personal data.</summary>
    public async Task<IActionResult> OnPostDeletionAsync(string? deletionReason, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!IsLearner) return Forbid();
        ModelState.Clear();
        await deletion.RequestAsync(new Privacy.Deletion.Command { Reason = deletionReason }, ct);
        Notice = L["Your deletion request is recorded."];
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Me = await profiles.GetAsync(ct);
        if (Me.CenterId is { } center)
            CenterName = (await centers.CenterAsync(center, ct)).Name;
    }
}
