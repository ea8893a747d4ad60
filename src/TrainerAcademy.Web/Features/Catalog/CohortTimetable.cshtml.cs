using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Features.Timetable;

namespace TrainerAcademy.Features.Catalog;

/// <summary>A cohort's timetable: open and running cohorts for everyone, drafts for the center's staff and admins.</summary>
public sealed class CohortTimetableModel(CatalogQueries.Handler catalog, TimetableQueries.Handler timetables) : PageModel
{
    public CohortSummary Cohort { get; private set; } = null!;
    public TimetableView Timetable { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await timetables.TimetableAsync(id, ct) is not { } timetable) return NotFound();
        if (await catalog.CohortAsync(id, includeUnlisted: true, ct) is not { } cohort) return NotFound();
        Cohort = cohort;
        Timetable = timetable;
        return Page();
    }
}
