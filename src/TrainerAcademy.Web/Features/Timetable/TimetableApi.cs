using Microsoft.AspNetCore.Http.HttpResults;

namespace TrainerAcademy.Features.Timetable;

public static class TimetableApi
{
    public static void MapTimetableApi(RouteGroupBuilder api)
    {
        api.MapGet("/cohorts/{id:int}/sessions", async Task<Results<Ok<TimetableView>, NotFound>> (int id, HttpContext http, TimetableQueries.Handler q, CancellationToken ct) =>
                await q.TimetableAsync(id, http.User, ct) is { } t ? TypedResults.Ok(t) : TypedResults.NotFound())
            .WithTags("Timetable")
            .AllowAnonymous()
            .WithSummary("A cohort's timetable: its sessions in order, and the conflict report when it could not be generated");
    }
}
