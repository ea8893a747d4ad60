using System.ComponentModel.DataAnnotations;
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
    [BindProperty] public InputModel Input { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public int? Id { get; private set; }
    public IReadOnlyList<LevelSummary> Levels { get; private set; } = [];
    public IReadOnlyList<CenterSummary> Centers { get; private set; } = [];
    public bool IsAdmin => access.IsAdmin;
    public TheoryShareBand Band => options.Value.TheoryShare;

    /// <summary>The center of the course being edited (a course never moves to another center).</summary>
    public string? CenterName { get; private set; }

    public sealed class InputModel
    {
        public int? CenterId { get; set; }

        [Required(ErrorMessage = "Choose the level."), Range(1, 5, ErrorMessage = "Choose the level.")]
        public int? Level { get; set; }

        [Required(ErrorMessage = "Enter the course title."), StringLength(120, ErrorMessage = "The title is at most 120 characters.")]
        public string Title { get; set; } = "";

        [Required(ErrorMessage = "Enter the theory hours."), Range(1, 1000, ErrorMessage = "Hours are a whole number from 1 to 1000.")]
        public int? TheoryHours { get; set; }

        [Required(ErrorMessage = "Enter the practice hours."), Range(1, 1000, ErrorMessage = "Hours are a whole number from 1 to 1000.")]
        public int? PracticeHours { get; set; }

        [Required(ErrorMessage = "Enter the fee."), Range(0d, 1_000_000d, ErrorMessage = "The fee is 0 to 1,000,000 yuan.")]
        public decimal? Fee { get; set; }

        [StringLength(4000, ErrorMessage = "The description is at most 4000 characters.")]
        public string? Description { get; set; }

        public SaveCourse.Command ToCommand() => new()
        {
            CenterId = CenterId, Level = Level ?? 0, Title = Title, TheoryHours = TheoryHours ?? 0, PracticeHours = PracticeHours ?? 0,
            Fee = Fee ?? 0, Description = Description,
        };
    }

    public async Task OnGetAsync(int? id, CancellationToken ct)
    {
        var c = await LoadAsync(id, ct);
        if (c is not null)
        {
            Input = new InputModel
            {
                CenterId = c.CenterId, Level = c.Level, Title = c.Title, TheoryHours = c.TheoryHours, PracticeHours = c.PracticeHours,
                Fee = c.Fee, Description = c.Description,
            };
        }
        else
        {
            Input = new InputModel { Level = 5, CenterId = Centers.Count == 1 ? Centers[0].Id : null };
        }
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (!ModelState.IsValid) return Page();
        if (id is { } existing)
        {
            await courses.UpdateAsync(existing, Input.ToCommand(), ct);
            Notice = L["Saved the course {0}.", Input.Title.Trim()];
        }
        else
        {
            await courses.CreateAsync(Input.ToCommand(), ct);
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
