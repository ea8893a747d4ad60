using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Catalog;

namespace TrainerAcademy.Features.Timetable;

public sealed record NamedRef(int Id, string Name);

/// <summary>One session as the API shows it: local date and times in China, the same moments in UTC.</summary>
public sealed record SessionView(
    int Sequence, DateOnly Date, string Start, string End, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Kind,
    NamedRef Venue, NamedRef Instructor);

public sealed record ConflictView(DateTimeOffset CreatedAt, string Text);

/// <summary>
/// A cohort's timetable. <see cref="CalendarWarning"/>, for the center's staff and admins, tells of sessions in years
/// whose statutory calendar is not (or was not, when planned) published; null when there are none.
/// </summary>
public sealed record TimetableView(int CohortId, IReadOnlyList<SessionView> Sessions, ConflictView? Conflict, CalendarWarningView? CalendarWarning = null);

public static class TimetableQueries
{
    public sealed class Handler(AcademyDbContext db, CenterAccess access, CurrentUser user, TimetableProgress progress)
    {
        /// <summary>The cohort's timetable-job status, for its center's staff and admins (another center's cohort is a 404).</summary>
        public async Task<TimetableStatusView> StatusAsync(int cohortId, CancellationToken ct = default)
        {
            await access.EnsureCanManageAsync(await db.Cohorts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cohortId, ct));
            return progress.Read(cohortId);
        }

        /// <summary>The warning about the cohort's sessions in years whose statutory calendar is not (or was not) published; for its center's staff and admins.</summary>
        public async Task<CalendarWarningView?> CalendarWarningAsync(int cohortId, CancellationToken ct = default)
        {
            await access.EnsureCanManageAsync(await db.Cohorts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cohortId, ct));
            return await db.CalendarWarningAsync(cohortId, ct);
        }

        /// <summary>
        /// The cohort's scheduled sessions in order, and its conflict report if any; null when the cohort does not
        /// exist or the user may not see it (anyone sees open and running cohorts; the center's staff and admins all).
        /// </summary>
        public async Task<TimetableView?> TimetableAsync(int cohortId, CancellationToken ct = default)
        {
            var cohort = await db.Cohorts.AsNoTracking().Where(c => c.Id == cohortId)
                .Select(c => new { c.CenterId, c.Status }).SingleOrDefaultAsync(ct);
            if (cohort is null) return null;
            if (!CatalogQueries.PublicStatuses.Contains(cohort.Status) && !user.CanManage(cohort.CenterId)) return null;

            var rows = await (
                from s in db.CohortSessions.AsNoTracking()
                join v in db.Venues on s.VenueId equals v.Id
                join i in db.Instructors on s.InstructorId equals i.Id
                where s.CohortId == cohortId && s.Status == SessionStatus.Scheduled
                orderby s.Sequence
                select new { s.Sequence, s.Date, s.Start, s.End, s.StartsAt, s.EndsAt, s.Kind, s.VenueId, VenueName = v.Name, s.InstructorId, InstructorName = i.Name })
                .ToListAsync(ct);
            var sessions = rows.OrderBy(r => r.Sequence).Select(r => new SessionView(
                r.Sequence, r.Date, r.Start.ToString("HH:mm"), r.End.ToString("HH:mm"), r.StartsAt, r.EndsAt,
                r.Kind == SessionKind.Theory ? "theory" : "practice",
                new NamedRef(r.VenueId, r.VenueName), new NamedRef(r.InstructorId, r.InstructorName))).ToList();
            var conflict = await db.TimetableConflicts.AsNoTracking().Where(c => c.CohortId == cohortId)
                .Select(c => new ConflictView(c.CreatedAt, c.Text)).SingleOrDefaultAsync(ct);
            // Staff act on it (regenerate); learners see the sessions as planned.
            var warning = user.CanManage(cohort.CenterId) ? await db.CalendarWarningAsync(cohortId, ct) : null;
            return new TimetableView(cohortId, sessions, conflict, warning);
        }
    }
}
