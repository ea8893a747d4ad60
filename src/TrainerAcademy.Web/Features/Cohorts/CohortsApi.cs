using Microsoft.AspNetCore.Http.HttpResults;
using TrainerAcademy.Auth;
using TrainerAcademy.Features.Catalog;

namespace TrainerAcademy.Features.Cohorts;

public static class CohortsApi
{
    public sealed record RevisionBody(int? Revision);

    public static void MapCohortsApi(this RouteGroupBuilder api)
    {
        var cohorts = api.MapGroup("/cohorts").WithTags("Cohorts").RequireAuthorization(Policies.Staff);

        cohorts.MapPost("", async Task<Created<CohortSummary>> (SaveCohort.Command command, SaveCohort.Handler handler, CatalogQueries.Handler q, CancellationToken ct) =>
            {
                var id = await handler.CreateAsync(command, ct);
                return TypedResults.Created($"/api/cohorts/{id}", (await q.CohortAsync(id, includeUnlisted: true, ct))!);
            })
            .WithSummary("Create a draft cohort of one of the caller's center's courses")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        cohorts.MapPut("/{id:int}", async Task<Ok<CohortSummary>> (int id, SaveCohort.Command command, SaveCohort.Handler handler, CatalogQueries.Handler q, CancellationToken ct) =>
            {
                await handler.UpdateAsync(id, command, ct);
                return TypedResults.Ok((await q.CohortAsync(id, includeUnlisted: true, ct))!);
            })
            .WithSummary("Change a draft or open cohort; 409 when `revision` is stale")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        cohorts.MapPost("/{id:int}/regenerate-timetable", async Task<Accepted> (int id, SaveCohort.Handler handler, CancellationToken ct) =>
            {
                await handler.RegenerateAsync(id, ct);
                return TypedResults.Accepted($"/api/cohorts/{id}/timetable-status");
            })
            .WithSummary("Plan the timetable again from the cohort as it stands (as saving it does), e.g. once the statutory calendar of a year it reaches into is published; 202 with the status to poll")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        cohorts.MapPost("/{id:int}/open", async Task<Ok<CohortSummary>> (int id, RevisionBody? body, SaveCohort.Handler handler, CatalogQueries.Handler q, CancellationToken ct) =>
            {
                await handler.OpenAsync(id, body?.Revision, ct);
                return TypedResults.Ok((await q.CohortAsync(id, includeUnlisted: true, ct))!);
            })
            .WithSummary("Open a draft cohort for enrollment")
            .ProducesProblem(StatusCodes.Status409Conflict);

        cohorts.MapPost("/{id:int}/cancel", async Task<Ok<CohortSummary>> (int id, RevisionBody? body, SaveCohort.Handler handler, CatalogQueries.Handler q, CancellationToken ct) =>
            {
                await handler.CancelAsync(id, body?.Revision, ct);
                return TypedResults.Ok((await q.CohortAsync(id, includeUnlisted: true, ct))!);
            })
            .WithSummary("Cancel a cohort")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
