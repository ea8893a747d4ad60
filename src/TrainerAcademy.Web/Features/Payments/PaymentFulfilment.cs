using Microsoft.EntityFrameworkCore;
using Stripe;
using Stripe.Checkout;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Enrollments;

namespace TrainerAcademy.Features.Payments;

/// <summary>
/// Applies Stripe's events to payments and places, each event once (its id is stored in the same transaction as
/// its effects), in any order. A payment that arrives after its hold expired takes a free seat again, or is refunded;
/// a payment of another amount or currency than the place costs confirms nothing and is refunded. A refund or dispute
/// that arrives before its payment is kept and applied with the payment. Once all the money of a place is refunded
/// (in the dashboard too) or a dispute of it is lost, the place is cancelled and its seat freed.
/// </summary>
[FeatureService]
public sealed class PaymentFulfilment(AcademyDbContext db, SeatLedger seats, TimeProvider clock, EnrollmentNotifier notifier,
    PaymentRefunds refunds, EnrollmentHoldJob holds, ILogger<PaymentFulfilment> log)
{
    public static readonly string[] HandledTypes =
    [
        "checkout.session.completed", "checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed",
        "checkout.session.expired", "charge.refunded", "charge.dispute.created", "charge.dispute.closed",
    ];

    /// <summary>Returns false when the event had been applied before.</summary>
    public async Task<bool> ApplyAsync(Event stripeEvent, CancellationToken ct)
    {
        try
        {
            return await ApplyOnceAsync(stripeEvent, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another event moved the same place or payment first (two sessions paid at once): apply this one again on the
            // rows as they are now, rather than leave it to Stripe's retry hours later or to the next reconciliation run.
            // ApplyOnceAsync left the tracker clear.
            return await ApplyOnceAsync(stripeEvent, ct);
        }
    }

    private async Task<bool> ApplyOnceAsync(Event stripeEvent, CancellationToken ct)
    {
        var after = new AfterCommit();
        try
        {
            var applied = await db.InTransactionAsync(async token =>
            {
                after.Clear();
                if (await db.ProcessedStripeEvents.AnyAsync(e => e.EventId == stripeEvent.Id, token)) return false;
                db.ProcessedStripeEvents.Add(await ApplyEventAsync(stripeEvent, after, token));
                await db.SaveChangesAsync(token);
                return true;
            }, ct);
            if (!applied) return false;
        }
        catch (DbUpdateException)
        {
            // A parallel delivery of the same event committed first; anything else is a real failure.
            if (await IsProcessedElsewhereAsync(stripeEvent.Id)) return false;
            throw;
        }
        refunds.Issue(after.Refunds);
        foreach (var step in after.Steps) await step();
        return true;
    }

    /// <summary>Applies one event inside the caller's transaction and returns the record that marks it handled.</summary>
    private async Task<ProcessedStripeEvent> ApplyEventAsync(Event stripeEvent, AfterCommit after, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        switch (stripeEvent.Type)
        {
            case "checkout.session.completed" or "checkout.session.async_payment_succeeded" when stripeEvent.Data?.Object is Session:
                var paid = StripeGateway.ReadCheckout(stripeEvent);
                if (paid.PaymentStatus == "paid") await FulfilAsync(paid, after, ct);
                break;
            case "checkout.session.async_payment_failed" when stripeEvent.Data?.Object is Session:
                (await PaymentOfAsync(StripeGateway.ReadCheckout(stripeEvent), ct))?.MarkFailed();
                break;
            case "checkout.session.expired" when stripeEvent.Data?.Object is Session:
                (await PaymentOfAsync(StripeGateway.ReadCheckout(stripeEvent), ct))?.MarkExpired();
                break;
            case "charge.refunded" when stripeEvent.Data?.Object is Charge:
                var refund = StripeGateway.ReadChargeRefund(stripeEvent);
                var refunded = await PaymentOfIntentAsync(refund.PaymentIntentId, ct);
                if (refunded is not null) await ApplyRefundAsync(refunded, refund, after, ct);
                else if (refund is { PaymentIntentId: { } intent, EnrollmentId: not null })
                    return Awaiting(stripeEvent, intent, now);
                break;
            case "charge.dispute.created" or "charge.dispute.closed" when stripeEvent.Data?.Object is Dispute:
                var dispute = StripeGateway.ReadDispute(stripeEvent);
                var disputed = await PaymentOfIntentAsync(dispute.PaymentIntentId, ct);
                if (disputed is not null) await ApplyDisputeAsync(disputed, dispute, stripeEvent.Type == "charge.dispute.closed", after, ct);
                else if (dispute.PaymentIntentId is { } intent)
                    return Awaiting(stripeEvent, intent, now);
                break;
            case var type when HandledTypes.Contains(type):
                // Signed, but not carrying the object its type promises: acknowledged (a 4xx would only bring retries) and left to staff.
                log.LogWarning("Stripe event {Event} ({Type}) carries {Object}; nothing applied", stripeEvent.Id, type, stripeEvent.Data?.Object?.GetType().Name ?? "no object");
                break;
        }
        return new ProcessedStripeEvent(stripeEvent.Id, stripeEvent.Type, now);
    }

    /// <summary>
    /// Stripe does not promise order: a refund or dispute can arrive before the payment it is about. It is taken in
    /// (so neither a retry nor reconciliation applies it twice) and kept until that payment is recorded.
    /// </summary>
    private ProcessedStripeEvent Awaiting(Event stripeEvent, string paymentIntentId, DateTimeOffset now)
    {
        log.LogWarning("Stripe event {Event} ({Type}) is about {Intent}, whose payment has not arrived; kept until it does",
            stripeEvent.Id, stripeEvent.Type, paymentIntentId);
        return ProcessedStripeEvent.Awaiting(stripeEvent.Id, stripeEvent.Type, now, paymentIntentId, stripeEvent.ToJson());
    }

    private async Task FulfilAsync(CheckoutSessionFacts paid, AfterCommit after, CancellationToken ct)
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
        var now = clock.GetUtcNow();
        var enrollment = await db.Enrollments.SingleAsync(e => e.Id == payment.EnrollmentId, ct);

        // A session names its place in metadata anyone with the API key can write: only the price of the place, in its
        // currency, buys it.
        if (paid.AmountTotal != payment.Amount || !string.Equals(paid.Currency, payment.Currency, StringComparison.OrdinalIgnoreCase))
        {
            var expected = $"{payment.Amount:0.00} {payment.Currency}";
            if (!payment.MarkMismatched(paid.PaymentIntentId, paid.AmountTotal ?? 0m, paid.Currency, now)) return;
            await db.SaveChangesAsync(ct);
            log.LogWarning("Checkout Session {Session} for enrollment {Enrollment} paid {Amount} {Currency}, not {Expected}; refunded, place unchanged",
                paid.SessionId, enrollment.Id, paid.AmountTotal, paid.Currency, expected);
            if (await refunds.OweAsync(payment, payment.Refundable, "amount-mismatch", ct) is { } owed) after.Refunds.Add(owed);
            await notifier.StaffAlertAsync(enrollment.CenterId, "付款金额不符 · Payment amount mismatch",
                $"报名 {enrollment.Id} 的 Stripe 付款为 {paid.AmountTotal:0.00} {paid.Currency?.ToUpperInvariant()}，应付 {expected}：名额未确认，款项全额退回。" +
                $" / Enrollment {enrollment.Id} was paid {paid.AmountTotal:0.00} {paid.Currency?.ToUpperInvariant()} through Stripe instead of {expected} " +
                $"(Checkout Session {paid.SessionId}): the place was not confirmed and the money is refunded in full.", ct);
            await ApplyAwaitingAsync(payment, after, ct);
            return;
        }

        if (!payment.MarkSucceeded(paid.PaymentIntentId, now)) return;
        switch (enrollment.Status)
        {
            case EnrollmentStatus.PendingPayment:
                enrollment.Confirm(Funding.Online, now);
                after.Steps.Add(() => enrollment.Status == EnrollmentStatus.Confirmed ? notifier.ConfirmedAsync(enrollment, CancellationToken.None) : Task.CompletedTask);
                break;
            case EnrollmentStatus.Expired or EnrollmentStatus.Waitlisted when await seats.TryTakeAsync(enrollment.CohortId, ct):
                enrollment.ConfirmWithRetakenSeat(Funding.Online, now);
                after.Steps.Add(() => enrollment.Status == EnrollmentStatus.Confirmed ? notifier.ConfirmedAsync(enrollment, CancellationToken.None) : Task.CompletedTask);
                break;
            default:
                // Paid twice, paid for a cancelled place, or paid after the hold with no seat left: the money goes back.
                await db.SaveChangesAsync(ct);
                if (await refunds.OweAsync(payment, payment.Refundable, "unfulfillable", ct) is { } owed) after.Refunds.Add(owed);
                log.LogInformation("Payment {Payment} for {Status} enrollment {Enrollment} is refunded", payment.Id, enrollment.Status, enrollment.Id);
                break;
        }
        await ApplyAwaitingAsync(payment, after, ct);
    }

    /// <summary>The refunds and disputes that arrived before this payment, applied now, oldest first.</summary>
    private async Task ApplyAwaitingAsync(Payment payment, AfterCommit after, CancellationToken ct)
    {
        if (payment.StripePaymentIntentId is not { } intent) return;
        var waiting = await db.ProcessedStripeEvents
            .Where(e => e.AwaitingPaymentIntentId == intent)
            .OrderBy(e => e.ProcessedAt).ThenBy(e => e.EventId)
            .ToListAsync(ct);
        foreach (var record in waiting)
        {
            var stored = StripeGateway.ReadStoredEvent(record.Payload!);
            switch (stored.Data.Object)
            {
                case Charge:
                    await ApplyRefundAsync(payment, StripeGateway.ReadChargeRefund(stored), after, ct);
                    break;
                case Dispute:
                    await ApplyDisputeAsync(payment, StripeGateway.ReadDispute(stored), stored.Type == "charge.dispute.closed", after, ct);
                    break;
            }
            record.MarkApplied(clock.GetUtcNow());
        }
    }

    /// <summary>
    /// Stripe's running total of refunds, from our own refunds or the dashboard's. When it leaves nothing paid for a place
    /// still held, the place is cancelled: money returned in the dashboard must not leave a seat taken.
    /// </summary>
    private async Task ApplyRefundAsync(Payment payment, ChargeRefundFacts refund, AfterCommit after, CancellationToken ct)
    {
        payment.RecordRefundedTotal(Math.Min(payment.Amount, refund.AmountRefunded));
        if (payment.Status != PaymentStatus.Succeeded || payment.Refundable > 0) return;
        await CancelUnpaidPlaceAsync(payment, "refunded", after, ct);
    }

    private async Task ApplyDisputeAsync(Payment payment, DisputeFacts facts, bool closed, AfterCommit after, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Local first: a dispute's opening and closing that both waited for the payment are applied in one unit.
        var dispute = db.PaymentDisputes.Local.SingleOrDefault(d => d.StripeDisputeId == facts.DisputeId)
                      ?? await db.PaymentDisputes.SingleOrDefaultAsync(d => d.StripeDisputeId == facts.DisputeId, ct);
        var opened = dispute is null;
        if (dispute is null)
        {
            dispute = new PaymentDispute(payment, facts.DisputeId, facts.Amount, facts.Reason, facts.Status, now);
            db.PaymentDisputes.Add(dispute);
        }
        var enrollment = await db.Enrollments.AsNoTracking().SingleAsync(e => e.Id == payment.EnrollmentId, ct);
        if (opened)
            await notifier.StaffAlertAsync(payment.CenterId, "付款争议 · Payment disputed",
                $"报名 {payment.EnrollmentId} 的付款 ¥{facts.Amount:N2} 被持卡人提出争议（{facts.Reason}），请在 Stripe 后台提交证据。" +
                $" / The payment of CNY {facts.Amount:N2} for enrollment {payment.EnrollmentId} is disputed by the card holder ({facts.Reason}, " +
                $"dispute {facts.DisputeId}): answer it with evidence in Stripe's dashboard.", ct);
        if (!closed || !dispute.Close(facts.Status, now)) return;

        var lost = dispute.IsLost;
        await notifier.StaffAlertAsync(payment.CenterId, lost ? "争议败诉 · Dispute lost" : "争议结束 · Dispute closed",
            lost
                ? $"报名 {enrollment.Id} 的付款争议已败诉，款项已退回持卡人：名额已取消。 / The dispute {facts.DisputeId} of enrollment {enrollment.Id} was lost and the money returned to the card holder: the place is cancelled."
                : $"报名 {enrollment.Id} 的付款争议已结束（{facts.Status}）。 / The dispute {facts.DisputeId} of enrollment {enrollment.Id} is closed ({facts.Status}).", ct);
        if (lost && payment.Status == PaymentStatus.Succeeded) await CancelUnpaidPlaceAsync(payment, "dispute-lost", after, ct, ignoring: payment.Id);
    }

    /// <summary>
    /// Cancels the place of this payment once no money of it is left with the center (another payment of the same place
    /// still paid for it, e.g. the second of two, keeps it), and gives its seat to the waitlist or back to the cohort.
    /// </summary>
    private async Task CancelUnpaidPlaceAsync(Payment payment, string reason, AfterCommit after, CancellationToken ct, int? ignoring = null)
    {
        var enrollment = await db.Enrollments.SingleAsync(e => e.Id == payment.EnrollmentId, ct);
        if (!enrollment.IsActive) return;
        // In memory: SQLite keeps decimals as text, which does not compare as numbers.
        var payments = await db.Payments.Where(p => p.EnrollmentId == enrollment.Id && p.Status == PaymentStatus.Succeeded).ToListAsync(ct);
        if (payments.Any(p => p.Id != ignoring && p.Refundable > 0)) return;

        var heldSeat = enrollment.Cancel(clock.GetUtcNow(), reason);
        var promoted = heldSeat ? await seats.ReleaseAsync(enrollment.CohortId, ct) : null;
        log.LogWarning("Enrollment {Enrollment} cancelled: its payment {Payment} was {Reason}", enrollment.Id, payment.Id, reason);
        after.Steps.Add(() => notifier.CancelledAsync(enrollment, reason, CancellationToken.None));
        if (promoted is not null) after.Steps.Add(() => holds.AfterPromotionAsync(promoted, CancellationToken.None));
    }

    private Task<Domain.Payment?> PaymentOfAsync(CheckoutSessionFacts session, CancellationToken ct) =>
        db.Payments.SingleOrDefaultAsync(p => p.StripeCheckoutSessionId == session.SessionId, ct);

    private async Task<Domain.Payment?> PaymentOfIntentAsync(string? paymentIntentId, CancellationToken ct) =>
        paymentIntentId is null ? null
            : await db.Payments.SingleOrDefaultAsync(p => p.StripePaymentIntentId == paymentIntentId, ct);

    private async Task<bool> IsProcessedElsewhereAsync(string eventId)
    {
        db.ChangeTracker.Clear();
        return await db.ProcessedStripeEvents.AsNoTracking().AnyAsync(e => e.EventId == eventId);
    }

    /// <summary>What runs once the transaction has committed; emptied before each try of the transaction.</summary>
    private sealed class AfterCommit
    {
        public List<OwedRefund> Refunds { get; } = [];
        public List<Func<Task>> Steps { get; } = [];

        public void Clear()
        {
            Refunds.Clear();
            Steps.Clear();
        }
    }
}
