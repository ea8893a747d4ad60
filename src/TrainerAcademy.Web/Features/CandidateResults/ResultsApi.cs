namespace TrainerAcademy.Features.CandidateResults;

public static class ResultsApi
{
    public static void MapResultsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me/results", async (MyResults.Handler h, CancellationToken ct) => TypedResults.Ok(await h.MineAsync(ct)))
            .RequireAuthorization().WithTags("Results")
            .WithSummary("The signed-in learner's results: each required component (theory, skill, review for levels 2 and 1), the combined outcome once released, and the posting period in working days with the first day of certificate eligibility");
    }
}
