using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Auth;
using TrainerAcademy.Features.Catalog;
using TrainerAcademy.Features.ExamSessions;

namespace TrainerAcademy.Features.Exams;

/// <summary>The theory exam sessions a learner can register for, and the learner's own registrations.</summary>
[Authorize(Policy = Policies.Learner)]
public sealed class IndexModel(ExamSessionQueries.Handler queries, CatalogQueries.Handler catalog) : PageModel
{
    [TempData] public string? Notice { get; set; }

    public int? Level { get; private set; }
    public IReadOnlyList<LevelSummary> Levels { get; private set; } = [];
    public IReadOnlyList<ExamSessionSummary> Open { get; private set; } = [];
    public IReadOnlyList<RegistrationSummary> Mine { get; private set; } = [];

    public async Task OnGetAsync(int? level, CancellationToken ct)
    {
        Level = level is >= 1 and <= 5 ? level : null;
        Levels = await catalog.LevelsAsync(ct);
        Open = await queries.OpenAsync(new(Level), ct);
        Mine = await queries.MineAsync(ct);
    }
}
