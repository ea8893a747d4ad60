using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Domain.Subsidies;

namespace TrainerAcademy.Features.Subsidies;

/// <summary>Payment batches (/admin/subsidy/batches): batch the approved claims, export each for the bureau, mark it paid.</summary>
public sealed class BatchesModel(SubsidyBatches.Handler batches, SubsidyClaims.Handler claims) : PageModel
{
    public IReadOnlyList<SubsidyBatchView> Batches { get; private set; } = [];

    public IReadOnlyList<SubsidyApplicationView> Approved { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        await batches.CreateAsync(ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPaidAsync(int id, string? reference, CancellationToken ct)
    {
        await LoadAsync(ct);
        await batches.MarkPaidAsync(id, new SubsidyBatches.PaidCommand { Reference = reference }, ct);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Batches = await batches.ListAsync(ct);
        Approved = [.. (await claims.QueueAsync(SubsidyApplicationStatus.Approved, ct)).Where(c => c.BatchId is null)];
    }
}
