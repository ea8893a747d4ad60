namespace TrainerAcademy.Domain.Subsidies;

public enum SubsidyApplicationStatus
{
    Submitted,

    /// <summary>The reviewer asked for documents; the learner answers and resubmits.</summary>
    DocumentsRequested,
    Approved,

    /// <summary>Final: the certificate stays claimed (one claim per certificate), the reason is on record.</summary>
    Rejected,

    /// <summary>Paid out with its batch.</summary>
    Paid,
}

public enum SubsidyAction
{
    Submitted,
    DocumentsRequested,
    Resubmitted,
    Approved,
    Rejected,
    Batched,
    Paid,
}

/// <summary>
/// A learner's claim of the subsidy for one certificate, assessed under one policy version at the amount it gave. The
/// database holds one claim per certificate (a unique index), so parallel requests make one. Every change of status is
/// recorded in <see cref="History"/> with who, when and why.
/// </summary>
public class SubsidyApplication
{
    public const int MaxReason = 1000;

    private readonly List<SubsidyDecision> _history = [];

    private SubsidyApplication() { }

    public SubsidyApplication(int certificateId, string learnerId, SubsidyAssessment assessment, string occupation, int level, DateOnly today, DateTimeOffset now)
    {
        if (!assessment.Eligible || assessment.Amount is not { } amount)
            throw new InvalidOperationException("Only an eligible assessment makes a claim.");
        CertificateId = certificateId;
        LearnerId = learnerId;
        PolicyVersionId = assessment.Policy.Id;
        PolicyCode = assessment.Policy.PolicyCode;
        Occupation = occupation;
        Level = level;
        Amount = amount;
        SubmittedOn = today;
        SubmittedAt = now;
        UpdatedAt = now;
        Status = SubsidyApplicationStatus.Submitted;
        _history.Add(new SubsidyDecision(SubsidyAction.Submitted, null, Status, learnerId, null, null, now));
    }

    public int Id { get; private set; }
    public int CertificateId { get; private set; }
    public string LearnerId { get; private set; } = "";
    public int PolicyVersionId { get; private set; }
    public string PolicyCode { get; private set; } = "";
    public string Occupation { get; private set; } = "";
    public int Level { get; private set; }
    public decimal Amount { get; private set; }
    public SubsidyApplicationStatus Status { get; private set; }

    /// <summary>The day in Beijing the claim was made: the per-year limit counts by it.</summary>
    public DateOnly SubmittedOn { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int? BatchId { get; private set; }
    public int Revision { get; private set; }
    public IReadOnlyList<SubsidyDecision> History => _history;

    /// <summary>Whether the claim counts against the learner's later claims (a rejected one does not).</summary>
    public bool Counts => Status != SubsidyApplicationStatus.Rejected;

    public void Approve(string byUserId, string? note, DateTimeOffset now) =>
        Move(SubsidyAction.Approved, SubsidyApplicationStatus.Approved, byUserId, Optional(note), null, now, SubsidyApplicationStatus.Submitted);

    public void Reject(string byUserId, string? reason, DateTimeOffset now) =>
        Move(SubsidyAction.Rejected, SubsidyApplicationStatus.Rejected, byUserId, Required(reason), null, now,
            SubsidyApplicationStatus.Submitted, SubsidyApplicationStatus.DocumentsRequested);

    public void RequestDocuments(string byUserId, string? reason, DateTimeOffset now) =>
        Move(SubsidyAction.DocumentsRequested, SubsidyApplicationStatus.DocumentsRequested, byUserId, Required(reason), null, now, SubsidyApplicationStatus.Submitted);

    /// <summary>The learner's answer to a request for documents: a note, a file, or both.</summary>
    public void Resubmit(string learnerId, string? note, Guid? fileId, DateTimeOffset now)
    {
        if (learnerId != LearnerId) throw new InvalidOperationException("Only the claimant resubmits.");
        note = Optional(note);
        if (note is null && fileId is null)
            throw new RuleViolation("subsidy.resubmit-empty", "Answer the request with a note, a document, or both.", "note");
        Move(SubsidyAction.Resubmitted, SubsidyApplicationStatus.Submitted, learnerId, note, fileId, now, SubsidyApplicationStatus.DocumentsRequested);
    }

    public void AddToBatch(int batchId, string byUserId, DateTimeOffset now)
    {
        if (BatchId is not null)
            throw new ConflictViolation("subsidy.batched", "This claim is in a batch already.");
        Move(SubsidyAction.Batched, SubsidyApplicationStatus.Approved, byUserId, null, null, now, SubsidyApplicationStatus.Approved);
        BatchId = batchId;
    }

    public void MarkPaid(string byUserId, string? reference, DateTimeOffset now)
    {
        if (BatchId is null)
            throw new ConflictViolation("subsidy.not-batched", "Only a claim exported in a batch is paid.");
        Move(SubsidyAction.Paid, SubsidyApplicationStatus.Paid, byUserId, Optional(reference), null, now, SubsidyApplicationStatus.Approved);
    }

    private void Move(SubsidyAction action, SubsidyApplicationStatus to, string byUserId, string? reason, Guid? fileId, DateTimeOffset now,
        params SubsidyApplicationStatus[] from)
    {
        if (!from.Contains(Status))
            throw new ConflictViolation("subsidy.status", $"This claim is {Status}; it cannot be {action.ToString().ToLowerInvariant()} now.");
        _history.Add(new SubsidyDecision(action, Status, to, byUserId, reason, fileId, now));
        Status = to;
        UpdatedAt = now;
        Revision++;
    }

    private static string Required(string? reason) =>
        Optional(reason) ?? throw new RuleViolation("subsidy.reason", "Give the reason.", "reason");

    private static string? Optional(string? text)
    {
        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (text is { Length: > MaxReason } || text?.Contains('\0') == true)
            throw new RuleViolation("subsidy.reason-length", $"At most {MaxReason} characters.", "reason");
        return text;
    }
}

/// <summary>One step in a claim's history: who did what, when, why, and the document the learner sent, if any.</summary>
public class SubsidyDecision
{
    private SubsidyDecision() { }

