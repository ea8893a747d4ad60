using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Outbox;

/// <summary>
/// Delivers queued e-mail through SMTP when a server is configured; each message is retried a few times, then kept with
/// its error. A run first claims a batch with one conditional UPDATE (<see cref="OutboxMessage.Claimable"/>) and sends only
/// what it won, so overlapping runs (a slow run and the next minute's, or two instances) never send a message twice; a
/// run that dies leaves its claim to lapse after <see cref="OutboxMessage.ClaimHold"/>.
/// </summary>
public sealed class OutboxDispatchJob(AcademyDbContext db, IOptions<SmtpOptions> smtp, TimeProvider clock, ILogger<OutboxDispatchJob> log,
    AcademyMetrics metrics)
{
    public const string Id = "outbox-dispatch";
    private const int Batch = 50;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var options = smtp.Value;
        if (!options.Enabled) return 0;

        var pending = await ClaimAsync(ct);
        if (pending.Count == 0) return 0;

        using var client = new SmtpClient();
        await client.ConnectAsync(options.Host!, options.Port, options.UseStartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(options.UserName))
            await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);

        int sent = 0, failed = 0;
        foreach (var message in pending)
        {
            try
            {
                var mime = new MimeMessage();
                var from = MailboxAddress.Parse(options.From);
                mime.From.Add(from);
                // One Message-Id per outbox row: a message sent again after a crash between the SMTP server's acceptance
                // and its "sent" mark carries the same id, so mail systems can drop the duplicate.
                mime.MessageId = MessageId(message.Id, from);
                mime.To.Add(MailboxAddress.Parse(message.To));
                mime.Subject = message.Subject;
                mime.Body = new BodyBuilder { HtmlBody = message.HtmlBody }.ToMessageBody();
                await client.SendAsync(mime, ct);
                message.MarkSent(clock.GetUtcNow());
                sent++;
            }
            catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or ParseException)
            {
                log.LogWarning(e, "Outbox message {Id} to {To} was not delivered", message.Id, message.To);
                message.MarkFailed(e.Message);
                failed++;
            }
            await db.SaveChangesAsync(ct);
        }
        await client.DisconnectAsync(true, ct);
        metrics.EmailsSent(sent, failed);
        return sent;
    }

    public static string MessageId(long outboxId, MailboxAddress from) =>
        $"outbox-{outboxId.ToString(System.Globalization.CultureInfo.InvariantCulture)}@{(from.Domain is { Length: > 0 } domain ? domain : "trainer-academy.local")}";

    /// <summary>
    /// Claims up to a batch of claimable messages for this run and loads them. The UPDATE re-checks the condition on each
    /// row it writes (PostgreSQL and SQL Server re-read a row another transaction changed; SQLite runs one writer at a
    /// time), so of two runs that chose the same rows only one sets its token on each.
    /// </summary>
    private async Task<List<OutboxMessage>> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var token = Guid.NewGuid();
        var until = now + OutboxMessage.ClaimHold;
        var candidates = await db.Outbox.AsNoTracking().Where(OutboxMessage.Claimable(now)).OrderBy(m => m.Id).Select(m => m.Id).Take(Batch).ToListAsync(ct);
        if (candidates.Count == 0) return [];
        await db.Outbox.Where(m => candidates.Contains(m.Id)).Where(OutboxMessage.Claimable(now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, token).SetProperty(m => m.ClaimedUntil, until), ct);
        return await db.Outbox.Where(m => m.ClaimToken == token).OrderBy(m => m.Id).ToListAsync(ct);
    }
}
