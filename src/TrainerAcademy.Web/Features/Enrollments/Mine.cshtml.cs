using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Features.Calendar;

namespace TrainerAcademy.Features.Enrollments;

/// <summary>The signed-in learner's places, newest first, each with what to do next; and the address of their timetable feed.</summary>
public sealed class MineModel(EnrollmentQueries.Handler enrollments, CalendarFeeds.Handler feeds) : PageModel
{
    public IReadOnlyList<EnrollmentView> Places { get; private set; } = [];

    /// <summary>Shown once after the learner asks for it; the address is a secret, so it is not on every visit.</summary>
    [TempData] public string? FeedUrl { get; set; }

    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Places = await enrollments.MineAsync(ct);

    public async Task<IActionResult> OnPostCalendarAsync(CancellationToken ct)
    {
        FeedUrl = (await feeds.LearnerFeedAsync(ct)).Url;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeCalendarAsync(CancellationToken ct)
    {
        await feeds.RevokeLearnerFeedAsync(ct);
        Notice = "revoked";
        return RedirectToPage();
    }
}
