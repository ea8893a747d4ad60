using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.Catalog;

public sealed class IndexModel(CatalogQueries.Handler catalog) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Level { get; set; }
    [BindProperty(SupportsGet = true)] public int? CenterId { get; set; }

    public IReadOnlyList<CourseSummary> Courses { get; private set; } = [];
    public IReadOnlyList<LevelSummary> Levels { get; private set; } = [];
    public IReadOnlyList<CenterSummary> Centers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Levels = await catalog.LevelsAsync(ct);
        Centers = await catalog.CentersAsync(ct);
        Courses = await catalog.CoursesAsync(new(Level, CenterId), ct);
    }
}
