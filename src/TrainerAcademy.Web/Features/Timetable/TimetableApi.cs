using Microsoft.AspNetCore.Http.HttpResults;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Timetable;

public static class TimetableApi
{
    public static void MapTimetableApi(RouteGroupBuilder api)
    {
        api.MapGet("/cohorts/{id:int}/sessions", async Task<Results<Ok<TimetableView>, NotFound>> (int id, TimetableQueries.Handler q, CancellationToken ct) =>
                await q.TimetableAsync(id, ct) is { } t ? TypedResults.Ok(t) : TypedResults.NotFound())
            .WithTags("Timetable")
            .AllowAnonymous()
            .WithSummary("A cohort's timetable: its sessions in order, and the conflict report when it could not be generated");

        api.MapGet("/cohorts/{id:int}/timetable-status", async (int id, TimetableQueries.Handler q, CancellationToken ct) => await q.StatusAsync(id, ct))
            .WithTags("Timetable")
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Whether the cohort's timetable is being generated (`queued`, `running` with `progress` in %) or was, and whether the last run regenerated the whole timetable")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/me/sessions", (DateOnly? from, DateOnly? to, SessionCalendar.Handler h, TimeProvider clock, CancellationToken ct) =>
            {
                var start = from ?? clock.Today();
                return h.LearnerAsync(start, to ?? start.AddDays(SessionCalendar.MaxRangeDays - 1), ct);
            })
            .WithTags("Timetable")
            .RequireAuthorization(Policies.Learner)
            .WithSummary("The sessions of every cohort the learner holds a confirmed or pending place in, from `from` (today) to `to` (a year on); `state` is scheduled, changed or cancelled")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/centers/{centerId:int}/sessions", (int centerId, DateOnly? from, DateOnly? to, SessionCalendar.Handler h, TimeProvider clock, CancellationToken ct) =>
            {
                var start = from ?? WeekdayNames.MondayOf(clock.Today());
                return h.CenterAsync(centerId, start, to ?? start.AddDays(6), ct);
            })
            .WithTags("Timetable")
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Every session of the center's cohorts between two dates (this week by default)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var sessions = api.MapGroup("/cohorts/{id:int}/sessions/{sequence:int}").WithTags("Timetable").RequireAuthorization(Policies.Staff);

        sessions.MapPost("/move", async Task<Ok<SessionChangesView>> (int id, int sequence, ChangeSession.MoveBody body, ChangeSession.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.MoveAsync(id, sequence, body, ct)))
            .WithSummary("Move one session to another class day or time; 409 when the venue or instructor is booked")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        sessions.MapPost("/cancel", async Task<Ok<SessionChangesView>> (int id, int sequence, ChangeSession.CancelBody? body, ChangeSession.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.CancelAsync(id, sequence, body?.MakeUp ?? true, ct)))
            .WithSummary("Cancel one session, made up by a new one after the cohort's last unless `makeUp` is false")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        sessions.MapPost("/restaff", async Task<Ok<SessionChangesView>> (int id, int sequence, ChangeSession.RestaffBody body, ChangeSession.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.RestaffAsync(id, sequence, body, ct)))
            .WithSummary("Give one session to another active instructor of the center; 409 when they are booked")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
