using Microsoft.AspNetCore.Http.HttpResults;
using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.Centers;

public static class CentersApi
{
    public static void MapCentersApi(this RouteGroupBuilder api)
    {
        var staff = api.MapGroup("").WithTags("Centers").RequireAuthorization(Policies.Staff);

        staff.MapGet("/centers/{id:int}", (int id, CenterQueries.Handler h, CancellationToken ct) => h.CenterAsync(id, ct))
            .WithSummary("A center's details (staff: own center)");

        staff.MapPost("/centers", async Task<Created<CenterDetail>> (SaveCenter.Command command, SaveCenter.Handler h, CenterQueries.Handler q, CancellationToken ct) =>
            {
                var id = await h.CreateAsync(command, ct);
                return TypedResults.Created($"/api/centers/{id}", await q.CenterAsync(id, ct));
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Register a training center (admin)");

        staff.MapPut("/centers/{id:int}", async (int id, SaveCenter.Command command, SaveCenter.Handler h, CenterQueries.Handler q, CancellationToken ct) =>
            {
                await h.UpdateAsync(id, command, ct);
                return TypedResults.Ok(await q.CenterAsync(id, ct));
            })
            .WithSummary("Edit a center (staff: own center)");

        staff.MapGet("/centers/{id:int}/venues", (int id, CenterQueries.Handler h, CancellationToken ct) => h.VenuesAsync(id, ct))
            .WithSummary("A center's venues");
        staff.MapPost("/centers/{id:int}/venues", async Task<Created<VenueDetail>> (int id, SaveVenue.Command command, SaveVenue.Handler h, CancellationToken ct) =>
            {
                var venue = await h.AddAsync(id, command, ct);
                return TypedResults.Created($"/api/venues/{venue.Id}", venue);
            })
            .WithSummary("Add a venue");
        staff.MapPut("/venues/{id:int}", (int id, SaveVenue.Command command, SaveVenue.Handler h, CancellationToken ct) => h.UpdateAsync(id, command, ct))
            .WithSummary("Edit a venue");

        staff.MapGet("/centers/{id:int}/instructors", (int id, CenterQueries.Handler h, CancellationToken ct) => h.InstructorsAsync(id, ct))
            .WithSummary("A center's instructors");
        staff.MapPost("/centers/{id:int}/instructors", async Task<Created<InstructorDetail>> (int id, SaveInstructor.Command command, SaveInstructor.Handler h, CancellationToken ct) =>
            {
                var instructor = await h.AddAsync(id, command, ct);
                return TypedResults.Created($"/api/instructors/{instructor.Id}", instructor);
            })
            .WithSummary("Add an instructor");
        staff.MapPut("/instructors/{id:int}", (int id, SaveInstructor.Command command, SaveInstructor.Handler h, CancellationToken ct) => h.UpdateAsync(id, command, ct))
            .WithSummary("Edit an instructor");

        staff.MapGet("/centers/{id:int}/closures", (int id, ManageClosures.Handler h, CancellationToken ct) => h.ListAsync(id, null, ct))
            .WithSummary("A center's closure days, each with the sessions still scheduled on it");
        staff.MapPost("/centers/{id:int}/closures", async Task<Created<ClosureView>> (int id, ManageClosures.Command command, ManageClosures.Handler h, CancellationToken ct) =>
            {
                var closure = await h.AddAsync(id, command, ct);
                return TypedResults.Created($"/api/centers/{id}/closures/{closure.Date:yyyy-MM-dd}", closure);
            })
            .WithSummary("Close the center on a day: timetables skip it from now on; `affectedSessions` lists the sessions already scheduled that day, which staff move")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        staff.MapDelete("/centers/{id:int}/closures/{date}", async Task<NoContent> (int id, DateOnly date, ManageClosures.Handler h, CancellationToken ct) =>
            {
                await h.RemoveAsync(id, date, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Open the center again on a closure day");

        staff.MapGet("/centers/{id:int}/staff", (int id, CenterQueries.Handler h, CancellationToken ct) => h.StaffAsync(id, ct))
            .WithSummary("A center's staff accounts");
        staff.MapPost("/centers/{id:int}/staff", async Task<Created<StaffDetail>> (int id, AddStaff.Command command, AddStaff.Handler h, CancellationToken ct) =>
            {
                var member = await h.AddAsync(id, command, ct);
                return TypedResults.Created($"/api/centers/{id}/staff", member);
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Create a staff account for a center (admin)");
    }
}
