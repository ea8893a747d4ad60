using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Domain.Subsidies;

namespace TrainerAcademy.Features.Subsidies;

/// <summary>The review queue (/admin/subsidy/applications): claims awaiting a decision, or of the status chosen, oldest first.</summary>
public sealed class ReviewModel(SubsidyClaims.Handler claims) : PageModel
{
    public SubsidyApplicationStatus? Status { get; private set; }

    public IReadOnlyList<SubsidyApplicationView> Claims { get; private set; } = [];

    public async Task OnGetAsync(SubsidyApplicationStatus? status, CancellationToken ct)
    {
        Status = status;
        Claims = await claims.QueueAsync(status, ct);
    }
}
