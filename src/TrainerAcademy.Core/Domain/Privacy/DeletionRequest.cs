namespace TrainerAcademy.Domain.Privacy;

public enum DeletionRequestStatus
{
    Pending,
    Completed,
    Cancelled,
}

/// <summary>
/// A learner's request to delete their personal data (PIPL art. 47). An administrator carries it out (or the daily job
/// after <see cref="GracePeriod"/>): the profile's personal fields, uploaded files and the account's sign-in are erased;
/// issued certificates, payments and receipts and the audit log are kept, as the law requires.
/// </summary>
public class DeletionRequest
{
    public const int MaxReason = 500;

    /// <summary>How long a request waits for an administrator before the job carries it out.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromDays(15);

    private DeletionRequest() { }

    public DeletionRequest(string userId, string? reason, DateTimeOffset now)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > MaxReason })
            throw new RuleViolation("deletion.reason", $"The reason is at most {MaxReason} characters.", "reason");
        UserId = userId;
        Reason = reason;
        RequestedAt = now;
        Status = DeletionRequestStatus.Pending;
    }

    public int Id { get; private set; }

    /// <summary>The account; kept (anonymised) after the deletion, so the request stays as the record of it.</summary>
    public string UserId { get; private set; } = "";

    public string? Reason { get; private set; }
    public DeletionRequestStatus Status { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The administrator who carried it out; null when the job did.</summary>
    public string? CompletedById { get; private set; }

    public bool IsDue(DateTimeOffset now) => Status == DeletionRequestStatus.Pending && now - RequestedAt >= GracePeriod;

    public void Complete(string? byUserId, DateTimeOffset now)
    {
        if (Status != DeletionRequestStatus.Pending)
            throw new ConflictViolation("deletion.not-pending", "This deletion request has already been handled.");
        Status = DeletionRequestStatus.Completed;
        CompletedAt = now;
        CompletedById = byUserId;
    }
}
