using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Auth;
using TrainerAcademy.Features.ExamSessions;

namespace TrainerAcademy.Features.ExamSessions;

/// <summary>The caller's center's theory exam sessions; an admin sees every center's.</summary>
public sealed class ExamSessionsModel(ExamSessionQueries.Handler queries, CenterAccess access) : PageModel
{
    [TempData] public string? Notice { get; set; }

    public IReadOnlyList<ExamSessionSummary> Sessions { get; private set; } = [];
    public bool IsAdmin => access.IsAdmin;

    public async Task OnGetAsync(CancellationToken ct) => Sessions = await queries.ManagedAsync(ct);
}
