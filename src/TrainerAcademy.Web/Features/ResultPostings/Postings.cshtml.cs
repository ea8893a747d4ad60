using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.ResultPostings;

/// <summary>The public board's list (<c>/results/postings</c>): the same query as <c>GET /api/result-postings</c>.</summary>
public sealed class PostingsModel(PostingBoard.Handler board) : PageModel
{
    public IReadOnlyList<PostingSummary> Postings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Postings = await board.CurrentAsync(ct);
}

/// <summary>One session's posted results (<c>/results/postings/{sessionId}</c>): the same query as <c>GET /api/result-postings/{sessionId}</c>.</summary>
public sealed class PostingModel(PostingBoard.Handler board) : PageModel
{
    public PostingBoardView Board { get; private set; } = null!;

    public async Task OnGetAsync(int sessionId, CancellationToken ct) => Board = await board.SessionAsync(sessionId, ct);
}