    internal SubsidyDecision(SubsidyAction action, SubsidyApplicationStatus? from, SubsidyApplicationStatus to, string byUserId, string? reason, Guid? fileId,
        DateTimeOffset at)
    {
        Action = action;
        FromStatus = from;
        ToStatus = to;
        ByUserId = byUserId;
        Reason = reason;
        FileId = fileId;
        At = at;
    }

    public long Id { get; private set; }
    public int ApplicationId { get; private set; }
    public SubsidyAction Action { get; private set; }
    public SubsidyApplicationStatus? FromStatus { get; private set; }
    public SubsidyApplicationStatus ToStatus { get; private set; }
    public string ByUserId { get; private set; } = "";
    public string? Reason { get; private set; }
    public Guid? FileId { get; private set; }
    public DateTimeOffset At { get; private set; }
}

public enum SubsidyBatchStatus
{
    Exported,
    Paid,
}

/// <summary>Approved claims sent together to the human-resources bureau (the Excel list), then marked paid together.</summary>
public class SubsidyBatch
{
    private SubsidyBatch() { }

    public SubsidyBatch(string createdById, int count, decimal total, DateTimeOffset now)
    {
        if (count < 1) throw new RuleViolation("subsidy-batch.empty", "There is no approved claim to put in a batch.");
        CreatedById = createdById;
        Count = count;
        Total = total;
        CreatedAt = now;
        Status = SubsidyBatchStatus.Exported;
    }

    public int Id { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedById { get; private set; } = "";
    public int Count { get; private set; }
    public decimal Total { get; private set; }
    public SubsidyBatchStatus Status { get; private set; }
    public DateTimeOffset? PaidAt { get; private set; }
    public string? PaidById { get; private set; }
    public string? PaymentReference { get; private set; }
    public int Revision { get; private set; }

    public void MarkPaid(string byUserId, string? reference, DateTimeOffset now)
    {
        if (Status == SubsidyBatchStatus.Paid)
            throw new ConflictViolation("subsidy-batch.paid", "This batch is marked paid already.");
        reference = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim();
        if (reference is { Length: > 100 })
            throw new RuleViolation("subsidy-batch.reference", "The payment reference is at most 100 characters.", "reference");
        Status = SubsidyBatchStatus.Paid;
        PaidAt = now;
        PaidById = byUserId;
        PaymentReference = reference;
        Revision++;
    }
}

/// <summary>A reminder sent for a certificate not yet claimed, <see cref="DaysBefore"/> days before its window closes; one row each, so once each.</summary>
public class SubsidyReminder
{
    public static readonly int[] Kinds = [60, 14];

    private SubsidyReminder() { }

    public SubsidyReminder(int certificateId, int daysBefore, DateTimeOffset now)
    {
        CertificateId = certificateId;
        DaysBefore = daysBefore;
        SentAt = now;
    }

    public int CertificateId { get; private set; }
    public int DaysBefore { get; private set; }
    public DateTimeOffset SentAt { get; private set; }

    /// <summary>The reminder due <paramref name="daysLeft"/> days before the last day: the nearest kind not passed, or none.</summary>
    public static int? Due(int daysLeft) =>
        daysLeft < 0 ? null : Kinds.Where(k => daysLeft <= k).OrderBy(k => k).Cast<int?>().FirstOrDefault();
}
