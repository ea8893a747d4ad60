using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.Certificates;

/// <summary>The learner's certificates (/certificates): each with its PDF, its verification link and its status.</summary>
public sealed class MineModel(CertificateQueries queries) : PageModel
{
    public IReadOnlyList<CertificateView> Certificates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Certificates = await queries.MineAsync(ct);
}
