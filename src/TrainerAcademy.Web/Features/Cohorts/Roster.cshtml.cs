using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Catalog;
using TrainerAcademy.Features.Enrollments;
using TrainerAcademy.Features.Payments;

namespace TrainerAcademy.Features.Cohorts;

/// <summary>
/// A cohort's learners with their payment status (staff of the cohort's center; another center's cohort is a 404).
/// Staff record money received outside Stripe, which confirms the place, and cancel places.
/// </summary>
public sealed class RosterModel(
    EnrollmentQueries.Handler enrollments, CatalogQueries.Handler catalog, RecordOfflinePayment.Handler offlinePayments,
    CancelEnrollment.Handler cancel, IStringLocalizer<SharedResource> L) : PageModel
{
    public RecordOfflinePayment.Command OfflinePayment { get; set; } = new();

    /// <summary>The learner whose offline payment was refused, so the roster shows the form again on that row.</summary>
    public int? OfflinePaymentEnrollmentId { get; private set; }

    [TempData] public string? Notice { get; set; }

    public CohortSummary Cohort { get; private set; } = null!;
    public IReadOnlyList<RosterEntry> Learners { get; private set; } = [];

    public int Count(EnrollmentStatus status) => Learners.Count(l => l.Status == status);

    public async Task OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostOfflinePaymentAsync(
        int id, [FromForm(Name = "OfflinePayment.EnrollmentId")] int enrollmentId,
        [Bind(Prefix = nameof(OfflinePayment))] RecordOfflinePayment.Command offlinePayment, CancellationToken ct)
    {
        OfflinePayment = offlinePayment;
        OfflinePaymentEnrollmentId = enrollmentId;
        await LoadAsync(id, ct);
        if (Learners.FirstOrDefault(l => l.EnrollmentId == enrollmentId) is not { } learner) return NotFound();
        if (!ModelState.IsValid) return Page();
        await offlinePayments.RecordAsync(learner.EnrollmentId, offlinePayment, ct);
        Notice = L["Recorded {0} from {1}; the place is confirmed.", EnrollmentDisplay.Yuan(Money.Cny(offlinePayment.Amount)), NameOf(learner)];
        return Back(id);
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, int enrollmentId, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (Learners.FirstOrDefault(l => l.EnrollmentId == enrollmentId) is not { } learner) return NotFound();
        var result = await cancel.CancelAsync(enrollmentId, ct);
        Notice = result.RefundDue.Amount > 0
            ? L["The place of {0} is cancelled. Refund due: {1}.", NameOf(learner), EnrollmentDisplay.Yuan(result.RefundDue)]
            : L["The place of {0} is cancelled. Nothing is to be refunded.", NameOf(learner)];
        return Back(id);
    }

    public static string NameOf(RosterEntry learner) => learner.Name ?? learner.Email;

    private RedirectResult Back(int id) => Redirect($"/staff/cohorts/{id}/roster");

    // Loaded before a command too, so a refused payment or cancellation shows the roster again with the reason.
    private async Task LoadAsync(int id, CancellationToken ct)
    {
        // The roster query checks the center first: another center's cohort is a 404 before anything of it is read.
        Learners = await enrollments.RosterAsync(id, ct);
        Cohort = await catalog.CohortAsync(id, includeUnlisted: true, ct) ?? throw new NotFoundException();
    }
}
