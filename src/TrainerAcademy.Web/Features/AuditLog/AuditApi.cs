using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.AuditLog;

public static class AuditApi
{
    public static void MapAuditApi(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit log").RequireAuthorization(Policies.Admin);
        audit.MapGet("", ([AsParameters] AuditSearch.Query query, AuditSearch.Handler h, CancellationToken ct) => h.PageAsync(query, ct))
            .WithSummary("The audit log, newest first: actor (e-mail, account id or the name typed at a failed sign-in), action, from/to (Beijing dates), targetType and targetId; page and pageSize (at most 200)")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        audit.MapGet("/export", async (string? format, [AsParameters] AuditSearch.Query query, AuditSearch.Handler h, CancellationToken ct) =>
                format?.ToLowerInvariant() switch
                {
                    null or "" or "xlsx" => Results.File(await h.XlsxAsync(query, ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "audit-log.xlsx"),
                    "csv" => Results.File(await h.CsvAsync(query, ct), "text/csv; charset=utf-8", "audit-log.csv"),
                    _ => TypedResults.Problem(title: "Unknown format", detail: "format is xlsx or csv.", statusCode: StatusCodes.Status400BadRequest),
                })
            .WithSummary("The filtered audit log as Excel (format=xlsx, the default) or CSV (format=csv), at most 100,000 lines, newest first")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
