namespace TrainerAcademy.Domain;

public enum EnrollmentStatus
{
    /// <summary>A seat is held until <see cref="Enrollment.HoldExpiresAt"/> while the learner pays.</summary>
    PendingPayment,
    Confirmed,
    Waitlisted,
    Cancelled,

    /// <summary>The hold ran out unpaid; the seat went back to the cohort.</summary>
    Expired,
}

/// <summary>How a confirmed place is paid for.</summary>
public enum Funding
{
    Online,
    Offline,
    Free,
}

/// <summary>
/// A learner's place in a cohort. The cohort's seat count is changed by the database in the same
/// transaction (a conditional update), so this entity only says which state the place is in.
/// </summary>
public class Enrollment : ICenterOwned
{
    private Enrollment() { }

    private Enrollment(Cohort cohort, string learnerId, decimal price, EnrollmentStatus status, DateTimeOffset now)
    {
        CohortId = cohort.Id;
        CenterId = cohort.CenterId;
        LearnerId = learnerId;
        Price = price;
        Status = status;
        CreatedAt = now;
    }

    public int Id { get; private set; }
    public int CohortId { get; private set; }
    public int CenterId { get; private set; }
    public string LearnerId { get; private set; } = "";
    public EnrollmentStatus Status { get; private set; }

    /// <summary>The course fee when the learner enrolled, in CNY.</summary>
    public decimal Price { get; private set; }
    public Funding? Funding { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? HoldExpiresAt { get; private set; }
    public DateTimeOffset? ConfirmedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? CloseReason { get; private set; }

    /// <summary>Optimistic concurrency token: two workers never both move the same place.</summary>
    public int Revision { get; private set; }

    public bool HoldsSeat => Status is EnrollmentStatus.PendingPayment or EnrollmentStatus.Confirmed;
    public bool IsActive => Status is EnrollmentStatus.PendingPayment or EnrollmentStatus.Confirmed or EnrollmentStatus.Waitlisted;

    /// <summary>A place with a seat the database has just taken: held for payment, or confirmed at once when nothing is to be paid.</summary>
    public static Enrollment WithSeat(Cohort cohort, string learnerId, decimal price, DateTimeOffset now, TimeSpan hold, Funding? recordedFunding = null)
    {
        cohort.EnsureTakesEnrollments();
        var e = new Enrollment(cohort, learnerId, price, EnrollmentStatus.PendingPayment, now);
        if (price == 0 || recordedFunding is not null) e.Confirm(recordedFunding ?? Domain.Funding.Free, now);
        else e.HoldExpiresAt = now + hold;
        return e;
    }

    public static Enrollment OnWaitlist(Cohort cohort, string learnerId, decimal price, DateTimeOffset now)
    {
        cohort.EnsureTakesEnrollments();
        return new Enrollment(cohort, learnerId, price, EnrollmentStatus.Waitlisted, now);
    }

    public void Confirm(Funding funding, DateTimeOffset now)
    {
        if (Status == EnrollmentStatus.Confirmed) return;
        if (Status != EnrollmentStatus.PendingPayment)
            throw new ConflictViolation("enrollment.confirm", $"A {Status} place cannot be confirmed without a seat.");
        Status = EnrollmentStatus.Confirmed;
        Funding = funding;
        ConfirmedAt = now;
        HoldExpiresAt = null;
        Revision++;
    }

    /// <summary>A late payment on a place whose hold had expired or was on the waitlist, once the database gave it a seat again.</summary>
    public void ConfirmWithRetakenSeat(Funding funding, DateTimeOffset now)
    {
        if (Status is not (EnrollmentStatus.Expired or EnrollmentStatus.Waitlisted))
            throw new ConflictViolation("enrollment.retake", $"A {Status} place does not need its seat back.");
        Status = EnrollmentStatus.PendingPayment;
        Confirm(funding, now);
    }

    /// <summary>The hold ran out. Returns false (and changes nothing) while it still runs or when the place is no longer held.</summary>
    public bool ExpireHold(DateTimeOffset now)
    {
        if (Status != EnrollmentStatus.PendingPayment || HoldExpiresAt is null || now < HoldExpiresAt) return false;
        Status = EnrollmentStatus.Expired;
        ClosedAt = now;
        CloseReason = "hold-expired";
        Revision++;
        return true;
    }

    /// <summary>First in line when a seat freed: the seat passes to this place with a fresh hold.</summary>
    public void PromoteFromWaitlist(DateTimeOffset now, TimeSpan hold)
    {
        if (Status != EnrollmentStatus.Waitlisted)
            throw new ConflictViolation("enrollment.promote", $"A {Status} place is not on the waitlist.");
        Status = EnrollmentStatus.PendingPayment;
        HoldExpiresAt = now + hold;
        Revision++;
        if (Price == 0) Confirm(Domain.Funding.Free, now);
    }

    /// <summary>Cancels the place; returns whether it held a seat, which the caller gives back to the cohort.</summary>
    public bool Cancel(DateTimeOffset now, string reason)
    {
        if (!IsActive)
            throw new ConflictViolation("enrollment.cancel", $"A {Status} place cannot be cancelled.");
        var heldSeat = HoldsSeat;
        Status = EnrollmentStatus.Cancelled;
        ClosedAt = now;
        CloseReason = reason;
        HoldExpiresAt = null;
        Revision++;
        return heldSeat;
    }
}

/// <summary>A center's refund rule: full refund until some days before the start, a share after, nothing once the cohort runs.</summary>
public sealed record RefundPolicy(int FullRefundDaysBeforeStart, decimal LateRefundShare)
{
    public static readonly RefundPolicy Default = new(7, 0.5m);

    public decimal RefundFor(decimal paid, Cohort cohort, DateOnly today)
    {
        if (paid <= 0) return 0m;
        if (cohort.Status == CohortStatus.Cancelled) return paid;
        if (cohort.Status is CohortStatus.Running or CohortStatus.Completed || today >= cohort.StartsOn) return 0m;
        return today <= cohort.StartsOn.AddDays(-FullRefundDaysBeforeStart)
            ? paid
            : decimal.Round(paid * LateRefundShare, 2, MidpointRounding.ToZero);
    }
}
