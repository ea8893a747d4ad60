using Microsoft.AspNetCore.Http.HttpResults;
using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.Catalog;

public static class CatalogApi
{
    public static void MapCatalogApi(this RouteGroupBuilder api)
    {
        var catalog = api.MapGroup("").WithTags("Catalog").AllowAnonymous();

        catalog.MapGet("/courses", (int? level, int? centerId, CatalogQueries.Handler q, CancellationToken ct) =>
                q.CoursesAsync(new(level, centerId), ct))
            .WithSummary("Courses with level, theory and practice hours, fee");

        catalog.MapGet("/courses/{id:int}", async Task<Results<Ok<CourseSummary>, NotFound>> (int id, CatalogQueries.Handler q, CancellationToken ct) =>
                await q.CourseAsync(id, ct) is { } c ? TypedResults.Ok(c) : TypedResults.NotFound())
            .WithSummary("One course");

        catalog.MapGet("/cohorts", (int? courseId, int? level, int? centerId, DateOnly? from, CatalogQueries.Handler q, CancellationToken ct) =>
                q.CohortsAsync(new(courseId, level, centerId, from), ct))
            .WithSummary("Open and running cohorts with start date, weekend pattern, capacity and seats left");

        catalog.MapGet("/cohorts/{id:int}", async Task<Results<Ok<CohortSummary>, NotFound>> (int id, CurrentUser user, CatalogQueries.Handler q, CancellationToken ct) =>
            {
                // Staff see their own center's drafts and cancelled cohorts too; everyone else only the public ones.
                var cohort = await q.CohortAsync(id, includeUnlisted: true, ct);
                if (cohort is null) return TypedResults.NotFound();
                var listed = CatalogQueries.PublicStatuses.Contains(cohort.Status);
                return listed || user.CanManage(cohort.CenterId) ? TypedResults.Ok(cohort) : TypedResults.NotFound();
            })
            .WithSummary("One cohort");

        catalog.MapGet("/centers", (CatalogQueries.Handler q, CancellationToken ct) => q.CentersAsync(ct))
            .WithSummary("Training centers");

        catalog.MapGet("/levels", (CatalogQueries.Handler q, CancellationToken ct) => q.LevelsAsync(ct))
            .WithSummary("The five levels of the occupational standard with their reference training hours");
    }
}
