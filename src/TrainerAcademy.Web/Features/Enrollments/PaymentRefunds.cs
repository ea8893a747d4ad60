using Hangfire;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Payments;

namespace TrainerAcademy.Features.Enrollments;

/// <summary>
/// Sends money back. A refund of a card or wallet payment is first an <see cref="OwedRefund"/> row, added in the
/// transaction that decided it; after the commit a job issues it through Stripe (the fast path), and a recurring sweep
/// issues any that the job never reached. Offline payments are refunded by the center's own bank transfer, so the
/// amount due is only reported.
/// </summary>
[FeatureService]
public sealed class PaymentRefunds(AcademyDbContext db, IBackgroundJobClient jobs, TimeProvider clock, ILogger<PaymentRefunds> log)
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

    /// <summary>
    /// Adds the refund owed to the caller's unit of work (saved with it, or not at all); null for an offline payment or
    /// when nothing is left to return once earlier refunds still owed are through. At most what is left is owed.
    /// </summary>
    public async Task<OwedRefund?> OweAsync(Payment payment, decimal amount, string reason, CancellationToken ct)
    {
        if (payment.Method != PaymentMethod.Stripe || amount <= 0) return null;
        var alreadyOwed = await db.OwedRefunds
            .Where(r => r.PaymentId == payment.Id && r.Status == OwedRefundStatus.Owed)
            .Select(r => r.Amount).ToListAsync(ct);
        var left = payment.Refundable - alreadyOwed.Sum();
        if (left <= 0) return null;
        var owed = OwedRefund.For(payment, Math.Min(amount, left), alreadyOwed.Sum(), reason, clock.GetUtcNow());
        db.OwedRefunds.Add(owed);
        return owed;
    }

    /// <summary>After the commit: the fast path. If this enqueue is lost, the sweep issues the refund from its row.</summary>
    public void Issue(IEnumerable<OwedRefund> owed)
    {
        foreach (var refund in owed)
        {
            try
            {
                jobs.Enqueue<PaymentRefundJob>(j => j.IssueAsync(refund.Id, CancellationToken.None));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "The refund job of owed refund {Refund} was not queued; the sweep issues it", refund.Id);
            }
        }
    }
}

/// <summary>Issues owed refunds through Stripe; re-entrant, and one idempotency key per owed refund so a retry never refunds twice.</summary>
public sealed class PaymentRefundJob(AcademyDbContext db, StripeGateway stripe, EnrollmentNotifier notifier, TimeProvider clock,
    ILogger<PaymentRefundJob> log)
{
    public const string SweepId = "refund-sweep";

    /// <summary>The sweep leaves a refund this young to its own job, which is normally already on its way.</summary>
    public static readonly TimeSpan SweepGrace = TimeSpan.FromMinutes(5);

    [AutomaticRetry(Attempts = 10)]
    public async Task<bool> IssueAsync(int owedRefundId, CancellationToken ct)
    {
        var owed = await db.OwedRefunds.SingleOrDefaultAsync(r => r.Id == owedRefundId, ct);
        if (owed is not { Status: OwedRefundStatus.Owed }) return false;
        var payment = await db.Payments.SingleAsync(p => p.Id == owed.PaymentId, ct);
        var enrollment = await db.Enrollments.SingleAsync(e => e.Id == owed.EnrollmentId, ct);
        if (payment.StripePaymentIntentId is null)
        {
            log.LogError("Owed refund {Refund}: payment {Payment} has no PaymentIntent; left to staff", owed.Id, payment.Id);
            return false;
        }
        RefundResult refund;
        try
        {
            refund = await stripe.RefundAsync(payment.StripePaymentIntentId, owed.Amount, owed.IdempotencyKey, ct);
        }
        catch (Stripe.StripeException e) when (e.StripeError?.Code is "charge_already_refunded" or "amount_too_large")
        {
            // Someone refunded the charge in the dashboard first: the money is back already, and Stripe's charge.refunded
            // event records it on the payment.
            log.LogWarning("Owed refund {Refund}: Stripe has nothing left to refund on {Intent}", owed.Id, payment.StripePaymentIntentId);
            owed.MarkNotNeeded(clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return false;
        }
        owed.MarkIssued(refund.RefundId, clock.GetUtcNow());
        // Not RefundedAmount + amount: Stripe's charge.refunded event may have recorded this refund already. The total
        // this refund brings the payment to is the same every time.
        payment.RecordRefundedTotal(Math.Min(payment.Amount, owed.RefundedTotal));
        // Saved with the row's new status in one SaveChanges (the row's revision refuses a parallel issuer's save), so
        // the learner is told once.
        await notifier.RefundedAsync(enrollment, owed.Amount, refund.RefundId, ct);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Recurring: issues the refunds owed whose job was lost (a crash after the commit, a failed enqueue, retries used up).</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        if (!stripe.IsConfigured) return 0;
        var before = clock.GetUtcNow() - SweepGrace;
        var due = await db.OwedRefunds.AsNoTracking()
            .Where(r => r.Status == OwedRefundStatus.Owed && r.CreatedAt <= before)
            .OrderBy(r => r.Id).Select(r => r.Id).Take(200).ToListAsync(ct);
        var issued = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            try
            {
                if (await IssueAsync(id, ct)) issued++;
            }
            catch (Exception e) when (e is Stripe.StripeException or DbUpdateConcurrencyException)
            {
                // Stripe unavailable, or the refund's own job settled it meanwhile: the next sweep looks again.
                log.LogWarning(e, "Owed refund {Refund} was not issued by the sweep", id);
            }
        }
        if (issued > 0) log.LogWarning("The refund sweep issued {Count} refunds whose job had been lost", issued);
        return issued;
    }

    /// <summary>Jobs queued before refunds were stored as rows carry their arguments; they finish under their own key.</summary>
    [AutomaticRetry(Attempts = 10)]
    public async Task RunAsync(int paymentId, decimal amount, decimal refundedTotal, string idempotencyKey, CancellationToken ct)
    {
        var payment = await db.Payments.SingleAsync(p => p.Id == paymentId, ct);
        if (payment.StripePaymentIntentId is null || amount <= 0) return;
        var refund = await stripe.RefundAsync(payment.StripePaymentIntentId, amount, idempotencyKey, ct);
        payment.RecordRefundedTotal(Math.Min(payment.Amount, refundedTotal));
        var enrollment = await db.Enrollments.SingleAsync(e => e.Id == payment.EnrollmentId, ct);
        await notifier.RefundedAsync(enrollment, amount, refund.RefundId, ct);
        await db.SaveChangesAsync(ct);
    }
}
