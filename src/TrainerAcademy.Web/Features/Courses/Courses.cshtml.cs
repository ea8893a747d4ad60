using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Auth;
using TrainerAcademy.Features.Catalog;

namespace TrainerAcademy.Features.Courses;

/// <summary>The caller's center's courses; an admin sees every center's.</summary>
public sealed class CoursesModel(CatalogQueries.Handler catalog, CenterAccess access) : PageModel
{
    [TempData] public string? Notice { get; set; }

    public IReadOnlyList<CourseSummary> Courses { get; private set; } = [];
    public bool IsAdmin => access.IsAdmin;

    public async Task OnGetAsync(CancellationToken ct) =>
        Courses = await catalog.CoursesAsync(new(CenterId: access.ScopeCenterId), ct);
}
