using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.Catalog;

public sealed class CourseModel(CatalogQueries.Handler catalog) : PageModel
{
    public CourseSummary Course { get; private set; } = null!;
    public IReadOnlyList<CohortSummary> Cohorts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await catalog.CourseAsync(id, ct) is not { } course) return NotFound();
        Course = course;
        Cohorts = await catalog.CohortsAsync(new(CourseId: id), ct);
        return Page();
    }
}
