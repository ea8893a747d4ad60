using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.QuestionBank;

/// <summary>How each question version performed on graded papers (/admin/questions/statistics).</summary>
public sealed class StatisticsModel(ItemStatistics.Handler statistics) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Level { get; set; }
    [BindProperty(SupportsGet = true)] public int? SessionId { get; set; }

    public IReadOnlyList<ItemStatistic> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await statistics.ComputeAsync(Level, SessionId, ct);
}
