using Microsoft.AspNetCore.Http.HttpResults;
using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.SkillBlueprints;

public static class SkillBlueprintsApi
{
    public static void MapSkillBlueprintsApi(this RouteGroupBuilder api)
    {
        var blueprints = api.MapGroup("/skill-blueprints").WithTags("Practical task pool").RequireAuthorization(Policies.Admin);

        blueprints.MapGet("", (int? level, SkillBlueprintQueries.Handler queries, CancellationToken ct) => queries.ListAsync(level, ct))
            .WithSummary("Skill blueprints per level, with the pool's count beside each line, the one in force and how many sessions use each");

        blueprints.MapGet("/{id:int}", (int id, SkillBlueprintQueries.Handler queries, CancellationToken ct) => queries.GetAsync(id, ct))
            .WithSummary("A skill blueprint with its lines against the active pool")
            .ProducesProblem(StatusCodes.Status404NotFound);

        blueprints.MapPost("", async Task<Created<SkillBlueprintDetail>> (SaveSkillBlueprint.Command command, SaveSkillBlueprint.Handler handler,
                SkillBlueprintQueries.Handler queries, CancellationToken ct) =>
            {
                var id = await handler.CreateAsync(command, ct);
                return TypedResults.Created($"/api/skill-blueprints/{id}", await queries.GetAsync(id, ct));
            })
            .WithSummary("Add a skill blueprint (lines of category, count and points per task totalling 100); 422 naming each line the active pool cannot fill")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        blueprints.MapPut("/{id:int}", async Task<Ok<SkillBlueprintDetail>> (int id, SaveSkillBlueprint.Command command, SaveSkillBlueprint.Handler handler,
                SkillBlueprintQueries.Handler queries, CancellationToken ct) =>
            {
                await handler.UpdateAsync(id, command, ct);
                return TypedResults.Ok(await queries.GetAsync(id, ct));
            })
            .WithSummary("Edit a skill blueprint's name, duration, pass mark and lines while no exam session uses it (409 skill-blueprint.in-use once one does: copy it into a new blueprint); `active` is ignored here")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        blueprints.MapPost("/{id:int}/activate", async Task<Ok<SkillBlueprintDetail>> (int id, SaveSkillBlueprint.Handler handler,
                SkillBlueprintQueries.Handler queries, CancellationToken ct) =>
            {
                await handler.SetActiveAsync(id, true, ct);
                return TypedResults.Ok(await queries.GetAsync(id, ct));
            })
            .WithSummary("Put a skill blueprint into use (422 when the active pool cannot fill it); the newest active one of a level is what new sessions take")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        blueprints.MapPost("/{id:int}/retire", async Task<Ok<SkillBlueprintDetail>> (int id, SaveSkillBlueprint.Handler handler,
                SkillBlueprintQueries.Handler queries, CancellationToken ct) =>
            {
                await handler.SetActiveAsync(id, false, ct);
                return TypedResults.Ok(await queries.GetAsync(id, ct));
            })
            .WithSummary("Take a skill blueprint out of use: new sessions no longer take it; sessions that have it keep it")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
