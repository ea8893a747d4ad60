using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Features.Timetable;

/// <summary>
/// One session in a person's or a center's calendar. <see cref="State"/> is "scheduled", "changed" (moved or given to
/// another instructor after the timetable was made) or "cancelled" (the session or its whole cohort).
/// </summary>
public sealed record CalendarSessionView(
    int CohortId, string CourseTitle, string CenterName, int Sequence, DateOnly Date, string Start, string End,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Kind, NamedRef Venue, NamedRef Instructor, string State);

/// <summary>The seven days from a Monday and their sessions, for the learner's and the staff's week views.</summary>
public sealed record WeekGrid(DateOnly Monday, IReadOnlyList<CalendarSessionView> Sessions, bool ShowCohort)
{
    public IEnumerable<DateOnly> Days => Enumerable.Range(0, 7).Select(Monday.AddDays);
}

/// <summary>Sessions across cohorts: those of a learner's places, or those of a center's cohorts, between two dates.</summary>
public static class SessionCalendar
{
    /// <summary>A year at most per request, so one call cannot ask for every session ever planned.</summary>
    public const int MaxRangeDays = 366;

    public sealed class Handler(AcademyDbContext db, CurrentUser user)
    {
        /// <summary>The sessions of every cohort the learner holds a confirmed or pending place in.</summary>
        public Task<IReadOnlyList<CalendarSessionView>> LearnerAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
        {
            CheckRange(from, to);
            var learnerId = user.RequiredId;
            var cohorts = db.Enrollments
                .Where(e => e.LearnerId == learnerId && (e.Status == EnrollmentStatus.Confirmed || e.Status == EnrollmentStatus.PendingPayment))
                .Select(e => e.CohortId);
            return QueryAsync(db.CohortSessions.Where(s => cohorts.Contains(s.CohortId)), from, to, ct);
        }

        /// <summary>Every session of the center's cohorts; another center's is a 404 for staff.</summary>
        public Task<IReadOnlyList<CalendarSessionView>> CenterAsync(int centerId, DateOnly from, DateOnly to, CancellationToken ct = default)
        {
            CheckRange(from, to);
            if (!user.CanManage(centerId)) throw new NotFoundException();
            return QueryAsync(db.CohortSessions.Where(s => s.CenterId == centerId), from, to, ct);
        }

        private async Task<IReadOnlyList<CalendarSessionView>> QueryAsync(IQueryable<CohortSession> sessions, DateOnly first, DateOnly last, CancellationToken ct)
        {
            var rows = await (
                from s in sessions.AsNoTracking()
                where s.Date >= first && s.Date <= last
                join k in db.Cohorts on s.CohortId equals k.Id
                join c in db.Courses on k.CourseId equals c.Id
                join center in db.Centers on s.CenterId equals center.Id
                join v in db.Venues on s.VenueId equals v.Id
                join i in db.Instructors on s.InstructorId equals i.Id
                select new
                {
                    s.CohortId, c.Title, CenterName = center.Name, s.Sequence, s.Date, s.Start, s.End, s.StartsAt, s.EndsAt, s.Kind,
                    s.VenueId, VenueName = v.Name, s.InstructorId, InstructorName = i.Name, s.Status, s.Revision, CohortStatus = k.Status,
                }).ToListAsync(ct);
            return [.. rows.OrderBy(r => r.Date).ThenBy(r => r.Start).ThenBy(r => r.CohortId).ThenBy(r => r.Sequence)
                .Select(r => new CalendarSessionView(
                    r.CohortId, r.Title, r.CenterName, r.Sequence, r.Date, r.Start.ToString("HH:mm"), r.End.ToString("HH:mm"), r.StartsAt, r.EndsAt,
                    r.Kind == SessionKind.Theory ? "theory" : "practice",
                    new NamedRef(r.VenueId, r.VenueName), new NamedRef(r.InstructorId, r.InstructorName),
                    r.Status == SessionStatus.Cancelled || r.CohortStatus == CohortStatus.Cancelled ? "cancelled"
                    : r.Revision > 0 ? "changed" : "scheduled"))];
        }

        private static void CheckRange(DateOnly from, DateOnly to)
        {
            if (to < from || to.DayNumber - from.DayNumber >= MaxRangeDays)
                throw new RuleViolation("sessions.range", $"Ask for at most {MaxRangeDays} days, with `to` on or after `from`.", "to");
        }
    }
}

/// <summary>Weekday names and week arithmetic for the week views (weeks start on Monday, as in China).</summary>
public static class WeekdayNames
{
    public static string Of(IStringLocalizer L, DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => L["Monday"],
        DayOfWeek.Tuesday => L["Tuesday"],
        DayOfWeek.Wednesday => L["Wednesday"],
        DayOfWeek.Thursday => L["Thursday"],
        DayOfWeek.Friday => L["Friday"],
        DayOfWeek.Saturday => L["Saturday"],
        _ => L["Sunday"],
    };

    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
}
