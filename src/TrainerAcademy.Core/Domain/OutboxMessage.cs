namespace TrainerAcademy.Domain;

/// <summary>An e-mail waiting for delivery (or kept for the admin's outbox page when no SMTP server is configured).</summary>
public class OutboxMessage
{
    public const int MaxAttempts = 8;

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

    public bool GaveUp => SentAt is null && Attempts >= MaxAttempts;

    public void MarkSent(DateTimeOffset at)
    {
        SentAt = at;
        Attempts++;
        LastError = null;
    }

    public void MarkFailed(string error)
    {
        Attempts++;
        LastError = error.Length > 1000 ? error[..1000] : error;
    }
}
