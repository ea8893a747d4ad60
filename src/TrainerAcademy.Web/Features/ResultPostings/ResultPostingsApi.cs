namespace TrainerAcademy.Features.ResultPostings;

public static class ResultPostingsApi
{
    public static void MapResultPostingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/result-postings", (PostingBoard.Handler h, CancellationToken ct) => h.CurrentAsync(ct))
            .AllowAnonymous().WithTags("Results")
            .WithSummary("The sessions whose results are posted publicly (公示) today (Beijing date), with each posting period and the first day of certificate eligibility");

        api.MapGet("/result-postings/{sessionId:int}", (int sessionId, PostingBoard.Handler h, CancellationToken ct) => h.SessionAsync(sessionId, ct))
            .AllowAnonymous().WithTags("Results")
            .WithSummary("A session's posted results while its posting runs: masked names, admission ticket numbers, level, each component's score and the outcome; never an ID number. 404 before release and after the posting ends")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/results/posted", async Task<IResult> (int? sessionId, PostingBoard.Handler h, CancellationToken ct) =>
                sessionId is { } id ? TypedResults.Ok(await h.SessionAsync(id, ct)) : TypedResults.Ok(await h.CurrentAsync(ct)))
            .AllowAnonymous().WithTags("Results")
            .WithSummary("The contract's address of the posting board (API.md): with sessionId, that session's posted results as /api/result-postings/{sessionId}; without, the sessions posted today")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
