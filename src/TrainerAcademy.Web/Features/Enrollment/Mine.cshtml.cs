using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.Enrollment;

/// <summary>The signed-in learner's places, newest first, each with what to do next.</summary>
public sealed class MineModel(EnrollmentQueries.Handler enrollments) : PageModel
{
    public IReadOnlyList<EnrollmentView> Places { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Places = await enrollments.MineAsync(ct);
}
