using Hangfire;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Payments;

namespace TrainerAcademy.Features.Enrollment;

/// <summary>
/// Sends money back. Card and wallet payments are refunded through Stripe's Refund API by a job with retries;
/// offline payments are refunded by the center's own bank transfer, so the amount due is only reported.
/// </summary>
public sealed class PaymentRefunds(IBackgroundJobClient jobs)
{
    /// <summary>Spreads a refund over the payments, newest first, never more than each one's refundable rest.</summary>
    public static IReadOnlyList<(Payment Payment, decimal Amount)> Split(IEnumerable<Payment> payments, decimal refund)
    {
        var parts = new List<(Payment, decimal)>();
        foreach (var p in payments.OrderByDescending(p => p.PaidAt).ThenByDescending(p => p.Id))
        {
            if (refund <= 0) break;
            var part = Math.Min(refund, p.Refundable);
            if (part > 0) parts.Add((p, part));
            refund -= part;
        }
        return parts;
    }

    public void Request(Payment payment, decimal amount, string reason)
    {
        if (payment.Method == PaymentMethod.Stripe && amount > 0)
        {
            // The total refunded once this refund is through: what the job records, however often it runs.
            var refundedTotal = Math.Min(payment.Amount, payment.RefundedAmount + amount);
            jobs.Enqueue<PaymentRefundJob>(j => j.RunAsync(payment.Id, amount, refundedTotal, $"{reason}-{payment.Id}", CancellationToken.None));
        }
    }
}

/// <summary>One Stripe refund; the idempotency key makes a retried job refund once.</summary>
public sealed class PaymentRefundJob(AcademyDbContext db, StripeGateway stripe, EnrollmentNotifier notifier)
{
    // refundedTotal: the payment's refunded total once this refund is through (as Stripe's running total will say).
    [AutomaticRetry(Attempts = 10)]
    public async Task RunAsync(int paymentId, decimal amount, decimal refundedTotal, string idempotencyKey, CancellationToken ct)
    {
        var payment = await db.Payments.SingleAsync(p => p.Id == paymentId, ct);
        if (payment.StripePaymentIntentId is null || amount <= 0) return;
        var refund = await stripe.RefundAsync(payment.StripePaymentIntentId, amount, idempotencyKey, ct);
        // Not RefundedAmount + amount: Stripe's charge.refunded event may have recorded this refund already, and a retry
        // replays the same refund under the same key. The total it brings the payment to is the same every time.
        payment.RecordRefundedTotal(Math.Min(payment.Amount, refundedTotal));
        var enrollment = await db.Enrollments.SingleAsync(e => e.Id == payment.EnrollmentId, ct);
        // Saved with the total in one SaveChanges: a retry only follows an attempt whose e-mail was not stored.
        await notifier.RefundedAsync(enrollment, amount, refund.RefundId, ct);
        await db.SaveChangesAsync(ct);
    }
}
