using Microsoft.AspNetCore.Http.HttpResults;
using TrainerAcademy.Auth;
using TrainerAcademy.Features.Catalog;

namespace TrainerAcademy.Features.Courses;

public static class CoursesApi
{
    public static void MapCoursesApi(this RouteGroupBuilder api)
    {
        var courses = api.MapGroup("/courses").WithTags("Courses").RequireAuthorization(Policies.Staff);

        courses.MapPost("", async Task<Created<CourseSummary>> (SaveCourse.Command command, SaveCourse.Handler handler, CatalogQueries.Handler q, CancellationToken ct) =>
            {
                var id = await handler.CreateAsync(command, ct);
                return TypedResults.Created($"/api/courses/{id}", await q.CourseAsync(id, ct));
            })
            .WithSummary("Create a course (center staff: own center; admin: any)")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        courses.MapPut("/{id:int}", async Task<Ok<CourseSummary>> (int id, SaveCourse.Command command, SaveCourse.Handler handler, CatalogQueries.Handler q, CancellationToken ct) =>
            {
                await handler.UpdateAsync(id, command, ct);
                return TypedResults.Ok((await q.CourseAsync(id, ct))!);
            })
            .WithSummary("Edit a course")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
