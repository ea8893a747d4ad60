using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Catalog;
using TrainerAcademy.Features.Cohorts;

namespace TrainerAcademy.Features.Cohorts;

/// <summary>The caller's center's cohorts, drafts included, with Open and Cancel; an admin sees every center's.</summary>
public sealed class CohortsModel(CatalogQueries.Handler catalog, SaveCohort.Handler cohorts, CenterAccess access, IStringLocalizer<SharedResource> L)
    : PageModel
{
    [TempData] public string? Notice { get; set; }

    public IReadOnlyList<CohortSummary> Cohorts { get; private set; } = [];
    public IReadOnlyDictionary<int, string> LevelNames { get; private set; } = new Dictionary<int, string>();
    public bool IsAdmin => access.IsAdmin;

    public static bool CanEdit(CohortStatus status) => status is CohortStatus.Draft or CohortStatus.Open;
    public static bool CanCancel(CohortStatus status) => status is not (CohortStatus.Completed or CohortStatus.Cancelled);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostOpenAsync(int id, int? revision, CancellationToken ct)
    {
        await LoadAsync(ct);
        await cohorts.OpenAsync(id, revision, ct);
        Notice = L["The cohort is open for enrollment."];
        return Redirect("/staff/cohorts");
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, int? revision, CancellationToken ct)
    {
        await LoadAsync(ct);
        await cohorts.CancelAsync(id, revision, ct);
        Notice = L["The cohort was cancelled."];
        return Redirect("/staff/cohorts");
    }

    // Loaded before the command too, so a refused Open or Cancel shows the list again with the reason.
    private async Task LoadAsync(CancellationToken ct)
    {
        Cohorts = await catalog.CohortsAsync(new(IncludeUnlisted: true, ScopeCenterId: access.ScopeCenterId), ct);
        LevelNames = (await catalog.LevelsAsync(ct)).ToDictionary(l => l.Level, l => l.DisplayName);
    }
}
