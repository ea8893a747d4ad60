using Microsoft.AspNetCore.Http.HttpResults;
using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.ExamSessions;

public static class ExamSessionsApi
{
    public static void MapExamSessionsApi(this RouteGroupBuilder api)
    {
        var sessions = api.MapGroup("/exam-sessions").WithTags("Exam sessions");

        sessions.MapGet("", async (int? level, DateTimeOffset? from, ExamSessionQueries.Handler q, CancellationToken ct) =>
                TypedResults.Ok(await q.OpenAsync(new(level, from), ct)))
            .RequireAuthorization()
            .WithSummary("Exam sessions open for registration, soonest first");

        sessions.MapGet("/managed", async (ExamSessionQueries.Handler q, CancellationToken ct) => TypedResults.Ok(await q.ManagedAsync(ct)))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("The caller's center's exam sessions (every center's for an admin)");

        sessions.MapGet("/{id:int}", async Task<Results<Ok<ExamSessionSummary>, NotFound>> (int id, ExamSessionQueries.Handler q, CancellationToken ct) =>
                await q.SessionAsync(id, ct) is { } s ? TypedResults.Ok(s) : TypedResults.NotFound())
            .RequireAuthorization()
            .WithSummary("One exam session");

        sessions.MapPost("", async Task<Created<ExamSessionSummary>> (SaveExamSession.Command command, SaveExamSession.Handler handler, ExamSessionQueries.Handler q, CancellationToken ct) =>
            {
                var id = await handler.CreateAsync(command, ct);
                return TypedResults.Created($"/api/exam-sessions/{id}", (await q.SessionAsync(id, ct))!);
            })
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Create a theory exam session (staff for their center; admins name the center)")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        sessions.MapPut("/{id:int}", async Task<Ok<ExamSessionSummary>> (int id, SaveExamSession.Command command, SaveExamSession.Handler handler, ExamSessionQueries.Handler q, CancellationToken ct) =>
            {
                await handler.UpdateAsync(id, command, ct);
                return TypedResults.Ok((await q.SessionAsync(id, ct))!);
            })
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Change a session before its window opens; 409 when `revision` is stale")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        sessions.MapGet("/{id:int}/registrations", async (int id, ExamSessionQueries.Handler q, CancellationToken ct) =>
                TypedResults.Ok((await q.ManagedSessionAsync(id, ct)).Candidates))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("The candidates of a session (its center's staff)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        sessions.MapPost("/{id:int}/eligibility", async (int id, RegisterForExam.Command command, RegisterForExam.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.PreviewAsync(id, command, ct)))
            .RequireAuthorization(Policies.Learner)
            .WithSummary("Check the application conditions rule by rule without registering")
            .ProducesProblem(StatusCodes.Status404NotFound);

        sessions.MapPost("/{id:int}/registrations", async Task<Created<RegistrationResult>> (int id, RegisterForExam.Command? command, RegisterForExam.Handler handler, CancellationToken ct) =>
            {
                var result = await handler.RegisterAsync(id, command ?? new RegisterForExam.Command(), ct);
                return TypedResults.Created($"/api/registrations/{result.Id}", result);
            })
            .RequireAuthorization(Policies.Learner)
            .WithSummary("Register for a session: 201 with the admission ticket number; 422 listing each failed eligibility rule; 409 when full or closed")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var registrations = api.MapGroup("/registrations").WithTags("Exam sessions").RequireAuthorization();

        api.MapGet("/me/registrations", async (ExamSessionQueries.Handler q, CancellationToken ct) => TypedResults.Ok(await q.MineAsync(ct)))
            .RequireAuthorization(Policies.Learner).WithTags("Exam sessions")
            .WithSummary("The caller's exam registrations");

        registrations.MapGet("/{id:int}", async (int id, ExamSessionQueries.Handler q, CancellationToken ct) => TypedResults.Ok(await q.RegistrationAsync(id, ct)))
            .WithSummary("One of the caller's registrations")
            .ProducesProblem(StatusCodes.Status404NotFound);

        registrations.MapDelete("/{id:int}", async (int id, RegisterForExam.Handler handler, CancellationToken ct) =>
            {
                await handler.CancelAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Withdraw before registration closes; the seat goes back to the session")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        registrations.MapGet("/{id:int}/ticket.pdf", async (int id, AdmissionTicket.Handler handler, CancellationToken ct) =>
            {
                var file = await handler.RenderAsync(id, ct);
                return TypedResults.File(file.Pdf, "application/pdf", file.FileName);
            })
            .WithSummary("The admission ticket (准考证) PDF, for the candidate and the session's center staff")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
