namespace TrainerAcademy.Domain.Audit;

/// <summary>
/// One line of the platform's audit log: who did what, to what, and when. Written by the feature that made the change,
/// in the same transaction (the same <c>SaveChanges</c>) as the change, so the log never claims what did not happen nor
/// misses what did. Append-only: every property is set once here and nothing changes or removes a line (the context
/// refuses an update or a delete of one).
/// </summary>
public class AuditEntry
{
    public const int MaxActorName = 256;
    public const int MaxAction = 40;
    public const int MaxTargetType = 40;
    public const int MaxTargetId = 64;
    public const int MaxDetail = 500;
    public const int MaxClientIp = 45;

    private AuditEntry() { }

    public AuditEntry(DateTimeOffset at, string? actorId, string actorName, string action, string targetType, string? targetId, int? centerId,
        string? detail, string? clientIp)
    {
        if (string.IsNullOrWhiteSpace(action) || action.Length > MaxAction)
            throw new ArgumentException($"An action code is 1 to {MaxAction} characters.", nameof(action));
        if (string.IsNullOrWhiteSpace(targetType) || targetType.Length > MaxTargetType)
            throw new ArgumentException($"A target type is 1 to {MaxTargetType} characters.", nameof(targetType));
        At = at.ToUniversalTime();
        ActorId = string.IsNullOrEmpty(actorId) ? null : actorId;
        ActorName = Clip(actorName, MaxActorName) ?? "";
        Action = action;
        TargetType = targetType;
        TargetId = Clip(targetId, MaxTargetId);
        CenterId = centerId;
        Detail = Clip(detail, MaxDetail);
        ClientIp = Clip(clientIp, MaxClientIp);
    }

    public long Id { get; private set; }

    /// <summary>When it happened (the app's clock, UTC).</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>The account that acted; null for the platform itself and for a sign-in with an address that has no account.</summary>
    public string? ActorId { get; private set; }

    /// <summary>The actor's name as it was then (display name, else e-mail; the address typed for an unknown account; 系统 for the platform).</summary>
    public string ActorName { get; private set; } = "";

    /// <summary>What was done: a code of <c>AuditActions</c>, e.g. <c>certificate.revoked</c>.</summary>
    public string Action { get; private set; } = "";

    /// <summary>The kind of record acted on (<c>account</c>, <c>exam-session</c>, <c>certificate</c>, …) and its id.</summary>
    public string TargetType { get; private set; } = "";
    public string? TargetId { get; private set; }

    /// <summary>The training center the record belongs to, when it belongs to one.</summary>
    public int? CenterId { get; private set; }

    /// <summary>A short note: the reason given, the number issued, the scores before and after.</summary>
    public string? Detail { get; private set; }

    /// <summary>The client's address as the platform saw it (after trusted proxies); null when no request was involved.</summary>
    public string? ClientIp { get; private set; }

    private static string? Clip(string? text, int max)
    {
        if (text is null) return null;
        text = text.Replace('\0', ' ').Trim();
        return text.Length > max ? text[..max] : text;
    }
}
