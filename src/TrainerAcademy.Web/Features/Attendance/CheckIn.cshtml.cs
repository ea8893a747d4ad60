using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.Attendance;

/// <summary>
/// What the classroom QR code opens. Signing in comes first (the sign-in page brings the learner back here); the page
/// shows which session it is and records the check-in only when the learner confirms (POST), so a link preview or a
/// prefetch never checks anyone in. A refusal (another class, too early, over, an expired code) is shown on the page.
/// </summary>
public sealed class CheckInModel(CheckIn.Handler checkIn) : PageModel
{
    /// <summary>The session, shown only to a learner with a confirmed place in its cohort.</summary>
    public SessionHeader? Session { get; private set; }

    public CheckInResult? Result { get; private set; }

    [BindProperty(SupportsGet = true, Name = "session")] public int SessionId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (SessionId <= 0) return NotFound();
        Session = await checkIn.SessionForLearnerAsync(SessionId, ct);
        Result = await checkIn.PreviewAsync(SessionId, Code, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (SessionId <= 0) return NotFound();
        Session = await checkIn.SessionForLearnerAsync(SessionId, ct);
        Result = await checkIn.CheckInAsync(SessionId, Code, ct);
        return Page();
    }
}
