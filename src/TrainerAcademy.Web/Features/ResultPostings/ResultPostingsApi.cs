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
    }
}
