using Microsoft.AspNetCore.Http.HttpResults;
using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.ExamSitting;

public static class ExamSittingApi
{
    public static void MapExamSittingApi(this RouteGroupBuilder api)
    {
        var tags = new[] { "Exam delivery" };

        api.MapPost("/registrations/{id:int}/attempts", async Task<Results<Created<AttemptPaper>, Ok<AttemptPaper>>> (int id, StartAttempt.Command command, StartAttempt.Handler h, CancellationToken ct) =>
            {
                var started = await h.StartAsync(id, command, ct);
                return started.Created
                    ? TypedResults.Created($"/api/attempts/{started.Paper.AttemptId}", started.Paper)
                    : TypedResults.Ok(started.Paper);
            })
            .RequireAuthorization().WithTags(tags)
            .WithSummary("Start the theory paper (component \"theory\") or the skill paper (\"skill\") inside the session's window (201), or resume the attempt already started (200); never any key or gold answer")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/attempts/{id:int}", (int id, AttemptQueries.Handler h, CancellationToken ct) => h.GetAsync(id, ct))
            .RequireAuthorization().WithTags(tags)
            .WithSummary("The attempt's status, deadline, server time and saved answers; the result once the session's results are released")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/attempts/{id:int}/answers/{itemId:int}", (int id, int itemId, SaveAnswer.Command command, SaveAnswer.Handler h, CancellationToken ct) =>
                h.SaveAsync(id, itemId, command, ct))
            .RequireAuthorization().WithTags(tags)
            .WithSummary("Save one answer with the item's revision; 409 when the revision is not newer than the saved one (with savedRevision) or the attempt is submitted; 410 after the deadline plus the grace")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/attempts/{id:int}/tasks/{itemId:int}/images/{imageId}.svg", async (int id, int itemId, string imageId, TaskMaterial.Handler h, CancellationToken ct) =>
                File(await h.ImageAsync(id, itemId, imageId, ct)))
            .RequireAuthorization().WithTags(tags)
            .WithSummary("An image of a bounding-box task, drawn for this candidate (SVG, the gold boxes are the objects' exact bounds)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/attempts/{id:int}/tasks/{itemId:int}/clips/{clipId}.svg", async (int id, int itemId, string clipId, TaskMaterial.Handler h, CancellationToken ct) =>
                File(await h.ClipAsync(id, itemId, clipId, ct)))
            .RequireAuthorization().WithTags(tags)
            .WithSummary("The text of a transcription task's clip, as an image to transcribe")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/attempts/{id:int}/tasks/{itemId:int}/dirty.csv", async (int id, int itemId, TaskMaterial.Handler h, CancellationToken ct) =>
                File(await h.DirtyFileAsync(id, itemId, ct)))
            .RequireAuthorization().WithTags(tags)
            .WithSummary("The dirty CSV of a data-cleaning task, generated for this candidate (UTF-8 with BOM)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/attempts/{id:int}/tasks/{itemId:int}/files", async Task<Created<UploadedFile>> (int id, int itemId, IFormFile? file,
                AnswerFiles.Handler h, CancellationToken ct) =>
            {
                var uploaded = await h.UploadAsync(id, itemId, file, ct);
                return TypedResults.Created(uploaded.Url, uploaded);
            })
            // The auth cookie is SameSite=Lax, so another site's form cannot upload in a candidate's name; API clients send a bearer token.
            .DisableAntiforgery()
            .RequireAuthorization().WithTags(tags)
            .WithSummary("Upload a file (multipart field \"file\") for a written task while the attempt takes saves: PDF, DOCX, XLSX, TXT, MD, PNG, JPEG or ZIP, checked by its bytes, at most 10 MB (Files:MaxBytes); 201 with its id, then save the answer {\"text\", \"files\": [{\"id\", \"name\"}]} with the next revision")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/attempts/{id:int}/tasks/{itemId:int}/files/{fileId:guid}", async (int id, int itemId, Guid fileId, AnswerFiles.Handler h, CancellationToken ct) =>
            {
                var file = await h.DownloadAsync(id, itemId, fileId, ct);
                return TypedResults.File(file.Content, file.ContentType, file.Name);
            })
            .RequireAuthorization().WithTags(tags)
            .WithSummary("A file of a written task, as an attachment: for the candidate who uploaded it, and for staff of the attempt's center and admins when the saved answer names it")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/attempts/{id:int}/submit", (int id, SubmitAttempt.Handler h, CancellationToken ct) => h.SubmitAsync(id, ct))
            .RequireAuthorization().WithTags(tags)
            .WithSummary("Hand the paper in; idempotent, 200 with the status every time")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/attempts/{id:int}/events", (int id, RecordAttemptEvent.Command command, RecordAttemptEvent.Handler h, CancellationToken ct) =>
                h.RecordAsync(id, command, ct))
            .RequireAuthorization().WithTags(tags)
            .WithSummary("Record that the exam page lost or regained focus (focus-lost, focus-returned); capped per attempt (429)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapPost("/registrations/{id:int}/accommodation", (int id, GrantAccommodation.Command command, GrantAccommodation.Handler h, CancellationToken ct) =>
                h.GrantAsync(id, command, ct))
            .RequireAuthorization(Policies.Staff).WithTags(tags)
            .WithSummary("Grant a candidate 0 to 120 extra minutes (staff of the session's center, or an admin); moves an attempt's deadline")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/exam-sessions/{id:int}/release-results", (int id, ReleaseResults.Handler h, CancellationToken ct) => h.ReleaseAsync(id, ct))
            .RequireAuthorization(Policies.Admin).WithTags(tags)
            .WithSummary("Release a session's results after its window has closed (grades what is still ungraded first)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/exam-sessions/{id:int}/results", (int id, StaffExamQueries.Handler h, CancellationToken ct) => h.SessionAsync(id, ct))
            .RequireAuthorization(Policies.Staff).WithTags(tags)
            .WithSummary("A session's attempts with scores and status (staff of its center, or an admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/attempts/{id:int}/audit", (int id, StaffExamQueries.Handler h, CancellationToken ct) => h.AuditAsync(id, ct))
            .RequireAuthorization(Policies.Staff).WithTags(tags)
            .WithSummary("An attempt's audit trail (staff of its center, or an admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult File(MaterialFile file) => TypedResults.File(file.Content, file.ContentType, file.DownloadName);
}
