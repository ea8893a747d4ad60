using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Attendance;

namespace TrainerAcademy.Features.Attendance;

/// <summary>One learner of a session's roster with the mark taken so far (null: not marked yet).</summary>
public sealed record RosterMark(int EnrollmentId, string Name, string Email, string? Status, int MinutesMissed, string? Source, DateTimeOffset? RecordedAt);

/// <summary>A session's roster: the confirmed learners of its cohort and their marks; <c>CanMark</c> once it has started.</summary>
public sealed record SessionRosterView(SessionHeader Session, bool CanMark, IReadOnlyList<RosterMark> Learners);

/// <summary>
/// Staff take a session's attendance from its roster (their center's sessions; admins any; another center's is a 404).
/// A save is all or nothing: one mark that breaks a rule refuses the whole save, naming that mark. Marks of learners
/// left out of a save are kept; a staff mark replaces one the learner took by scanning.
/// </summary>
public static class TakeAttendance
{
    public sealed record MarkInput(int? EnrollmentId, string? Status, int? MinutesMissed);

    public sealed record Command(IReadOnlyList<MarkInput>? Marks);

    public sealed class Handler(AcademyDbContext db, CenterAccess access, CurrentUser user, TimeProvider clock, ILogger<Handler> log)
    {
        public async Task<SessionRosterView> RosterAsync(int sessionId, CancellationToken ct = default)
        {
            var session = await LoadAsync(sessionId, ct);
            var learners = await (
                from e in db.Enrollments.AsNoTracking()
                where e.CohortId == session.CohortId && e.Status == EnrollmentStatus.Confirmed
                join u in db.Users on e.LearnerId equals u.Id
                from p in db.LearnerProfiles.Where(p => p.UserId == e.LearnerId).DefaultIfEmpty()
                from r in db.AttendanceRecords.Where(r => r.SessionId == sessionId && r.EnrollmentId == e.Id).DefaultIfEmpty()
                select new
                {
                    e.Id, u.Email, Name = p == null ? u.DisplayName : p.RealName ?? u.DisplayName,
                    Status = r == null ? (AttendanceStatus?)null : r.Status,
                    MinutesMissed = r == null ? 0 : r.MinutesMissed,
                    Source = r == null ? (AttendanceSource?)null : r.Source,
                    RecordedAt = r == null ? (DateTimeOffset?)null : r.RecordedAt,
                }).ToListAsync(ct);
            var marks = learners
                .Select(l => new RosterMark(l.Id, string.IsNullOrWhiteSpace(l.Name) ? l.Email ?? "" : l.Name, l.Email ?? "",
                    l.Status is { } s ? AttendanceData.StatusName(s) : null, l.MinutesMissed,
                    l.Source switch { AttendanceSource.CheckIn => "checkIn", AttendanceSource.Roster => "roster", _ => null }, l.RecordedAt))
                .OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.EnrollmentId)
                .ToList();
            return new SessionRosterView(session, !session.Cancelled && clock.GetUtcNow() >= session.StartsAt, marks);
        }

        public async Task<SessionRosterView> SaveAsync(int sessionId, Command command, CancellationToken ct = default)
        {
            var session = await LoadAsync(sessionId, ct);
            if (session.Cancelled)
                throw new RuleViolation("attendance.session-cancelled", "This session was cancelled; no attendance is taken for it.");
            var now = clock.GetUtcNow();
            if (now < session.StartsAt)
                throw new RuleViolation("attendance.not-started", "Attendance is taken once the session has started.");
            var marks = command.Marks ?? [];
            if (marks.Count == 0)
                throw new RuleViolation("attendance.marks-required", "Mark at least one learner.", "marks");

            var places = await db.Enrollments.AsNoTracking()
                .Where(e => e.CohortId == session.CohortId && e.Status == EnrollmentStatus.Confirmed)
                .ToDictionaryAsync(e => e.Id, e => e.LearnerId, ct);
            var stored = await db.AttendanceRecords.Where(r => r.SessionId == sessionId).ToDictionaryAsync(r => r.EnrollmentId, ct);
            var by = user.RequiredId;
            var seen = new HashSet<int>();
            for (var i = 0; i < marks.Count; i++)
            {
                var mark = marks[i];
                if (mark?.EnrollmentId is not { } enrollmentId || !places.TryGetValue(enrollmentId, out var learnerId))
                    throw new RuleViolation("attendance.unknown-learner", $"Mark {i + 1} is not for a learner with a confirmed place in this class.", $"marks[{i}].enrollmentId");
                if (!seen.Add(enrollmentId))
                    throw new RuleViolation("attendance.duplicate-mark", $"Mark {i + 1} marks the same learner twice.", $"marks[{i}].enrollmentId");
                if (!AttendanceData.TryParseStatus(mark.Status, out var status))
                    throw new RuleViolation("attendance.status", "Choose present, late, left early, absent or excused.", $"marks[{i}].status");
                if (!stored.TryGetValue(enrollmentId, out var record))
                {
                    record = new AttendanceRecord(session.SessionId, session.CohortId, session.CenterId, enrollmentId, learnerId);
                    db.AttendanceRecords.Add(record);
                    stored[enrollmentId] = record;
                }
                try
                {
                    record.Mark(status, mark.MinutesMissed ?? 0, session.Minutes, AttendanceSource.Roster, by, now);
                }
                catch (RuleViolation v)
                {
                    throw new RuleViolation(v.Code, v.Message, $"marks[{i}].{v.Field ?? "status"}");
                }
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e)
            {
                // A learner's scan stored a first mark between our read and our save: nothing of this save was kept.
                log.LogInformation(e, "Attendance of session {Session} changed during a save", sessionId);
                throw new ConflictViolation("attendance.changed", "A learner checked in while you were marking. Reload the roster and save again.");
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
            return await RosterAsync(sessionId, ct);
        }

        private async Task<SessionHeader> LoadAsync(int sessionId, CancellationToken ct)
        {
            await access.EnsureCanManageAsync(await db.CohortSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct));
            return await db.SessionHeaderAsync(sessionId, ct) ?? throw new NotFoundException();
        }
    }
}
