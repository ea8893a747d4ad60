using System.Net;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Domain.Subsidies;
using TrainerAcademy.Features.Outbox;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Subsidies;

/// <summary>
/// Recurring (daily): reminds each learner whose valid certificate is not claimed yet, and who is eligible, 60 and 14
/// days before the application window closes — once each. The reminder's row (certificate, days) and its e-mail are
/// written in one transaction: a second run at the same moment inserts the same key, fails, and sends nothing.
/// A run that missed a day catches up with the nearest reminder not yet passed, never with both.
/// </summary>
public sealed class SubsidyReminderJob(AcademyDbContext db, SubsidyEligibility eligibility, Mailer mailer, TimeProvider clock, IConfiguration config,
    ILogger<SubsidyReminderJob> log)
{
    public const string Id = "subsidy-reminders";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var today = clock.Today();
        var versions = await db.SubsidyPolicies.AsNoTracking().ToListAsync(ct);
        if (versions.Count == 0) return 0;
        // Only certificates whose window may close within 60 days (a few days' slack for month ends): the longest window
        // bounds the oldest, the shortest the newest; each is then assessed under its own policy.
        var earliest = today.AddMonths(-versions.Max(v => v.Terms.WindowMonths));
        var latest = today.AddDays(SubsidyReminder.Kinds.Max() + 3).AddMonths(-versions.Min(v => v.Terms.WindowMonths));
        var open = await db.Certificates.AsNoTracking()
            .Where(c => c.Status == CertificateStatus.Valid && c.IssuedOn > earliest && c.IssuedOn <= latest
                        && !db.SubsidyApplications.Any(a => a.CertificateId == c.Id))
            .Select(c => new { c.Id, c.LearnerId, c.Number })
            .ToListAsync(ct);
        var sent = 0;
        foreach (var certificate in open)
        {
            var (view, _) = await eligibility.ForCertificateAsync(certificate.LearnerId, certificate.Id, ct);
            if (!view.Eligible || view.LastDay is not { } lastDay || view.Amount is not { } amount) continue;
            if (SubsidyReminder.Due(lastDay.DayNumber - today.DayNumber) is not { } kind) continue;
            if (await db.SubsidyReminders.AnyAsync(r => r.CertificateId == certificate.Id && r.DaysBefore == kind, ct)) continue;
            var email = await db.Users.Where(u => u.Id == certificate.LearnerId).Select(u => u.Email).SingleOrDefaultAsync(ct);
            if (email is null) continue;
            try
            {
                await db.InTransactionAsync(async token =>
                {
                    db.ChangeTracker.Clear();
                    db.SubsidyReminders.Add(new SubsidyReminder(certificate.Id, kind, clock.GetUtcNow()));
                    await db.SaveChangesAsync(token);
                    await mailer.SendAsync(email, $"补贴申领即将截止 · Subsidy window closing — {lastDay:yyyy-MM-dd}", Body(certificate.Number, amount, lastDay), token);
                    return 0;
                }, ct);
                sent++;
            }
            catch (DbUpdateException)
            {
                // Another run sent this reminder a moment ago: its row won, this transaction (and its e-mail) rolled back.
                db.ChangeTracker.Clear();
                log.LogInformation("The {Kind}-day subsidy reminder of certificate {Certificate} was sent by another run.", kind, certificate.Id);
            }
        }
        return sent;
    }

    private string Body(string number, Money amount, DateOnly lastDay)
    {
        var link = config["App:PublicBaseUrl"] is { Length: > 0 } root ? root.TrimEnd('/') + "/subsidies" : "/subsidies";
        return $"<p>您的证书 {WebUtility.HtmlEncode(number)} 可申领职业技能提升补贴约 {SubsidyTerms.Yuan(amount.Amount)}，申请截止日期为 {lastDay:yyyy-MM-dd}。</p>"
               + $"<p>Your certificate {WebUtility.HtmlEncode(number)} can claim the skill-upgrading subsidy of about {SubsidyTerms.Yuan(amount.Amount)}; apply by {lastDay:yyyy-MM-dd}.</p>"
               + $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">申领补贴 Claim the subsidy</a></p>";
    }
}
