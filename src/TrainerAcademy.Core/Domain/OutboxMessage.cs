using System.Linq.Expressions;

namespace TrainerAcademy.Domain;

/// <summary>
/// An e-mail waiting for delivery (or kept for the admin's outbox page when no SMTP server is configured). A dispatcher
/// claims a message before sending it (<see cref="ClaimToken"/> until <see cref="ClaimedUntil"/>), so two dispatch runs
/// that overlap, on one machine or several, never send it twice.
/// </summary>
public class OutboxMessage
{
    public const int MaxAttempts = 8;

    /// <summary>How long a claim holds: a dispatcher that dies holding one gives its messages back when it lapses.</summary>
    public static readonly TimeSpan ClaimHold = TimeSpan.FromMinutes(5);

    /// <summary>Messages a dispatcher may claim at <paramref name="now"/>: not sent, not given up, and not held by a live claim.</summary>
    public static Expression<Func<OutboxMessage, bool>> Claimable(DateTimeOffset now) =>
        m => m.SentAt == null && m.Attempts < MaxAttempts && (m.ClaimedUntil == null || m.ClaimedUntil < now);

    private OutboxMessage() { }

    public OutboxMessage(string to, string subject, string htmlBody, DateTimeOffset createdAt)
    {
        if (string.IsNullOrWhiteSpace(to) || !to.Contains('@'))
            throw new RuleViolation("outbox.to", "An e-mail needs a recipient address.");
        To = to.Trim();
        Subject = subject;
        HtmlBody = htmlBody;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }
    public string To { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string HtmlBody { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>The dispatch run that holds the message, set by a conditional UPDATE so that only one run wins it.</summary>
    public Guid? ClaimToken { get; private set; }
    public DateTimeOffset? ClaimedUntil { get; private set; }

    public bool GaveUp => SentAt is null && Attempts >= MaxAttempts;

    public void MarkSent(DateTimeOffset at)
    {
        SentAt = at;
        Attempts++;
        LastError = null;
        Release();
    }

    public void MarkFailed(string error)
    {
        Attempts++;
        LastError = error.Length > 1000 ? error[..1000] : error;
        Release();
    }

    private void Release()
    {
        ClaimToken = null;
        ClaimedUntil = null;
    }
}
