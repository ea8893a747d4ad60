using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Features.ExamSessions;

namespace TrainerAcademy.Features.ExamSessions;

/// <summary>One of the learner's registrations: the admission ticket, withdrawal, and the way into the exam.</summary>
public sealed class RegistrationModel(ExamSessionQueries.Handler queries, RegisterForExam.Handler registrations, TimeProvider clock,
    IStringLocalizer<SharedResource> L) : PageModel
{
    [TempData] public string? Notice { get; set; }

    public RegistrationSummary Registration { get; private set; } = null!;
    public ExamSessionSummary Session { get; private set; } = null!;
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostWithdrawAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        await registrations.CancelAsync(id, ct);
        Notice = L["You withdrew from the session; the seat went back to it."];
        return Redirect("/exams");
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        Registration = await queries.RegistrationAsync(id, ct);
        Session = (await queries.SessionAsync(Registration.SessionId, ct))!;
        Now = clock.GetUtcNow();
    }
}
