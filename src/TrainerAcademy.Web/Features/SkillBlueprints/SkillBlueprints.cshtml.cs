using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.SkillBlueprints;

/// <summary>Each level's skill blueprints, the one new sessions take first (/admin/skill-blueprints).</summary>
public sealed class SkillBlueprintsModel(SkillBlueprintQueries.Handler queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Level { get; set; }

    [TempData] public string? Notice { get; set; }

    public IReadOnlyList<SkillBlueprintDetail> Blueprints { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Blueprints = await queries.ListAsync(Level is >= 1 and <= 5 ? Level : null, ct);
}
