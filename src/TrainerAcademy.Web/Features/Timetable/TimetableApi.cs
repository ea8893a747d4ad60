using Microsoft.AspNetCore.Http.HttpResults;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain;

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

        var sessions = api.MapGroup("/cohorts/{id:int}/sessions/{sequence:int}").WithTags("Timetable").RequireAuthorization(Policies.Staff);

        sessions.MapPost("/move", async Task<Ok<SessionChangesView>> (int id, int sequence, ChangeSession.MoveBody body, ChangeSession.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.MoveAsync(id, sequence,
                    body.Date ?? throw new RuleViolation("session.date-required", "Enter the new date.", "date"),
                    ChangeSession.Handler.ParseStart(body.Start), ct)))
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
                TypedResults.Ok(await handler.RestaffAsync(id, sequence,
                    body.InstructorId ?? throw new RuleViolation("session.instructor-required", "Choose the instructor.", "instructorId"), ct)))
            .WithSummary("Give one session to another active instructor of the center; 409 when they are booked")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
