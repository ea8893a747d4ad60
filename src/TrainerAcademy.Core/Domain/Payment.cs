namespace TrainerAcademy.Domain;

public enum PaymentMethod
{
    Stripe,
    Offline,
}

public enum PaymentStatus
{
    /// <summary>A Checkout Session exists; the learner has not paid yet.</summary>
    Pending,
    Succeeded,
    Failed,

    /// <summary>The session expired unpaid.</summary>
    Expired,

    /// <summary>
    /// Money arrived, but not the amount or currency the place costs (a Checkout Session the platform did not make as
    /// it stands): it confirms nothing and is refunded in full.
    /// </summary>
    Mismatched,
}

/// <summary>
/// Money received (or expected) for one enrollment. Amounts are CNY; Stripe's minor units are the gateway's business.
/// A payment is fulfilled once: <see cref="MarkSucceeded"/> says whether this call was the one that did it.
/// </summary>
public class Payment : ICenterOwned
{
    private Payment() { }

    private Payment(Enrollment enrollment, PaymentMethod method, decimal amount, DateTimeOffset now)
    {
        if (amount < 0) throw new RuleViolation("payment.amount", "A payment amount cannot be negative.", "amount");
        EnrollmentId = enrollment.Id;
        CenterId = enrollment.CenterId;
        LearnerId = enrollment.LearnerId;
        Method = method;
        Amount = amount;
        Status = PaymentStatus.Pending;
        CreatedAt = now;
    }

    public int Id { get; private set; }
    public int EnrollmentId { get; private set; }
    public int CenterId { get; private set; }
    public string LearnerId { get; private set; } = "";
    public PaymentMethod Method { get; private set; }
    public PaymentStatus Status { get; private set; }
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "CNY";
    public decimal RefundedAmount { get; private set; }
    public string? StripeCheckoutSessionId { get; private set; }
    public string? StripePaymentIntentId { get; private set; }

    /// <summary>For offline payments: the bank transfer or invoice reference staff recorded.</summary>
    public string? Reference { get; private set; }
    public string? RecordedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? PaidAt { get; private set; }
    public int Revision { get; private set; }

    public decimal Refundable => Status is PaymentStatus.Succeeded or PaymentStatus.Mismatched ? Amount - RefundedAmount : 0m;

    public static Payment ForCheckout(Enrollment enrollment, string checkoutSessionId, DateTimeOffset now) =>
        new(enrollment, PaymentMethod.Stripe, enrollment.Price, now) { StripeCheckoutSessionId = checkoutSessionId };

    public static Payment Offline(Enrollment enrollment, decimal amount, string reference, string recordedBy, DateTimeOffset now)
    {
        reference = (reference ?? "").Trim();
        if (reference.Length is 0 or > 100)
            throw new RuleViolation("payment.reference", "Give the bank transfer or invoice reference (at most 100 characters).", "reference");
        var payment = new Payment(enrollment, PaymentMethod.Offline, amount, now) { Reference = reference, RecordedBy = recordedBy };
        payment.MarkSucceeded(null, now);
        return payment;
    }

    /// <summary>Returns true only for the call that moved the payment to Succeeded, so fulfilment runs once.</summary>
    public bool MarkSucceeded(string? paymentIntentId, DateTimeOffset now)
    {
        if (Status == PaymentStatus.Succeeded) return false;
        Status = PaymentStatus.Succeeded;
        StripePaymentIntentId = paymentIntentId ?? StripePaymentIntentId;
        PaidAt = now;
        Revision++;
        return true;
    }

    /// <summary>
    /// Records money received that does not match this payment: the amount becomes what was received, so that all of
    /// it can be refunded. Returns false when the payment had been settled before.
    /// </summary>
    public bool MarkMismatched(string? paymentIntentId, decimal received, string? currency, DateTimeOffset now)
    {
        if (Status is PaymentStatus.Succeeded or PaymentStatus.Mismatched) return false;
        if (received < 0) throw new RuleViolation("payment.amount", "A payment amount cannot be negative.", "amount");
        Status = PaymentStatus.Mismatched;
        Amount = received;
        Currency = (currency ?? "").Trim().ToUpperInvariant() is { Length: 3 } code ? code : "XXX";
        StripePaymentIntentId = paymentIntentId ?? StripePaymentIntentId;
        PaidAt = now;
        Revision++;
        return true;
    }

    public bool MarkFailed()
    {
        if (Status != PaymentStatus.Pending) return false;
        Status = PaymentStatus.Failed;
        Revision++;
        return true;
    }

    public bool MarkExpired()
    {
        if (Status != PaymentStatus.Pending) return false;
        Status = PaymentStatus.Expired;
        Revision++;
        return true;
    }

    /// <summary>Records money returned; the total refunded is what the provider reports, so repeated events change nothing.</summary>
    public bool RecordRefundedTotal(decimal totalRefunded)
    {
        if (totalRefunded < 0 || totalRefunded > Amount)
            throw new RuleViolation("payment.refund", "A refund cannot exceed the amount paid.", "amount");
        if (totalRefunded <= RefundedAmount) return false;
        RefundedAmount = totalRefunded;
        Revision++;
        return true;
    }
}

/// <summary>A Stripe event already handled: the webhook and the reconciliation job skip it the second time.</summary>
public class ProcessedStripeEvent
{
    private ProcessedStripeEvent() { }

    public ProcessedStripeEvent(string eventId, string type, DateTimeOffset processedAt)
    {
        EventId = eventId;
        Type = type;
        ProcessedAt = processedAt;
    }

