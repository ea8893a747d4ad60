using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.ExamSitting;

public sealed record AccommodationResult(int RegistrationId, int AccommodationMinutes, int? AttemptId, DateTimeOffset? Deadline);

/// <summary>
/// Staff of the session's center (or an admin) grant a candidate extra minutes. An attempt under way gets the later
/// deadline (never past the window's end) and a new deadline job; the job of the old deadline re-checks and does nothing.
/// </summary>
public static class GrantAccommodation
{
    public sealed record Command(int Minutes);

    public sealed class Handler(AcademyDbContext db, CenterAccess access, AttemptLifecycle lifecycle)
    {
        public async Task<AccommodationResult> GrantAsync(int registrationId, Command command, CancellationToken ct = default)
        {
            var registration = await access.EnsureCanManageAsync(await db.ExamRegistrations.SingleOrDefaultAsync(r => r.Id == registrationId, ct));
            registration.GrantAccommodation(command.Minutes);
            var attempt = await db.ExamAttempts.SingleOrDefaultAsync(a => a.RegistrationId == registrationId, ct);
            var moved = false;
            if (attempt is not null && !await lifecycle.CloseIfExpiredAsync(attempt, ct) && attempt.Status == AttemptStatus.InProgress)
            {
                var windowEnd = await db.ExamSessions.Where(s => s.Id == attempt.SessionId).Select(s => s.WindowEnd).SingleAsync(ct);
                var before = attempt.Deadline;
                attempt.Reschedule(command.Minutes, windowEnd);
                moved = attempt.Deadline != before;
                db.AttemptEvents.Add(new AttemptEvent(attempt.Id, AttemptEventKind.AccommodationGranted, lifecycle.Now,
                    detail: $"+{command.Minutes} min; deadline {before:O} -> {attempt.Deadline:O}"));
            }
            await db.SaveChangesAsync(ct);
            if (moved) lifecycle.ScheduleDeadline(attempt!.Id, attempt.Deadline);
            return new AccommodationResult(registration.Id, registration.AccommodationMinutes, attempt?.Id, attempt?.Deadline);
        }
    }
}

public sealed record ReleaseResult(int SessionId, DateTimeOffset ReleasedAt, int Attempts, int Passed);

/// <summary>
/// An admin releases a session's results once its window has closed: attempts whose time is over are closed and
/// every submitted attempt is graded first; an attempt still inside its save grace holds the release back.
/// </summary>
public static class ReleaseResults
{
    public sealed class Handler(AcademyDbContext db, AttemptLifecycle lifecycle, AttemptGradingJob grading)
    {
        public async Task<ReleaseResult> ReleaseAsync(int sessionId, CancellationToken ct = default)
        {
            var session = await db.ExamSessions.SingleOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw new NotFoundException();
            var now = lifecycle.Now;
            if (now < session.WindowEnd)
                throw new RuleViolation("exam-session.release-early", "Results are released after the exam window has closed.");

            var open = await db.ExamAttempts.Where(a => a.SessionId == sessionId && a.Status == AttemptStatus.InProgress).ToListAsync(ct);
            foreach (var attempt in open) await lifecycle.CloseIfExpiredAsync(attempt, ct);
            db.ChangeTracker.Clear();
            if (await db.ExamAttempts.AnyAsync(a => a.SessionId == sessionId && a.Status == AttemptStatus.InProgress, ct))
                throw new RuleViolation("results.attempts-in-progress",
                    "Some candidates' last answers may still be arriving; release the results a minute after the window has closed.");
            foreach (var id in await db.ExamAttempts.Where(a => a.SessionId == sessionId && a.Status == AttemptStatus.Submitted).Select(a => a.Id).ToListAsync(ct))
            {
                db.ChangeTracker.Clear();
                await grading.GradeAsync(id, ct);
            }
            db.ChangeTracker.Clear();
            if (await db.ExamAttempts.AnyAsync(a => a.SessionId == sessionId && a.Status != AttemptStatus.Graded, ct))
                throw new RuleViolation("results.ungraded", "Some attempts could not be graded yet; try again in a moment.");

            session = await db.ExamSessions.SingleAsync(s => s.Id == sessionId, ct);
            session.ReleaseResults(now);
            await db.SaveChangesAsync(ct);
            var attempts = await db.ExamAttempts.Where(a => a.SessionId == sessionId).CountAsync(ct);
            var passed = await db.ExamAttempts.Where(a => a.SessionId == sessionId && a.Passed == true).CountAsync(ct);
            return new ReleaseResult(session.Id, session.ResultsReleasedAt!.Value, attempts, passed);
        }
    }
}

