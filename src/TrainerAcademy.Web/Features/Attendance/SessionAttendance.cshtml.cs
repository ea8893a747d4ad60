using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Features.Attendance;

namespace TrainerAcademy.Features.Attendance;

/// <summary>
/// A session's roster on a phone: a row of big buttons per learner (present, late, left early, absent, excused), the
/// minutes missed for late and left early, and one save for all (staff of the session's center; another center's is a 404).
/// </summary>
public sealed class SessionAttendanceModel(TakeAttendance.Handler attendance, IStringLocalizer<SharedResource> L) : PageModel
{
    public static readonly string[] Statuses = ["present", "late", "leftEarly", "absent", "excused"];

    [TempData] public string? Notice { get; set; }

    public SessionRosterView Roster { get; private set; } = null!;

    [BindProperty] public List<TakeAttendance.MarkInput> Marks { get; set; } = [];

    /// <summary>The mark the page shows for a learner: what was just posted (after a refused save), else what is stored.</summary>
    public (string? Status, int? MinutesMissed) Shown(RosterMark learner) =>
        Marks.FirstOrDefault(m => m.EnrollmentId == learner.EnrollmentId) is { } posted
            ? (posted.Status, posted.MinutesMissed)
            : (learner.Status, learner.MinutesMissed > 0 ? learner.MinutesMissed : null);

    public async Task OnGetAsync(int sessionId, CancellationToken ct) => Roster = await attendance.RosterAsync(sessionId, ct);

    public async Task<IActionResult> OnPostAsync(int sessionId, CancellationToken ct)
    {
        Roster = await attendance.RosterAsync(sessionId, ct);
        // A learner left without a choice keeps whatever is stored.
        var marks = Marks.Where(m => !string.IsNullOrEmpty(m.Status))
            .Select(m => m with { MinutesMissed = m.Status is "late" or "leftEarly" ? m.MinutesMissed : null })
            .ToList();
        await attendance.SaveAsync(sessionId, new TakeAttendance.Command(marks), ct);
        Notice = L["Attendance saved: {0} marks.", marks.Count];
        return Redirect($"/staff/sessions/{sessionId}/attendance");
    }
}
