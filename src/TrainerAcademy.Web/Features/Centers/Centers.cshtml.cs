using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Features.Centers;

namespace TrainerAcademy.Features.Centers;

/// <summary>
/// Admins register training centers and give each its staff accounts. The center form binds to Input;
/// each center's staff form binds to Staff (the property named after its handler, OnPostStaff).
/// </summary>
public sealed class CentersModel(ManageCenters.Handler centers, IStringLocalizer<SharedResource> L) : PageModel
{
    public InputModel Input { get; set; } = new();
    public StaffInput Staff { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public IReadOnlyList<(CenterDetail Center, IReadOnlyList<StaffDetail> Staff)> Centers { get; private set; } = [];

    /// <summary>The center whose staff form was posted and is shown again with its errors.</summary>
    public int? StaffCenterId { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the center's name."), StringLength(100, ErrorMessage = "The name is at most 100 characters.")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "The organisation code is 4 digits."), RegularExpression(@"^\d{4}$", ErrorMessage = "The organisation code is 4 digits.")]
        public string OrganisationCode { get; set; } = "";

        [Required(ErrorMessage = "The province code is 2 digits."), RegularExpression(@"^\d{2}$", ErrorMessage = "The province code is 2 digits.")]
        public string ProvinceCode { get; set; } = "31";

        [StringLength(50, ErrorMessage = "A city name is at most 50 characters.")]
        public string? City { get; set; } = "上海";

        [StringLength(200, ErrorMessage = "The address is at most 200 characters.")]
        public string? Address { get; set; }

        public ManageCenters.CenterCommand ToCommand() => new()
        {
            Name = Name, OrganisationCode = OrganisationCode, ProvinceCode = ProvinceCode, City = City ?? "", Address = Address,
        };
    }

    public sealed class StaffInput
    {
        [Required(ErrorMessage = "Enter an e-mail address."), EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter a password."), StringLength(128, MinimumLength = 8, ErrorMessage = "The password needs at least 8 characters.")]
        public string Password { get; set; } = "";

        [StringLength(100, ErrorMessage = "The name is at most 100 characters.")]
        public string? DisplayName { get; set; }

        public ManageCenters.StaffCommand ToCommand() => new() { Email = Email, Password = Password, DisplayName = DisplayName };
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] InputModel input, CancellationToken ct)
    {
        Input = input;
        await LoadAsync(ct);
        if (!ModelState.IsValid) return Page();
        await centers.CreateCenterAsync(input.ToCommand(), ct);
        Notice = L["Registered the center {0}.", input.Name.Trim()];
        return Redirect("/admin/centers");
    }

    public async Task<IActionResult> OnPostStaffAsync(int centerId, [Bind(Prefix = nameof(Staff))] StaffInput staff, CancellationToken ct)
    {
        Staff = staff;
        StaffCenterId = centerId;
        await LoadAsync(ct);
        if (!ModelState.IsValid) return Page();
        var member = await centers.AddStaffAsync(centerId, staff.ToCommand(), ct);
        Notice = L["Created the staff account {0}.", member.Email];
        return Redirect("/admin/centers");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var list = new List<(CenterDetail, IReadOnlyList<StaffDetail>)>();
        foreach (var center in await centers.CentersAsync(ct))
            list.Add((center, await centers.StaffAsync(center.Id, ct)));
        Centers = list;
    }
}
