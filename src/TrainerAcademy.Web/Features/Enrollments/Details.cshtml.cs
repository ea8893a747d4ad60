using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Payments;

namespace TrainerAcademy.Features.Enrollments;

/// <summary>
/// One place, for its learner (or the center's staff): its status and the next step. Coming back from Stripe
/// (?paid=1) only shows the status and looks again every few seconds: the webhook confirms the place, never this page.
/// </summary>
public sealed class DetailsModel(
    EnrollmentQueries.Handler enrollments, Checkout.Handler checkout, CancelEnrollment.Handler cancel, StripeGateway stripe, TimeProvider clock,
    IStringLocalizer<SharedResource> L) : PageModel
{
    public const int RefreshSeconds = 3;

    [TempData] public string? Notice { get; set; }

    public EnrollmentView Place { get; private set; } = null!;

    /// <summary>The learner came back from Stripe's success page.</summary>
    public bool BackFromCheckout { get; private set; }

    public bool OnlinePaymentReady => stripe.IsConfigured;

    /// <summary>Learners reach only their own places, so a learner here is the place's owner; staff read it from the roster.</summary>
    public bool IsOwner => User.IsInRole(Roles.Learner);

    /// <summary>Whole seconds of the hold left by the server's clock; the page's script counts them down.</summary>
    public int HoldSecondsLeft { get; private set; }

    /// <summary>Paid on Stripe, not yet confirmed by the webhook (a late payment can still take back an expired seat).</summary>
    public bool WaitingForConfirmation =>
        BackFromCheckout && Place.Status is EnrollmentStatus.PendingPayment or EnrollmentStatus.Expired;

    public async Task OnGetAsync(int id, string? paid, CancellationToken ct)
    {
        BackFromCheckout = paid is "1" or "true";
        await LoadAsync(id, ct);
    }

    public async Task<IActionResult> OnPostPayAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        var started = await checkout.StartAsync(id, ct);
        return Redirect(started.CheckoutUrl);
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        var result = await cancel.CancelAsync(id, ct);
        var refund = EnrollmentDisplay.Yuan(result.RefundDue);
        Notice = (IsOwner, result.RefundDue.Amount > 0) switch
        {
            (true, true) => L["Your place is cancelled. {0} will be refunded to how you paid.", refund],
            (true, false) => L["Your place is cancelled."],
            (false, true) => L["The place is cancelled. Refund due: {0}.", refund],
            (false, false) => L["The place is cancelled. Nothing is to be refunded."],
        };
        return Redirect($"/enrollments/{id}");
    }

    // Loaded before a command too, so a refused one shows this page again with the reason.
    private async Task LoadAsync(int id, CancellationToken ct)
    {
        Place = await enrollments.GetAsync(id, ct);
        if (Place is { Status: EnrollmentStatus.PendingPayment, HoldExpiresAt: { } holdEnds })
            HoldSecondsLeft = (int)Math.Max(0, Math.Floor((holdEnds - clock.GetUtcNow()).TotalSeconds));
    }
}
