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

    public decimal Refundable => Status == PaymentStatus.Succeeded ? Amount - RefundedAmount : 0m;

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
}
