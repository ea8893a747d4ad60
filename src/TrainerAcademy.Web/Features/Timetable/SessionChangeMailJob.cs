using System.Net;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Outbox;

namespace TrainerAcademy.Features.Timetable;

/// <summary>
/// Tells every learner holding a place in the cohort that sessions moved, were cancelled or were made up, through the
/// outbox (SMTP when configured). A job, so the staff member's change does not wait on e-mail and a failure is retried.
/// </summary>
public sealed class SessionChangeMailJob(AcademyDbContext db, Mailer mailer)
{
    public async Task<int> RunAsync(int cohortId, string[] lines, CancellationToken ct)
    {
        var title = await (from k in db.Cohorts where k.Id == cohortId join c in db.Courses on k.CourseId equals c.Id select c.Title).SingleOrDefaultAsync(ct);
        if (title is null || lines.Length == 0) return 0;
        var recipients = await (
            from e in db.Enrollments
            where e.CohortId == cohortId && (e.Status == EnrollmentStatus.Confirmed || e.Status == EnrollmentStatus.PendingPayment)
            join u in db.Users on e.LearnerId equals u.Id
            select u.Email).Distinct().ToListAsync(ct);

        var items = string.Concat(lines.Select(l => $"<li>{WebUtility.HtmlEncode(l)}</li>"));
        var body = $"<p>{WebUtility.HtmlEncode(title)} 的课表有变动 · The timetable of {WebUtility.HtmlEncode(title)} changed:</p><ul>{items}</ul>" +
                   "<p>订阅了课表的日历会自动更新。Calendars subscribed to your timetable update by themselves.</p>";
        foreach (var email in recipients.OfType<string>())
            await mailer.SendAsync(email, $"课表变更 · Timetable change — {title}", body, ct);
        return recipients.Count;
    }

    /// <summary>One line per change a learner cares about (a new instructor alone is not worth an e-mail).</summary>
    public static string[] Describe(IEnumerable<SessionChangeView> changes) =>
    [
        .. changes.Select(c => c.Kind switch
        {
            "moved" => $"第 {c.Sequence} 次课改期 · Session {c.Sequence} moved: {When(c.Before!)} → {When(c.After!)}",
            "cancelled" => $"第 {c.Sequence} 次课取消 · Session {c.Sequence} cancelled: {When(c.Before!)}",
            "madeUp" => $"补课 · Make-up session {c.Sequence}: {When(c.After!)}",
            _ => null,
        }).OfType<string>(),
    ];

    private static string When(SessionView s) => $"{s.Date:yyyy-MM-dd} {s.Start}-{s.End}（{s.Venue.Name}）";
}
