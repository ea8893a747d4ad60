using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;

namespace TrainerAcademy.Features.QuestionBank;

/// <summary>Each level's blueprints, the one sessions take first (/admin/blueprints).</summary>
public sealed class BlueprintsModel(SaveBlueprint.Handler blueprints, AcademyDbContext db) : PageModel
{
    [Microsoft.AspNetCore.Mvc.TempData] public string? Notice { get; set; }

    public IReadOnlyList<BlueprintDetail> Blueprints { get; private set; } = [];
    public IReadOnlyDictionary<string, string> FunctionNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>Per level, the blueprint a new exam session takes: the newest active one.</summary>
    public IReadOnlySet<int> InForce { get; private set; } = new HashSet<int>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Blueprints = await blueprints.ListAsync(null, ct);
        FunctionNames = await db.WorkFunctions.AsNoTracking().ToDictionaryAsync(w => w.Code, w => w.Name, ct);
        var inForce = new HashSet<int>();
        foreach (var level in Blueprints.Select(b => b.Level).Distinct())
            if (await QuestionBankStore.NewestActiveBlueprintAsync(db, level, ct) is { } b) inForce.Add(b.Id);
        InForce = inForce;
    }
}
