using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Centers;

namespace TrainerAcademy.Features.Account;

/// <summary>The signed-in account; learners also keep their real-name profile here.</summary>
public sealed class ProfileModel(Profile.Handler profiles, CenterQueries.Handler centers, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public MeView Me { get; private set; } = null!;
    public string? CenterName { get; private set; }
    public bool IsLearner => Me.Roles.Contains(Roles.Learner);

    public sealed class InputModel
    {
        [StringLength(50, ErrorMessage = "The real name is at most 50 characters.")]
        public string? RealName { get; set; }

        public IdType IdType { get; set; } = IdType.ResidentIdCard;

        [StringLength(20, ErrorMessage = "The document number is at most 20 characters.")]
        public string? IdNumber { get; set; }

        [StringLength(20, ErrorMessage = "The phone number is an 11-digit mainland mobile number.")]
        public string? Phone { get; set; }

        public Employment? Employment { get; set; }

        [StringLength(50, ErrorMessage = "A city name is at most 50 characters.")]
        public string? SocialInsuranceCity { get; set; }

        [StringLength(50, ErrorMessage = "A city name is at most 50 characters.")]
        public string? HukouCity { get; set; }

        [Range(0, 60, ErrorMessage = "Years in the occupation are 0 to 60.")]
        public int? YearsInOccupation { get; set; }

        public Education? Education { get; set; }

        public DateOnly? CertificateObtainedOn { get; set; }

        [Range(0, 60, ErrorMessage = "Years since the certificate are 0 to 60.")]
        public int? YearsSinceCertificate { get; set; }

        public Profile.Command ToCommand() => new()
        {
            RealName = RealName, IdType = IdType, IdNumber = IdNumber, Phone = Phone, Employment = Employment,
            SocialInsuranceCity = SocialInsuranceCity, HukouCity = HukouCity, YearsInOccupation = YearsInOccupation, Education = Education,
            CertificateObtainedOn = CertificateObtainedOn, YearsSinceCertificate = YearsSinceCertificate,
        };
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Me.Profile is { } p)
        {
            Input = new InputModel
            {
                RealName = p.RealName, IdType = p.IdType, IdNumber = p.IdNumber, Phone = p.Phone, Employment = p.Employment,
                SocialInsuranceCity = p.SocialInsuranceCity, HukouCity = p.HukouCity, YearsInOccupation = p.YearsInOccupation, Education = p.Education,
                CertificateObtainedOn = p.CertificateObtainedOn, YearsSinceCertificate = p.YearsSinceCertificate,
            };
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!IsLearner) return Forbid();
        if (!ModelState.IsValid) return Page();
        var saved = await profiles.SaveAsync(Input.ToCommand(), ct);
        Notice = saved.IsComplete
            ? L["Your profile is saved and complete."]
            : L["Your profile is saved. Fill in the remaining fields before you enroll."];
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Me = await profiles.GetAsync(ct);
        if (Me.CenterId is { } center)
            CenterName = (await centers.CenterAsync(center, ct)).Name;
    }
}
