using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.Reports;

/// <summary>The dashboard's figures as JSON and its tables as files: admins for any center, staff for their own (another center is 404).</summary>
public static class ReportsApi
{
    public static void MapReportsApi(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Policies.Staff);
        reports.MapGet("/funnel", async ([AsParameters] ReportQuery query, ReportScope scope, ReportDashboard dashboard, CancellationToken ct) =>
                await dashboard.FunnelAsync(await scope.ResolveAsync(query, ct), ct))
            .WithSummary("Enrolled → training complete → assessed → passed → certified: by month of confirmation (Beijing time), in total and by cohort; from/to (Beijing dates, 12 months by default, at most 36), centerId (admins), level, cohortId")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        reports.MapGet("/results", async ([AsParameters] ReportQuery query, ReportScope scope, ReportDashboard dashboard, CancellationToken ct) =>
                await dashboard.ResultsAsync(await scope.ResolveAsync(query, ct), ct))
            .WithSummary("Pass rates of released, decided results: by month of release, level, center, work function (theory papers) and cohort; the same filters")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        reports.MapGet("/money", async ([AsParameters] ReportQuery query, ReportScope scope, ReportDashboard dashboard, CancellationToken ct) =>
                await dashboard.MoneyAsync(await scope.ResolveAsync(query, ct), ct))
            .WithSummary("Revenue and refunds (CNY) by month of payment (Beijing time), in total and by center; the same filters")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        reports.MapGet("/tables/{table}", async (string table, string? format, [AsParameters] ReportQuery query, ReportTables.Handler h, CancellationToken ct) =>
            {
                var data = await h.TableAsync(table, query, ct);
                return format?.ToLowerInvariant() switch
                {
                    null or "" or "xlsx" => Results.File(ReportTables.Xlsx(data), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", table + ".xlsx"),
                    "csv" => Results.File(ReportTables.Csv(data), "text/csv; charset=utf-8", table + ".csv"),
                    _ => TypedResults.Problem(title: "Unknown format", detail: "format is xlsx or csv.", statusCode: StatusCodes.Status400BadRequest),
                };
            })
            .WithSummary("A table of the dashboard as Excel (format=xlsx, the default) or CSV (format=csv): funnel-months, funnel-cohorts, results-months, results-levels, results-centers, results-work-functions, results-cohorts, money-months, money-centers; the same filters")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
