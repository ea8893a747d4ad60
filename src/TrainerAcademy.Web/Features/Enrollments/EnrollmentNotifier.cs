using System.Net;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Outbox;

namespace TrainerAcademy.Features.Enrollments;

/// <summary>The e-mails of the enrollment journey, in Chinese with English below.</summary>
[FeatureService]
public sealed class EnrollmentNotifier(AcademyDbContext db, Mailer mailer)
{
    public async Task PromotedAsync(Enrollment e, TimeSpan hold, CancellationToken ct)
    {
        var (email, title) = await RecipientAsync(e, ct);
        if (email is null) return;
        var body = e.Status == EnrollmentStatus.Confirmed
            ? $"<p>您已从候补名单转为正式学员：{title}。</p><p>A place came free and is now yours: {title}.</p>"
            : $"<p>有名额空出，已为您保留 {hold.TotalMinutes:0} 分钟：{title}。请在「我的报名」中完成支付。</p>" +
              $"<p>A place came free in {title}. It is held for you for {hold.TotalMinutes:0} minutes: pay for it under “My enrollments”.</p>";
        await mailer.SendAsync(email, "候补转正 · A place came free", body, ct);
    }

    public async Task ConfirmedAsync(Enrollment e, CancellationToken ct)
    {
        var (email, title) = await RecipientAsync(e, ct);
        if (email is null) return;
        await mailer.SendAsync(email, "报名成功 · Enrollment confirmed",
            $"<p>报名成功：{title}。</p><p>Your place is confirmed: {title}.</p>", ct);
    }

    public async Task RefundedAsync(Enrollment e, decimal amount, string reason, CancellationToken ct)
    {
        var (email, title) = await RecipientAsync(e, ct);
        if (email is null) return;
        await mailer.SendAsync(email, "退款通知 · Refund",
            $"<p>{title}：已退款 ¥{amount:N2}（{WebUtility.HtmlEncode(reason)}）。</p><p>{title}: CNY {amount:N2} refunded ({WebUtility.HtmlEncode(reason)}).</p>", ct);
    }

    /// <summary>The learner's place was cancelled by money going back: a refund made by the center in Stripe, or a lost dispute.</summary>
    public async Task CancelledAsync(Enrollment e, string reason, CancellationToken ct)
    {
        var (email, title) = await RecipientAsync(e, ct);
        if (email is null) return;
        var (zh, en) = reason == "dispute-lost"
            ? ("付款争议已由发卡行裁定退回", "the card issuer returned the payment after a dispute")
            : ("付款已全额退回", "the payment was refunded in full");
        await mailer.SendAsync(email, "报名已取消 · Enrollment cancelled",
            $"<p>{title}：{zh}，名额已取消。</p><p>{title}: {en}, so the place is cancelled.</p>", ct);
    }

    /// <summary>
    /// Something about money that people must look at: to the center's staff and the platform's administrators, through
    /// the outbox, so it is stored with the change it reports.
    /// </summary>
    public async Task StaffAlertAsync(int centerId, string subject, string text, CancellationToken ct)
    {
        var admins = from ur in db.UserRoles
                     join r in db.Roles on ur.RoleId equals r.Id
                     where r.Name == Auth.Roles.Admin
                     select ur.UserId;
        var recipients = await db.Users
            .Where(u => u.CenterId == centerId || admins.Contains(u.Id))
            .Select(u => u.Email).ToListAsync(ct);
        foreach (var email in recipients.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
            await mailer.SendAsync(email, subject, $"<p>{WebUtility.HtmlEncode(text)}</p>", ct);
    }

    private async Task<(string? Email, string Title)> RecipientAsync(Enrollment e, CancellationToken ct)
    {
        var row = await (from u in db.Users
                         where u.Id == e.LearnerId
                         join k in db.Cohorts on e.CohortId equals k.Id
                         join c in db.Courses on k.CourseId equals c.Id
                         select new { u.Email, c.Title, k.StartsOn }).SingleOrDefaultAsync(ct);
        return row is null ? (null, "") : (row.Email, WebUtility.HtmlEncode($"{row.Title}（{row.StartsOn:yyyy-MM-dd} 开班）"));
    }
}
