using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Features.PracticalTasks;

public static class PracticalTasksApi
{
    public static void MapPracticalTasksApi(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/practical-tasks").WithTags("Practical task pool").RequireAuthorization(Policies.Admin);

        tasks.MapGet("", (int? level, PracticalCategory? category, bool? active, PracticalTaskQueries.Handler queries, CancellationToken ct) =>
                queries.ListAsync(new PracticalTaskFilter { Level = level, Category = category, Active = active }, ct))
            .WithSummary("List the practical task pool (admin), filtered by level, category and active state");

        tasks.MapGet("/{id:int}", (int id, PracticalTaskQueries.Handler queries, CancellationToken ct) => queries.GetAsync(id, ct))
            .WithSummary("A practical task with its content (gold answers) and rubric (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        tasks.MapPost("", async Task<Created<PracticalTaskDetail>> (SavePracticalTask.Command command, SavePracticalTask.Handler handler,
                PracticalTaskQueries.Handler queries, CancellationToken ct) =>
            {
                var id = await handler.CreateAsync(command, ct);
                return TypedResults.Created($"/api/practical-tasks/{id}", await queries.GetAsync(id, ct));
            })
            .WithSummary("Add a practical task; 422 names the field (content when the JSON does not fit the scoring kind)")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        tasks.MapPut("/{id:int}", async Task<Ok<PracticalTaskDetail>> (int id, SavePracticalTask.Command command, SavePracticalTask.Handler handler,
                PracticalTaskQueries.Handler queries, CancellationToken ct) =>
            {
                await handler.UpdateAsync(id, command, ct);
                return TypedResults.Ok(await queries.GetAsync(id, ct));
            })
            .WithSummary("Edit a practical task (the code stays); 409 when `revision` is stale")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        tasks.MapPost("/{id:int}/deactivate", async Task<Ok<PracticalTaskDetail>> (int id, int? revision, SavePracticalTask.Handler handler,
                PracticalTaskQueries.Handler queries, CancellationToken ct) =>
            {
                await handler.SetActiveAsync(id, false, revision, ct);
                return TypedResults.Ok(await queries.GetAsync(id, ct));
            })
            .WithSummary("Take a task out of use: kept, never drawn again; optional ?revision= is checked (409 when stale)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        tasks.MapPost("/{id:int}/activate", async Task<Ok<PracticalTaskDetail>> (int id, int? revision, SavePracticalTask.Handler handler,
                PracticalTaskQueries.Handler queries, CancellationToken ct) =>
            {
                await handler.SetActiveAsync(id, true, revision, ct);
                return TypedResults.Ok(await queries.GetAsync(id, ct));
            })
            .WithSummary("Put a deactivated task back into use; optional ?revision= is checked (409 when stale)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        tasks.MapGet("/export", async (int? level, PracticalCategory? category, bool? active, PracticalTaskQueries.Handler queries, CancellationToken ct) =>
                TypedResults.Ok((await queries.AllAsync(new PracticalTaskFilter { Level = level, Category = category, Active = active }, ct))
                    .Select(PracticalTaskTransfer.Item.From).ToList()))
            .WithSummary("The (filtered) pool as a JSON array in the shape import takes, content and rubric included");

        tasks.MapPost("/import", async Task<Results<Ok<PracticalTaskImportResult>, ProblemHttpResult>> (HttpRequest request,
                PracticalTaskTransfer.Handler handler, IOptions<JsonOptions> json, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
            {
                var items = await PracticalTaskTransfer.ReadAsync(request, json.Value.SerializerOptions, ct);
                var result = items is null
                    ? new PracticalTaskImportResult(0, 0, 0, 0, [new(0, "", L["The file is not a JSON array of practical tasks."])])
                    : await handler.ImportAsync(items, ct);
                return result.Imported ? TypedResults.Ok(result) : TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Import refused",
                    detail: L["No task was imported: {0} problems were found. Correct them and import again.", result.Errors.Count],
                    type: "https://trainer-academy.local/problems/practical-task-import.invalid",
                    extensions: new Dictionary<string, object?> { ["code"] = "practical-task-import.invalid", ["errors"] = result.Errors });
            })
            .DisableAntiforgery()
            .WithSummary("Import tasks: a JSON array in the export's shape, as the body or as the multipart field \"file\"; all or none; an existing code updates its task; 422 lists each item's index, field and message")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
