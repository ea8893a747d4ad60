using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Features.ExamSessions;

namespace TrainerAcademy.Features.ExamSessions;

/// <summary>
/// Registration for one exam session: the learner declares a prior certificate and training, sees every
/// application condition checked rule by rule, and registers.
/// </summary>
public sealed class SessionModel(ExamSessionQueries.Handler queries, RegisterForExam.Handler registrations, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public RegisterForExam.Command Input { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public ExamSessionSummary Session { get; private set; } = null!;
    public EligibilityReport? Report { get; private set; }

    public async Task OnGetAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Report = await registrations.PreviewAsync(id, Input, ct);
    }

    public async Task<IActionResult> OnPostCheckAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Report = await registrations.PreviewAsync(id, Input, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRegisterAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        try
        {
            var result = await registrations.RegisterAsync(id, Input, ct);
            Notice = string.Format(L["You are registered. Your admission ticket number is {0}."], result.TicketNumber);
            return Redirect($"/exams/registrations/{result.Id}");
        }
        catch (EligibilityRefused refused)
        {
            Report = refused.Report;
            ModelState.AddModelError("", L["You cannot register yet: see the conditions below."]);
            return Page();
        }
    }

    private async Task LoadAsync(int id, CancellationToken ct) =>
        Session = await queries.SessionAsync(id, ct) ?? throw new NotFoundException();
}
