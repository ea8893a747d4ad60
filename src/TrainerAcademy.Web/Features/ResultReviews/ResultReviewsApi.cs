using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.ResultReviews;

public static class ResultReviewsApi
{
    public static void MapResultReviewsApi(this RouteGroupBuilder api)
    {
        var tags = new[] { "Results" };

        // The contract's address (API.md: POST /api/results/{id}/reviews, the id a registration's) and the one under /me.
        foreach (var route in new[] { "/me/results/{registrationId:int}/reviews", "/results/{registrationId:int}/reviews" })
            api.MapPost(route, async (int registrationId, RequestReview.Command command, RequestReview.Handler h, CancellationToken ct) =>
                {
                    var review = await h.RequestAsync(registrationId, command, ct);
                    return TypedResults.Created($"/api/me/results", review);
                })
                .RequireAuthorization().WithTags(tags)
                .WithSummary("Request a review (复核) of a released component score of one's own registration (component \"theory\" or \"skill\", reason up to 500 characters) inside the review window; 409 when that component already has a review, 422 outside the window")
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/result-reviews", (string? status, ReviewQueue.Handler h, CancellationToken ct) => h.ListAsync(status, ct))
            .RequireAuthorization(Policies.Staff).WithTags(tags)
            .WithSummary("Reviews: open ones first, oldest first, then resolved ones (status = open, resolved, kept, changed or all); admins see every center's, center staff read their own center's")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/result-reviews/{id:int}/resolve", (int id, ResolveReview.Command command, ResolveReview.Handler h, CancellationToken ct) =>
                h.ResolveAsync(id, command, ct))
            .RequireAuthorization(Policies.Admin).WithTags(tags)
            .WithSummary("Resolve an open review: outcome \"kept\", or \"changed\" with the new score (which replaces the attempt's score and pass), with a reason; 409 once resolved")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
