using Microsoft.AspNetCore.Http.HttpResults;
using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.Enrollments;

public static class EnrollmentApi
{
    public static void MapEnrollmentApi(this RouteGroupBuilder api)
    {
        var tags = new[] { "Enrollment" };

        api.MapPost("/cohorts/{id:int}/enrollments", async Task<Created<EnrollmentResult>> (int id, Enroll.Command? command, Enroll.Handler h, CancellationToken ct) =>
            {
                var result = await h.EnrollAsync(id, command ?? new Enroll.Command(), ct);
                return TypedResults.Created($"/api/enrollments/{result.Id}", result);
            })
            .RequireAuthorization(Policies.Learner).WithTags(tags)
            .WithSummary("Take a seat (held as PendingPayment until paid; Confirmed when free) or join the waitlist; 409 when full or already enrolled")
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/enrollments/{id:int}", (int id, EnrollmentQueries.Handler h, CancellationToken ct) => h.GetAsync(id, ct))
            .RequireAuthorization().WithTags(tags).WithSummary("One place: its learner or the center's staff")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/enrollments/{id:int}", (int id, CancelEnrollment.Handler h, CancellationToken ct) => h.CancelAsync(id, ct))
            .RequireAuthorization().WithTags(tags)
            .WithSummary("Cancel a place: frees the seat for the waitlist and refunds according to the center's policy")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/me/enrollments", (EnrollmentQueries.Handler h, CancellationToken ct) => h.MineAsync(ct))
            .RequireAuthorization().WithTags(tags).WithSummary("The signed-in learner's places");

        api.MapGet("/cohorts/{id:int}/roster", (int id, EnrollmentQueries.Handler h, CancellationToken ct) => h.RosterAsync(id, ct))
            .RequireAuthorization(Policies.Staff).WithTags(tags).WithSummary("A cohort's roster with payment status (staff of its center)");
    }
}
