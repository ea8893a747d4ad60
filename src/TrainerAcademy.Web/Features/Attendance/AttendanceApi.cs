using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.Attendance;

public static class AttendanceApi
{
    public static void MapAttendanceApi(this RouteGroupBuilder api)
    {
        var tags = new[] { "Attendance" };

        api.MapGet("/sessions/{id:int}/attendance", (int id, TakeAttendance.Handler h, CancellationToken ct) => h.RosterAsync(id, ct))
            .RequireAuthorization(Policies.Staff).WithTags(tags)
            .WithSummary("A session's roster: the cohort's confirmed learners and their marks (staff of its center)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/sessions/{id:int}/attendance", (int id, TakeAttendance.Command body, TakeAttendance.Handler h, CancellationToken ct) => h.SaveAsync(id, body, ct))
            .RequireAuthorization(Policies.Staff).WithTags(tags)
            .WithSummary("Take marks, all or nothing: body { marks: [ { enrollmentId, status: present|late|leftEarly|absent|excused, minutesMissed } ] }; 422 naming the first bad mark, or for a cancelled or not yet started session")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/sessions/{id:int}/check-in-code", (int id, CheckIn.Handler h, CancellationToken ct) => h.CodeAsync(id, ct))
            .RequireAuthorization(Policies.Staff).WithTags(tags)
            .WithSummary("The classroom screen's current check-in code, its address and QR code (SVG); it turns every 30 seconds")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/sessions/{id:int}/check-in", (int id, CheckIn.Body body, CheckIn.Handler h, CancellationToken ct) => h.CheckInAsync(id, body.Code, ct))
            .RequireAuthorization().WithTags(tags)
            .WithSummary("Check in with the code of the classroom screen; idempotent (a second call answers the stored mark); 422 when not in the class, too early, over, cancelled or the code expired")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/enrollments/{id:int}/attendance", (int id, EnrollmentAttendance.Handler h, CancellationToken ct) => h.GetAsync(id, ct))
            .RequireAuthorization().WithTags(tags)
            .WithSummary("A place's sessions with their marks and its theory and practice hours against the course's (its learner or the center's staff)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/cohorts/{id:int}/attendance.xlsx", async (int id, AttendanceExport.Handler h, CancellationToken ct) =>
                Results.File(await h.XlsxAsync(id, ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"attendance-cohort-{id}.xlsx"))
            .RequireAuthorization(Policies.Staff).WithTags(tags)
            .WithSummary("A cohort's attendance as Excel: a row per learner, a column per session, theory and practice hours, complete or not")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/cohorts/{id:int}/attendance.csv", async (int id, AttendanceExport.Handler h, CancellationToken ct) =>
                Results.File(await h.CsvAsync(id, ct), "text/csv; charset=utf-8", $"attendance-cohort-{id}.csv"))
            .RequireAuthorization(Policies.Staff).WithTags(tags)
            .WithSummary("The same as CSV (UTF-8 with a byte order mark)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
