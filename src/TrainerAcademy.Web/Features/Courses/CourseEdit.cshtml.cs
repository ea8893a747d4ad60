using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Catalog;
using TrainerAcademy.Features.Courses;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Courses;

/// <summary>Creates a course (/staff/courses/new) or edits one (/staff/courses/{id}/edit).</summary>
public sealed class CourseEditModel(
    SaveCourse.Handler courses, CatalogQueries.Handler catalog, CenterAccess access, IOptions<CatalogOptions> options,
    IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public SaveCourse.Command Input { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public int? Id { get; private set; }
    public IReadOnlyList<LevelSummary> Levels { get; private set; } = [];
    public IReadOnlyList<CenterSummary> Centers { get; private set; } = [];
    public bool IsAdmin => access.IsAdmin;
    public TheoryShareBand Band => options.Value.TheoryShare;

    /// <summary>The center of the course being edited (a course never moves to another center).</summary>
    public string? CenterName { get; private set; }

    public async Task OnGetAsync(int? id, CancellationToken ct)
    {
        Input = await LoadAsync(id, ct) ?? new SaveCourse.Command { Level = 5, CenterId = Centers.Count == 1 ? Centers[0].Id : null };
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (!ModelState.IsValid) return Page();
        if (id is { } existing)
        {
            await courses.UpdateAsync(existing, Input, ct);
            Notice = L["Saved the course {0}.", Input.Title.Trim()];
        }
        else
        {
            await courses.CreateAsync(Input, ct);
            Notice = L["Created the course {0}.", Input.Title.Trim()];
        }
        return Redirect("/staff/courses");
    }

    /// <summary>What the form shows around the inputs; on edit also the saved course, which is the tenancy check (another center's course is a 404).</summary>
    private async Task<SaveCourse.Command?> LoadAsync(int? id, CancellationToken ct)
    {
        Id = id;
        Levels = await catalog.LevelsAsync(ct);
        if (IsAdmin) Centers = await catalog.CentersAsync(ct);
        if (id is not { } existing) return null;
        var course = await courses.GetAsync(existing, ct);
        CenterName = Centers.FirstOrDefault(c => c.Id == course.CenterId)?.Name;
        return course;
    }
}