    public string EventId { get; private set; } = "";
    public string Type { get; private set; } = "";
    public DateTimeOffset ProcessedAt { get; private set; }

    /// <summary>
    /// Set while the event waits for the payment it is about (a refund or dispute Stripe delivered before the payment's
    /// own event): it is applied, from <see cref="Payload"/>, in the transaction that records that payment.
    /// </summary>
    public string? AwaitingPaymentIntentId { get; private set; }
    public string? Payload { get; private set; }

    public static ProcessedStripeEvent Awaiting(string eventId, string type, DateTimeOffset receivedAt, string paymentIntentId, string payload) =>
        new(eventId, type, receivedAt) { AwaitingPaymentIntentId = paymentIntentId, Payload = payload };

    public void MarkApplied(DateTimeOffset now)
    {
        AwaitingPaymentIntentId = null;
        Payload = null;
        ProcessedAt = now;
    }
}

public enum OwedRefundStatus
{
    /// <summary>Decided and stored; Stripe has not confirmed it yet.</summary>
    Owed,
    Issued,

    /// <summary>Stripe had nothing left to refund (e.g. staff refunded the charge in the dashboard first).</summary>
    NotNeeded,
}

/// <summary>
/// Money the platform owes back on a Stripe payment, stored in the transaction that decided it, so that a crash
/// before the refund job is queued loses nothing: the job and the recurring sweep issue it from this row, under an
/// idempotency key of its own, so however often either runs Stripe refunds it once.
/// </summary>
public class OwedRefund : ICenterOwned
{
    private OwedRefund() { }

    public int Id { get; private set; }
    public int PaymentId { get; private set; }
    public int EnrollmentId { get; private set; }
    public int CenterId { get; private set; }
    public decimal Amount { get; private set; }

    /// <summary>The payment's refunded total once this refund is through (as Stripe's running total will say).</summary>
    public decimal RefundedTotal { get; private set; }

    /// <summary>Why: <c>cancel-{enrollment}</c>, <c>unfulfillable</c>, <c>amount-mismatch</c>. One refund per payment and reason.</summary>
    public string Reason { get; private set; } = "";
    public OwedRefundStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? IssuedAt { get; private set; }
    public string? StripeRefundId { get; private set; }
    public int Revision { get; private set; }

    /// <param name="alreadyOwed">What earlier refunds of the payment, not yet issued, will return.</param>
    public static OwedRefund For(Payment payment, decimal amount, decimal alreadyOwed, string reason, DateTimeOffset now)
    {
        if (payment.Method != PaymentMethod.Stripe)
            throw new RuleViolation("refund.offline", "Offline payments are refunded by the center's own transfer.");
        var left = payment.Refundable - alreadyOwed;
        if (amount <= 0 || amount > left)
            throw new RuleViolation("refund.amount", "A refund is above zero and at most what is left of the payment.", "amount");
        return new OwedRefund
        {
            PaymentId = payment.Id,
            EnrollmentId = payment.EnrollmentId,
            CenterId = payment.CenterId,
            Amount = amount,
            RefundedTotal = payment.RefundedAmount + alreadyOwed + amount,
            Reason = reason,
            Status = OwedRefundStatus.Owed,
            CreatedAt = now,
        };
    }

    /// <summary>Stripe's idempotency key: derived from this row, so every try of the job or the sweep sends the same one.</summary>
    public string IdempotencyKey => $"owed-refund-{Id}-payment-{PaymentId}";

    /// <summary>Returns false when the refund had been settled before (by a parallel job or sweep).</summary>
    public bool MarkIssued(string stripeRefundId, DateTimeOffset now)
    {
        if (Status != OwedRefundStatus.Owed) return false;
        Status = OwedRefundStatus.Issued;
        StripeRefundId = stripeRefundId;
        IssuedAt = now;
        Revision++;
        return true;
    }

    public bool MarkNotNeeded(DateTimeOffset now)
    {
        if (Status != OwedRefundStatus.Owed) return false;
        Status = OwedRefundStatus.NotNeeded;
        IssuedAt = now;
        Revision++;
        return true;
    }
}

/// <summary>A card holder's dispute (chargeback) of a Stripe payment, as Stripe's dispute events report it.</summary>
public class PaymentDispute : ICenterOwned
{
    private PaymentDispute() { }

    public PaymentDispute(Payment payment, string stripeDisputeId, decimal amount, string reason, string status, DateTimeOffset now)
    {
        PaymentId = payment.Id;
        EnrollmentId = payment.EnrollmentId;
        CenterId = payment.CenterId;
        StripeDisputeId = stripeDisputeId;
        Amount = amount;
        Reason = reason;
        Status = status;
        OpenedAt = now;
    }

    public int Id { get; private set; }
    public string StripeDisputeId { get; private set; } = "";
    public int PaymentId { get; private set; }
    public int EnrollmentId { get; private set; }
    public int CenterId { get; private set; }
    public decimal Amount { get; private set; }
    public string Reason { get; private set; } = "";

    /// <summary>Stripe's status: <c>needs_response</c>, <c>under_review</c>, <c>won</c>, <c>lost</c>, …</summary>
    public string Status { get; private set; } = "";
    public DateTimeOffset OpenedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public int Revision { get; private set; }

    public bool IsLost => Status == "lost";

    /// <summary>Returns true only for the call that closed it, so its consequences follow once.</summary>
    public bool Close(string status, DateTimeOffset now)
    {
        if (ClosedAt is not null) return false;
        Status = status;
        ClosedAt = now;
        Revision++;
        return true;
    }
}