public sealed record CandidateResultRow(int AttemptId, int RegistrationId, string Candidate, string TicketNumber, AttemptStatus Status,
    decimal? Score, bool? Passed, bool AutoSubmitted, DateTimeOffset StartedAt, DateTimeOffset? SubmittedAt, int AccommodationMinutes);

public sealed record SessionResultsView(int SessionId, string Title, int Level, int CenterId, DateTimeOffset WindowStart, DateTimeOffset WindowEnd,
    DateTimeOffset? ResultsReleasedAt, IReadOnlyList<CandidateResultRow> Rows)
{
    /// <summary>Graded scores in bins of ten points: 0–9, 10–19, …, 90–100.</summary>
    public int[] Distribution()
    {
        var bins = new int[10];
        foreach (var score in Rows.Where(r => r.Score is not null).Select(r => r.Score!.Value))
            bins[Math.Clamp((int)Math.Floor(score / 10m), 0, 9)]++;
        return bins;
    }
}

public sealed record AuditLine(DateTimeOffset At, AttemptEventKind Kind, int? ItemId, int? Revision, string? Detail);

public sealed record AttemptAuditView(int AttemptId, int RegistrationId, int SessionId, string SessionTitle, string Candidate, string TicketNumber,
    AttemptStatus Status, DateTimeOffset StartedAt, DateTimeOffset Deadline, DateTimeOffset? SubmittedAt, bool AutoSubmitted, int Seed,
    int AccommodationMinutes, decimal? Score, IReadOnlyList<AuditLine> Events);

/// <summary>Staff views: a session's results table and an attempt's audit trail (staff of the session's center, or an admin).</summary>
public static class StaffExamQueries
{
    public sealed class Handler(AcademyDbContext db, CenterAccess access)
    {
        public async Task<SessionResultsView> SessionAsync(int sessionId, CancellationToken ct = default)
        {
            var session = await access.EnsureCanManageAsync(await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct));
            var rows = await (
                    from a in db.ExamAttempts.AsNoTracking()
                    where a.SessionId == sessionId
                    join r in db.ExamRegistrations on a.RegistrationId equals r.Id
                    join u in db.Users on a.LearnerId equals u.Id
                    orderby r.TicketNumber
                    select new CandidateResultRow(a.Id, r.Id, u.DisplayName ?? u.Email ?? "", r.TicketNumber, a.Status, a.Score, a.Passed, a.AutoSubmitted,
                        a.StartedAt, a.SubmittedAt, r.AccommodationMinutes))
                .ToListAsync(ct);
            return new SessionResultsView(session.Id, session.Title, session.Level, session.CenterId, session.WindowStart, session.WindowEnd,
                session.ResultsReleasedAt, rows);
        }

        public async Task<AttemptAuditView> AuditAsync(int attemptId, CancellationToken ct = default)
        {
            var attempt = await access.EnsureCanManageAsync(await db.ExamAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attemptId, ct));
            var registration = await db.ExamRegistrations.AsNoTracking().SingleAsync(r => r.Id == attempt.RegistrationId, ct);
            var title = await db.ExamSessions.Where(s => s.Id == attempt.SessionId).Select(s => s.Title).SingleAsync(ct);
            var candidate = await db.Users.Where(u => u.Id == attempt.LearnerId).Select(u => u.DisplayName ?? u.Email ?? "").SingleAsync(ct);
            var events = await db.AttemptEvents.AsNoTracking().Where(e => e.AttemptId == attemptId)
                .OrderBy(e => e.Id)
                .Select(e => new AuditLine(e.At, e.Kind, e.Position, e.Revision, e.Detail))
                .ToListAsync(ct);
            return new AttemptAuditView(attempt.Id, registration.Id, attempt.SessionId, title, candidate, registration.TicketNumber, attempt.Status,
                attempt.StartedAt, attempt.Deadline, attempt.SubmittedAt, attempt.AutoSubmitted, attempt.Seed, registration.AccommodationMinutes,
                attempt.Score, events);
        }
    }
}
