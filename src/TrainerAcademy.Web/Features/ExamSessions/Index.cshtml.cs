using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Auth;
using TrainerAcademy.Features.Catalog;
using TrainerAcademy.Features.ExamSessions;

namespace TrainerAcademy.Features.ExamSessions;

/// <summary>The theory exam sessions a learner can register for, and the learner's own registrations.</summary>
public sealed class IndexModel(ExamSessionQueries.Handler queries, CatalogQueries.Handler catalog, ExamSitting.StartAttempt.Handler start, TimeProvider clock) : PageModel
{
    [TempData] public string? Notice { get; set; }

    public int? Level { get; private set; }
    public IReadOnlyList<LevelSummary> Levels { get; private set; } = [];
    public IReadOnlyList<ExamSessionSummary> Open { get; private set; } = [];
    public IReadOnlyList<RegistrationSummary> Mine { get; private set; } = [];
    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public async Task OnGetAsync(int? level, CancellationToken ct) => await LoadAsync(level, ct);

    /// <summary>Starts the theory paper (or, with component "skill", the skill paper) of a registration, or resumes it, and opens its page.</summary>
    public async Task<IActionResult> OnPostStartAsync(int registrationId, string? component, CancellationToken ct)
    {
        await LoadAsync(null, ct);
        var started = await start.StartAsync(registrationId, new ExamSitting.StartAttempt.Command(component ?? "theory"), ct);
        return Redirect($"/exams/attempts/{started.Paper.AttemptId}");
    }

    private async Task LoadAsync(int? level, CancellationToken ct)
    {
        Level = level is >= 1 and <= 5 ? level : null;
        Levels = await catalog.LevelsAsync(ct);
        Open = await queries.OpenAsync(new(Level), ct);
        Mine = await queries.MineAsync(ct);
    }
}
