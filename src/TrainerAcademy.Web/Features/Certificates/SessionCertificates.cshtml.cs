using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;

namespace TrainerAcademy.Features.Certificates;

/// <summary>
/// A session's certificate issuance (/admin/exam-sessions/{id}/certificates): each candidate's eligibility, the
/// approval of all or chosen eligible candidates, and the batch's live progress.
/// </summary>
public sealed class SessionCertificatesModel(AcademyDbContext db, CertificateCandidates candidates, IssueCertificates.Handler issue,
    ArchiveCertificates.Handler archive, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> localizer) : PageModel
{
    public string SessionTitle { get; private set; } = "";

    public int SessionId { get; private set; }

    public IReadOnlyList<CertificateCandidate> Candidates { get; private set; } = [];

    public BatchProgress? Batch { get; private set; }

    [BindProperty] public IssueCertificates.Command Input { get; set; } = new();

    public async Task OnGetAsync(int id, int? batch, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        // The batch just started, or else the session's latest.
        var shown = batch ?? await db.CertificateBatches.Where(x => x.SessionId == id).OrderByDescending(x => x.Id).Select(x => (int?)x.Id).FirstOrDefaultAsync(ct);
        if (shown is { } b) Batch = await IssueCertificates.ProgressAsync(db, b, ct) is { } p && p.SessionId == id ? p : null;
    }

    public async Task<IActionResult> OnPostArchiveAsync(int id, int batch, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (await IssueCertificates.ProgressAsync(db, batch, ct) is not { } progress || progress.SessionId != id) return NotFound();
        Batch = progress;
        await archive.RequestAsync(batch, ct);
        return Redirect($"/admin/exam-sessions/{id}/certificates?batch={batch}");
    }

    public async Task<IActionResult> OnPostAsync(int id, bool all, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        var command = all ? new IssueCertificates.Command() : Input;
        if (!all && (Input.RegistrationIds is null || Input.RegistrationIds.Count == 0))
        {
            ModelState.AddModelError("", localizer["rule.certificate-batch.empty"]);
            return Page();
        }
        var started = await issue.StartAsync(id, command, ct);
        return Redirect($"/admin/exam-sessions/{id}/certificates?batch={started.BatchId}");
    }

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        SessionId = id;
        SessionTitle = await db.ExamSessions.Where(s => s.Id == id).Select(s => s.Title).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        Candidates = await candidates.OfSessionAsync(id, ct);
    }
}
