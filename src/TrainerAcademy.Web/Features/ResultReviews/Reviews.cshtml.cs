using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace TrainerAcademy.Features.ResultReviews;

/// <summary>The admins' reviews queue (<c>/admin/reviews</c>): the same list as <c>GET /api/result-reviews</c>, and a resolve form per open review binding the command of <c>POST /api/result-reviews/{id}/resolve</c>.</summary>
public sealed class ReviewsModel(ReviewQueue.Handler queue, ResolveReview.Handler resolver, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; } = "open";

    [BindProperty] public ResolveReview.Command Resolve { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public IReadOnlyList<ReviewRow> Reviews { get; private set; } = [];

    /// <summary>The review whose resolve form was sent, to show its errors beside it.</summary>
    public int? Resolving { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Reviews = await queue.ListAsync(Status, ct);

    public async Task<IActionResult> OnPostResolveAsync(int id, CancellationToken ct)
    {
        Resolving = id;
        Reviews = await queue.ListAsync(Status, ct);
        var resolved = await resolver.ResolveAsync(id, Resolve, ct);
        Notice = L["Resolved the review of ticket {0}.", resolved.TicketNumber];
        return Redirect("/admin/reviews?status=" + Uri.EscapeDataString(Status ?? "open"));
    }
}
