using System.Net;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Outbox;

namespace TrainerAcademy.Features.Timetable;

/// <summary>
/// Recurring: reminds every learner with a confirmed place of each session starting within the next 24 hours, once.
/// The mark and the e-mails are saved in one transaction, so a retried run neither skips nor repeats a reminder.
/// </summary>
public sealed class SessionReminderJob(AcademyDbContext db, Mailer mailer, TimeProvider clock)
{
    public const string Id = "session-reminders";
    public static readonly TimeSpan Ahead = TimeSpan.FromHours(24);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now + Ahead;
        var due = await db.CohortSessions
            .Where(s => s.Status == SessionStatus.Scheduled && s.RemindedAt == null && s.StartsAt > now && s.StartsAt <= until)
            .OrderBy(s => s.StartsAt).Take(200)
            .ToListAsync(ct);
        var sent = 0;
        foreach (var session in due)
        {
            var facts = await (from k in db.Cohorts
                               where k.Id == session.CohortId
                               join c in db.Courses on k.CourseId equals c.Id
                               join center in db.Centers on k.CenterId equals center.Id
                               join v in db.Venues on session.VenueId equals v.Id
                               select new { c.Title, CenterName = center.Name, Venue = v.Name, v.Address, Cancelled = k.Status == CohortStatus.Cancelled })
                .SingleAsync(ct);
            var recipients = facts.Cancelled ? [] : await (
                from e in db.Enrollments
                where e.CohortId == session.CohortId && e.Status == EnrollmentStatus.Confirmed
                join u in db.Users on e.LearnerId equals u.Id
                select u.Email).ToListAsync(ct);

            var kind = session.Kind == SessionKind.Theory ? "理论 Theory" : "实训 Practice";
            var place = WebUtility.HtmlEncode(string.IsNullOrEmpty(facts.Address) ? $"{facts.CenterName} {facts.Venue}" : $"{facts.CenterName} {facts.Venue}（{facts.Address}）");
            var body = $"<p>上课提醒 · Class reminder: <strong>{WebUtility.HtmlEncode(facts.Title)}</strong></p>" +
                       $"<p>{session.Date:yyyy-MM-dd} {session.Start:HH\\:mm}-{session.End:HH\\:mm}（北京时间 Beijing time）· {kind} · {place}</p>";
            var sessionId = session.Id;
            sent += await db.InTransactionAsync(async token =>
            {
                // Read again inside the unit: a repeated try starts from an empty change tracker.
                var reminded = await db.CohortSessions.SingleAsync(s => s.Id == sessionId, token);
                reminded.MarkReminded(now);
                await db.SaveChangesAsync(token);
                var mailed = 0;
                foreach (var email in recipients.OfType<string>())
                {
                    await mailer.SendAsync(email, $"明天上课 · Class tomorrow — {facts.Title}", body, token);
                    mailed++;
                }
                return mailed;
            }, ct);
        }
        return sent;
    }
}
