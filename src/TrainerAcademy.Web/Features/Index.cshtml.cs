using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Features.Catalog;

namespace TrainerAcademy.Features;

public sealed class IndexModel(CatalogQueries.Handler catalog) : PageModel
{
    public IReadOnlyList<LevelSummary> Levels { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Levels = await catalog.LevelsAsync(ct);
}
