using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Features.ExamSessions;

namespace TrainerAcademy.Features.Staff;

/// <summary>One exam session of the caller's center with its candidates and their admission tickets.</summary>
public sealed class ExamSessionModel(ExamSessionQueries.Handler queries, TimeProvider clock) : PageModel
{
    [TempData] public string? Notice { get; set; }

    public ExamSessionSummary Session { get; private set; } = null!;
    public IReadOnlyList<CandidateRow> Candidates { get; private set; } = [];
    public bool Editable { get; private set; }

    public async Task OnGetAsync(int id, CancellationToken ct)
    {
        (Session, Candidates) = await queries.ManagedSessionAsync(id, ct);
        Editable = Session.WindowStart > clock.GetUtcNow();
    }
}
