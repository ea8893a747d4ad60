using System.Net;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Outbox;

namespace TrainerAcademy.Features.Timetable;

/// <summary>
/// Queued when an admin publishes a year of the statutory calendar (marks it checked or imports its days): tells the
/// staff of each center whose cohorts were planned into that year before it was published, and every admin, that the
/// timetable should be regenerated, with the session dates that now fall on a holiday or make-up working day. Each
/// cohort's year is told once: a second publish, a retry or two runs at once find it already told.
/// </summary>
public sealed class CalendarPublishedJob(AcademyDbContext db, Mailer mailer, TimeProvider clock, ILogger<CalendarPublishedJob> log)
{
    /// <summary>The number of cohorts whose staff were told.</summary>
    public async Task<int> RunAsync(int year, CancellationToken ct)
    {
        if (!await db.StatutoryCalendarYears.AnyAsync(y => y.Year == year, ct)) return 0;
        var cohortIds = await db.TimetableCalendarGaps.AsNoTracking().Where(g => g.Year == year && g.NotifiedAt == null)
            .OrderBy(g => g.CohortId).Select(g => g.CohortId).ToListAsync(ct);
        if (cohortIds.Count == 0) return 0;
        var admins = await (
            from ur in db.UserRoles
            join r in db.Roles on ur.RoleId equals r.Id
            where r.Name == Roles.Admin
            join u in db.Users on ur.UserId equals u.Id
            select u.Email).ToListAsync(ct);

        var told = 0;
        foreach (var cohortId in cohortIds)
        {
            // The claim and the e-mails commit together: a failed run leaves the year untold and Hangfire's retry tells it.
            if (await TellAsync(cohortId, year, admins, ct)) told++;
        }
        return told;
    }

    private Task<bool> TellAsync(int cohortId, int year, IReadOnlyList<string?> admins, CancellationToken ct) =>
        db.InTransactionAsync(async token =>
        {
            var now = clock.GetUtcNow();
            var claimed = await db.TimetableCalendarGaps.Where(g => g.CohortId == cohortId && g.Year == year && g.NotifiedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(g => g.NotifiedAt, now), token);
            if (claimed == 0) return false;
            var cohort = await (
                from k in db.Cohorts.AsNoTracking()
                where k.Id == cohortId
                join c in db.Courses on k.CourseId equals c.Id
                select new { k.CenterId, k.StartsOn, k.Status, c.Title }).SingleAsync(token);
            if (cohort.Status is not (CohortStatus.Cancelled or CohortStatus.Completed))
            {
                var warning = await db.CalendarWarningAsync(cohortId, token);
                var clashing = warning?.ClashingDates.Where(d => d.Year == year).ToList() ?? [];
                var staff = await (
                    from u in db.Users
                    where u.CenterId == cohort.CenterId
                    join ur in db.UserRoles on u.Id equals ur.UserId
                    join r in db.Roles on ur.RoleId equals r.Id
                    where r.Name == Roles.CenterStaff
                    select u.Email).ToListAsync(token);
                var (subject, body) = Message(year, cohortId, cohort.Title, cohort.StartsOn, clashing);
                foreach (var email in staff.Concat(admins).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
                    await mailer.SendAsync(email, subject, body, token);
                log.LogInformation("Calendar {Year} published: cohort {Cohort} told, {Clashes} session dates clash", year, cohortId, clashing.Count);
                return true;
            }
            return false;
        }, ct);

    private static (string Subject, string Body) Message(int year, int cohortId, string title, DateOnly startsOn, IReadOnlyList<DateOnly> clashing)
    {
        var t = WebUtility.HtmlEncode(title);
        var subject = $"{year} 年法定节假日安排已公布，建议重新生成课表 · Calendar {year} published: regenerate advised — {title}";
        var clashes = clashing.Count == 0
            ? "<p>目前没有课程落在节假日或调休上班日。 · No session falls on a holiday or make-up working day yet.</p>"
            : "<p>以下课程日期现为节假日或调休上班日 · These session dates are now holidays or make-up working days:</p><ul>" +
              string.Concat(clashing.Select(d => $"<li>{d:yyyy-MM-dd}</li>")) + "</ul>";
        var body =
            $"<p>{t}（{startsOn:yyyy-MM-dd} 开课）的课表排定时，{year} 年的法定节假日安排尚未公布，该年的课程暂按普通周末排定。现已公布。</p>" +
            $"<p>The timetable of {t} (starting {startsOn:yyyy-MM-dd}) was planned before the statutory calendar of {year} was published, " +
            "treating its weekends as ordinary. It is now published.</p>" + clashes +
            $"<p>请在课表页面重新生成课表 · Regenerate the timetable on its page: /staff/cohorts/{cohortId}/timetable</p>";
        return (subject, body);
    }
}
