using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Outbox;

/// <summary>Delivers queued e-mail through SMTP when a server is configured; each message is retried a few times, then kept with its error.</summary>
public sealed class OutboxDispatchJob(AcademyDbContext db, IOptions<SmtpOptions> smtp, TimeProvider clock, ILogger<OutboxDispatchJob> log)
{
    public const string Id = "outbox-dispatch";
    private const int Batch = 50;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var options = smtp.Value;
        if (!options.Enabled) return 0;

        var pending = await db.Outbox
            .Where(m => m.SentAt == null && m.Attempts < OutboxMessage.MaxAttempts)
            .OrderBy(m => m.Id)
            .Take(Batch)
            .ToListAsync(ct);
        if (pending.Count == 0) return 0;

        using var client = new SmtpClient();
        await client.ConnectAsync(options.Host!, options.Port, options.UseStartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(options.UserName))
            await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);

        var sent = 0;
        foreach (var message in pending)
        {
            try
            {
                var mime = new MimeMessage();
                mime.From.Add(MailboxAddress.Parse(options.From));
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
            }
            await db.SaveChangesAsync(ct);
        }
        await client.DisconnectAsync(true, ct);
        return sent;
    }
}
