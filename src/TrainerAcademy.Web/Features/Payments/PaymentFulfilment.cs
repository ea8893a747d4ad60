using Microsoft.EntityFrameworkCore;
using Stripe;
using Stripe.Checkout;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Enrollment;

namespace TrainerAcademy.Features.Payments;

/// <summary>
/// Applies Stripe's events to payments and places, each event once (its id is stored in the same transaction as
/// its effects), in any order. A payment that arrives after its hold expired takes a free seat again, or is refunded.
/// </summary>
public sealed class PaymentFulfilment(AcademyDbContext db, SeatLedger seats, TimeProvider clock, EnrollmentNotifier notifier,
    PaymentRefunds refunds, ILogger<PaymentFulfilment> log)
{
    public static readonly string[] HandledTypes =
    [
        "checkout.session.completed", "checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed",
        "checkout.session.expired", "charge.refunded",
    ];

    /// <summary>Returns false when the event had been applied before.</summary>
    public async Task<bool> ApplyAsync(Event stripeEvent, CancellationToken ct)
    {
        var afterCommit = new List<Func<Task>>();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (await db.ProcessedStripeEvents.AnyAsync(e => e.EventId == stripeEvent.Id, ct)) return false;
            switch (stripeEvent.Type)
            {
                case "checkout.session.completed" or "checkout.session.async_payment_succeeded" when stripeEvent.Data?.Object is Session:
                    var paid = StripeGateway.ReadCheckout(stripeEvent);
                    if (paid.PaymentStatus == "paid") await FulfilAsync(paid, afterCommit, ct);
                    break;
                case "checkout.session.async_payment_failed" when stripeEvent.Data?.Object is Session:
                    (await PaymentOfAsync(StripeGateway.ReadCheckout(stripeEvent), ct))?.MarkFailed();
                    break;
                case "checkout.session.expired" when stripeEvent.Data?.Object is Session:
                    (await PaymentOfAsync(StripeGateway.ReadCheckout(stripeEvent), ct))?.MarkExpired();
                    break;
                case "charge.refunded" when stripeEvent.Data?.Object is Charge:
                    var refund = StripeGateway.ReadChargeRefund(stripeEvent);
                    var payment = refund.PaymentIntentId is null ? null
                        : await db.Payments.SingleOrDefaultAsync(p => p.StripePaymentIntentId == refund.PaymentIntentId, ct);
                    payment?.RecordRefundedTotal(Math.Min(payment.Amount, refund.AmountRefunded));
                    break;
                case var type when HandledTypes.Contains(type):
                    // Signed, but not carrying the object its type promises: acknowledged (a 4xx would only bring retries) and left to staff.
                    log.LogWarning("Stripe event {Event} ({Type}) carries {Object}; nothing applied", stripeEvent.Id, type, stripeEvent.Data?.Object?.GetType().Name ?? "no object");
                    break;
            }
            db.ProcessedStripeEvents.Add(new ProcessedStripeEvent(stripeEvent.Id, stripeEvent.Type, clock.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException)
            {
                // A parallel delivery of the same event committed first; anything else is a real failure.
                await tx.RollbackAsync(CancellationToken.None);
                if (await IsProcessedElsewhereAsync(stripeEvent.Id)) return false;
                throw;
            }
        }
        foreach (var step in afterCommit) await step();
        return true;
    }

    private async Task FulfilAsync(CheckoutSessionFacts paid, List<Func<Task>> afterCommit, CancellationToken ct)
    {
        var payment = await PaymentOfAsync(paid, ct);
        if (payment is null)
        {
            // The session is ours (it names an enrollment) but its row was never stored: rebuild it from Stripe's facts.
            var lost = paid.EnrollmentId is { } id ? await db.Enrollments.SingleOrDefaultAsync(e => e.Id == id, ct) : null;
            if (lost is null)
            {
                log.LogWarning("Checkout Session {Session} names no known enrollment; left to staff", paid.SessionId);
                return;
            }
            payment = Payment.ForCheckout(lost, paid.SessionId, clock.GetUtcNow());
            db.Payments.Add(payment);
        }
        if (!payment.MarkSucceeded(paid.PaymentIntentId, clock.GetUtcNow())) return;

        var enrollment = await db.Enrollments.SingleAsync(e => e.Id == payment.EnrollmentId, ct);
        var now = clock.GetUtcNow();
        switch (enrollment.Status)
        {
            case EnrollmentStatus.PendingPayment:
                enrollment.Confirm(Funding.Online, now);
                afterCommit.Add(() => notifier.ConfirmedAsync(enrollment, CancellationToken.None));
                break;
            case EnrollmentStatus.Expired or EnrollmentStatus.Waitlisted when await seats.TryTakeAsync(enrollment.CohortId, ct):
                enrollment.ConfirmWithRetakenSeat(Funding.Online, now);
                afterCommit.Add(() => notifier.ConfirmedAsync(enrollment, CancellationToken.None));
                break;
            default:
                // Paid twice, paid for a cancelled place, or paid after the hold with no seat left: the money goes back.
                var amount = payment.Refundable;
                afterCommit.Add(() =>
                {
                    refunds.Request(payment, amount, "unfulfillable");
                    return Task.CompletedTask;
                });
                log.LogInformation("Payment {Payment} for {Status} enrollment {Enrollment} is refunded", payment.Id, enrollment.Status, enrollment.Id);
                break;
        }
    }

    private Task<Domain.Payment?> PaymentOfAsync(CheckoutSessionFacts session, CancellationToken ct) =>
        db.Payments.SingleOrDefaultAsync(p => p.StripeCheckoutSessionId == session.SessionId, ct);

    private async Task<bool> IsProcessedElsewhereAsync(string eventId)
    {
        db.ChangeTracker.Clear();
        return await db.ProcessedStripeEvents.AsNoTracking().AnyAsync(e => e.EventId == eventId);
    }
}
