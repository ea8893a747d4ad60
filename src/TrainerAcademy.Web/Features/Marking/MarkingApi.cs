using Microsoft.AspNetCore.Http.HttpResults;
using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.Marking;

public static class MarkingApi
{
    public sealed record ClaimRequest(int? SessionId);

    public static void MapMarkingApi(this RouteGroupBuilder api)
    {
        var examiners = api.MapGroup("/examiners").WithTags("Marking").RequireAuthorization(Policies.Admin);
        examiners.MapGet("", (Examiners.Handler h, CancellationToken ct) => h.ListAsync(ct))
            .WithSummary("Every center staff account with its examiner permission (scope Center or Platform), examiners first");
        examiners.MapPut("/{userId}", (string userId, Examiners.Command command, Examiners.Handler h, CancellationToken ct) => h.GrantAsync(userId, command, ct))
            .WithSummary("Grant a staff account the examiner permission for its own center or platform-wide, or change its scope")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        examiners.MapDelete("/{userId}", async Task<NoContent> (string userId, Examiners.Handler h, CancellationToken ct) =>
            {
                await h.RevokeAsync(userId, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Revoke the examiner permission; marks already given stay")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var marking = api.MapGroup("/marking").WithTags("Marking").RequireAuthorization(Policies.Examiner);
        marking.MapGet("/queue", (MarkingQueue queue, CancellationToken ct) => queue.ViewAsync(ct))
            .WithSummary("The scripts waiting for the signed-in examiner by session and task, the script they hold, and how many they have marked");
        marking.MapPost("/claims", async Task<Results<Created<ScriptView>, NoContent>> (ClaimRequest? request, MarkingQueue queue, ScriptQueries scripts, CancellationToken ct) =>
            {
                if (await queue.ClaimAsync(request?.SessionId, ct) is not { } id) return TypedResults.NoContent();
                return TypedResults.Created($"/api/marking/claims/{id}", await scripts.ScriptAsync(id, ct));
            })
            .WithSummary("Take the next script to mark (of one session, when named) and hold it; the script already held is returned again; 204 when none waits. Scripts are anonymous: no name, ticket or account");
        marking.MapGet("/claims/{id:int}", (int id, ScriptQueries scripts, CancellationToken ct) => scripts.ScriptAsync(id, ct))
            .WithSummary("A script the examiner holds or has marked, with the task, its rubric and the answer")
            .ProducesProblem(StatusCodes.Status404NotFound);
        marking.MapGet("/claims/{id:int}/files/{fileId:guid}", async (int id, Guid fileId, ScriptQueries scripts, CancellationToken ct) =>
            {
                var file = await scripts.FileAsync(id, fileId, ct);
                return TypedResults.File(file.Content, file.ContentType, file.Name);
            })
            .WithSummary("A file the answer of a script the examiner holds or has marked names, as an attachment")
            .ProducesProblem(StatusCodes.Status404NotFound);
        marking.MapPost("/claims/{id:int}/submit", (int id, MarkScript.Command command, MarkScript.Handler h, CancellationToken ct) => h.SubmitAsync(id, command, ct))
            .WithSummary("Submit the mark: the points of every rubric line (0 to the line's points, steps of 0.5) and a comment; final once submitted")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        marking.MapDelete("/claims/{id:int}", async Task<NoContent> (int id, MarkingQueue queue, CancellationToken ct) =>
            {
                await queue.ReleaseAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Give a held script back to the queue unmarked")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        marking.MapGet("/marked", (ScriptQueries scripts, CancellationToken ct) => scripts.MarkedAsync(50, ct))
            .WithSummary("The examiner's 50 latest submitted marks");

        api.MapGet("/exam-sessions/{id:int}/marking", (int id, ScriptQueries scripts, CancellationToken ct) => scripts.ProgressAsync(id, ct))
            .RequireAuthorization(Policies.Staff).WithTags("Marking")
            .WithSummary("How far the marking of the session's examiner-scored tasks has come: agreed, waiting for first marks, waiting for a third mark, held")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
