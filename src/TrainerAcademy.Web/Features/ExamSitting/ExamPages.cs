using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.ExamSitting;

/// <summary>The exam page: the frozen paper with the saved answers; exam.js saves each change and keeps unsent ones.</summary>
public sealed class ExamModel(AttemptQueries.Handler attempts, SubmitAttempt.Handler submit, AttemptLifecycle lifecycle) : PageModel
{
    public AttemptState Attempt { get; private set; } = null!;

    public int GraceSeconds => (int)lifecycle.Grace.TotalSeconds;

    public async Task OnGetAsync(int id, CancellationToken ct) => Attempt = await attempts.GetAsync(id, ct);

    /// <summary>Handing in without script: the same handler as the API.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(int id, CancellationToken ct)
    {
        await submit.SubmitAsync(id, ct);
        return Redirect($"/exams/attempts/{id}/result");
    }
}

/// <summary>The candidate's result, once the session's results are released (before that, only the status).</summary>
public sealed class ResultModel(AttemptQueries.Handler attempts) : PageModel
{
    public AttemptState Attempt { get; private set; } = null!;

    public async Task OnGetAsync(int id, CancellationToken ct) => Attempt = await attempts.GetAsync(id, ct);
}

/// <summary>A session's results for staff of its center (or an admin), with the score distribution; an admin releases them here.</summary>
public sealed class SessionResultsModel(StaffExamQueries.Handler queries, ReleaseResults.Handler release, Marking.ScriptQueries scripts) : PageModel
{
    [TempData] public string? Notice { get; set; }

    public SessionResultsView Session { get; private set; } = null!;

    /// <summary>How far the examiners' marking of the session's written tasks has come.</summary>
    public Marking.MarkingProgress Marking { get; private set; } = new(0, 0, 0, 0, 0);

    public async Task OnGetAsync(int id, CancellationToken ct)
    {
        Session = await queries.SessionAsync(id, ct);
        Marking = await scripts.ProgressAsync(id, ct);
    }

    public async Task<IActionResult> OnPostReleaseAsync(int id, CancellationToken ct)
    {
        Session = await queries.SessionAsync(id, ct);
        Marking = await scripts.ProgressAsync(id, ct);
        if (!User.IsInRole(Roles.Admin)) return Forbid();
        await release.ReleaseAsync(id, ct);
        Notice = "released";
        return Redirect($"/staff/exam-sessions/{id}/results");
    }
}

/// <summary>One attempt's audit trail for staff of its center (or an admin), and the accommodation form.</summary>
public sealed class AttemptAuditModel(StaffExamQueries.Handler queries, GrantAccommodation.Handler grant) : PageModel
{
    [TempData] public string? Notice { get; set; }

    [BindProperty] public GrantAccommodation.Command Input { get; set; } = new(0);

    public AttemptAuditView Audit { get; private set; } = null!;

    public async Task OnGetAsync(int id, CancellationToken ct)
    {
        Audit = await queries.AuditAsync(id, ct);
        Input = new(Audit.AccommodationMinutes);
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        Audit = await queries.AuditAsync(id, ct);
        await grant.GrantAsync(Audit.RegistrationId, Input, ct);
        Notice = "granted";
        return Redirect($"/staff/attempts/{id}/audit");
    }
}
