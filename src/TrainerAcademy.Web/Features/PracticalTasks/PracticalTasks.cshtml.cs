using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Features.PracticalTasks;

/// <summary>The practical task pool, filtered by level, category and active state (/admin/practical-tasks).</summary>
public sealed class PracticalTasksModel(PracticalTaskQueries.Handler queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Level { get; set; }
    [BindProperty(SupportsGet = true)] public PracticalCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Active { get; set; }

    public IReadOnlyList<PracticalTaskSummary> Tasks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Tasks = await queries.ListAsync(new PracticalTaskFilter { Level = Level, Category = Category, Active = Active }, ct);

    public string Query()
    {
        var parts = new List<string>();
        if (Level is { } l) parts.Add($"level={l}");
        if (Category is { } c) parts.Add($"category={c}");
        if (Active is { } a) parts.Add($"active={(a ? "true" : "false")}");
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
