using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.CandidateResults;

/// <summary>The learner's results page: the same query as <c>GET /api/me/results</c>.</summary>
public sealed class MyResultsModel(MyResults.Handler results) : PageModel
{
    public IReadOnlyList<CandidateResult> Results { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Results = await results.MineAsync(ct);
}
