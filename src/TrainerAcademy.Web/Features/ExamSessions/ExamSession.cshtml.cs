using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Features.ExamSessions;

namespace TrainerAcademy.Features.ExamSessions;

/// <summary>One exam session of the caller's center with its candidates and their admission tickets.</summary>
public sealed class ExamSessionModel(ExamSessionQueries.Handler queries, ExamSitting.GrantAccommodation.Handler accommodation, TimeProvider clock,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> L) : PageModel
{
    [TempData] public string? Notice { get; set; }

    public ExamSessionSummary Session { get; private set; } = null!;
    public IReadOnlyList<CandidateRow> Candidates { get; private set; } = [];
    public bool Editable { get; private set; }

    public async Task OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct);

    /// <summary>Extra minutes for one candidate (an accommodation), before or during the exam.</summary>
    public async Task<IActionResult> OnPostAccommodationAsync(int id, int registrationId, int minutes, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (Candidates.All(c => c.RegistrationId != registrationId)) return NotFound();
        await accommodation.GrantAsync(registrationId, new(minutes), ct);
        Notice = L["The accommodation was saved."];
        return Redirect($"/staff/exam-sessions/{id}");
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        (Session, Candidates) = await queries.ManagedSessionAsync(id, ct);
        Editable = Session.WindowStart > clock.GetUtcNow();
    }
}
