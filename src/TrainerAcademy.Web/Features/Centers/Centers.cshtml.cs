using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Features.Centers;

namespace TrainerAcademy.Features.Centers;

/// <summary>
/// Admins register training centers and give each its staff accounts. The center form binds to Input;
/// each center's staff form binds to Staff (the property named after its handler, OnPostStaff).
/// </summary>
public sealed class CentersModel(
    CenterQueries.Handler centers, SaveCenter.Handler saveCenter, AddStaff.Handler addStaff, IStringLocalizer<SharedResource> L) : PageModel
{
    public SaveCenter.Command Input { get; set; } = new();
    public AddStaff.Command Staff { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public IReadOnlyList<(CenterDetail Center, IReadOnlyList<StaffDetail> Staff)> Centers { get; private set; } = [];

    /// <summary>The center whose staff form was posted and is shown again with its errors.</summary>
    public int? StaffCenterId { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] SaveCenter.Command input, CancellationToken ct)
    {
        Input = input;
        await LoadAsync(ct);
        if (!ModelState.IsValid) return Page();
        await saveCenter.CreateAsync(input, ct);
        Notice = L["Registered the center {0}.", input.Name.Trim()];
        return Redirect("/admin/centers");
    }

    public async Task<IActionResult> OnPostStaffAsync(int centerId, [Bind(Prefix = nameof(Staff))] AddStaff.Command staff, CancellationToken ct)
    {
        Staff = staff;
        StaffCenterId = centerId;
        await LoadAsync(ct);
        if (!ModelState.IsValid) return Page();
        var member = await addStaff.AddAsync(centerId, staff, ct);
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
