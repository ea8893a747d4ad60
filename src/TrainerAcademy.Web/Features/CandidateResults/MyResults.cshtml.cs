using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Features.ResultReviews;

namespace TrainerAcademy.Features.CandidateResults;

/// <summary>
/// The learner's results page: the same query as <c>GET /api/me/results</c>, and the review request form, which binds
/// the command <c>POST /api/me/results/{registrationId}/reviews</c> takes.
/// </summary>
public sealed class MyResultsModel(MyResults.Handler results, RequestReview.Handler reviews, IStringLocalizer<SharedResource> L) : PageModel
{
    public IReadOnlyList<CandidateResult> Results { get; private set; } = [];

    [BindProperty] public RequestReview.Command Review { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    /// <summary>The registration whose review form was sent, to show its errors beside it.</summary>
    public int? ReviewedRegistration { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Results = await results.MineAsync(ct);

    public async Task<IActionResult> OnPostReviewAsync(int registrationId, CancellationToken ct)
    {
        ReviewedRegistration = registrationId;
        Results = await results.MineAsync(ct);
        await reviews.RequestAsync(registrationId, Review, ct);
        Notice = L["Your review request was received. Your certificate waits until it is resolved."];
        return Redirect("/exams/results");
    }
}
