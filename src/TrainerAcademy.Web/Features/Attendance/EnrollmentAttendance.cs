using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Features.Attendance;

/// <summary>One session of a place's timetable with the learner's mark (null: none taken).</summary>
public sealed record SessionMarkView(
    int SessionId, int Sequence, DateOnly Date, string Start, string End, string Kind, bool Cancelled, string? Status, int MinutesMissed, int MinutesAttended);

public sealed record EnrollmentAttendanceView(int EnrollmentId, string CourseTitle, TrainingProgressView Progress, IReadOnlyList<SessionMarkView> Sessions);

/// <summary>A place's attendance, for its learner or the center's staff; anyone else gets 404.</summary>
public static class EnrollmentAttendance
{
    public sealed class Handler(AcademyDbContext db, CurrentUser user, TrainingProgress progress)
    {
        public async Task<EnrollmentAttendanceView> GetAsync(int enrollmentId, CancellationToken ct = default)
        {
            var place = await (
                from e in db.Enrollments.AsNoTracking()
                where e.Id == enrollmentId
                join k in db.Cohorts on e.CohortId equals k.Id
                join c in db.Courses on k.CourseId equals c.Id
                select new { e.LearnerId, e.CenterId, e.CohortId, c.Title }).SingleOrDefaultAsync(ct);
            if (place is null || (place.LearnerId != user.Id && !user.CanManage(place.CenterId)))
                throw new NotFoundException();

            var rows = await (
                from s in db.CohortSessions.AsNoTracking()
                where s.CohortId == place.CohortId
                from r in db.AttendanceRecords.Where(r => r.SessionId == s.Id && r.EnrollmentId == enrollmentId).DefaultIfEmpty()
                select new { Session = s, Record = r }).ToListAsync(ct);
            var sessions = rows.OrderBy(x => x.Session.StartsAt).ThenBy(x => x.Session.Sequence).Select(x =>
            {
                var s = x.Session;
                var cancelled = s.Status == SessionStatus.Cancelled;
                return new SessionMarkView(s.Id, s.Sequence, s.Date, s.Start.ToString("HH:mm"), s.End.ToString("HH:mm"), AttendanceData.KindName(s.Kind),
                    cancelled, x.Record is null ? null : AttendanceData.StatusName(x.Record.Status), x.Record?.MinutesMissed ?? 0,
                    x.Record is null || cancelled ? 0 : x.Record.MinutesAttended(s.Minutes));
            }).ToList();
            return new EnrollmentAttendanceView(enrollmentId, place.Title, await progress.ForEnrollmentAsync(enrollmentId, ct), sessions);
        }
    }
}
