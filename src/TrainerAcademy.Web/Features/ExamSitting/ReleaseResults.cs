using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.ExamSitting;

public sealed record ReleaseResult(int SessionId, DateTimeOffset ReleasedAt, int Attempts, int Passed);

/// <summary>
/// An admin releases a session's results once its window has closed: attempts whose time is over are closed and
/// every submitted attempt is graded first; an attempt still inside its save grace holds the release back.
/// </summary>
public static class ReleaseResults
{
    public sealed class Handler(AcademyDbContext db, AttemptLifecycle lifecycle, AttemptGradingJob grading, CurrentUser user, AuditLog.AuditTrail audit)
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
            var awaiting = await db.ExamAttempts.Where(a => a.SessionId == sessionId).Where(ExamAttempt.AwaitsExaminers).CountAsync(ct);
            if (awaiting > 0)
            {
                var marking = new RuleViolation("results.awaiting-examiners",
                    $"{awaiting} skill papers have written tasks the examiners have not scored yet; results are released once they are.");
                marking.Data["papers"] = awaiting;
                throw marking;
            }
            if (await db.ExamAttempts.AnyAsync(a => a.SessionId == sessionId && a.Status != AttemptStatus.Graded, ct))
                throw new RuleViolation("results.ungraded", "Some attempts could not be graded yet; try again in a moment.");

            session = await db.ExamSessions.SingleAsync(s => s.Id == sessionId, ct);
            var firstRelease = !session.ResultsReleased;
            session.ReleaseResults(now);
            var attempts = await db.ExamAttempts.Where(a => a.SessionId == sessionId).CountAsync(ct);
            var passed = await db.ExamAttempts.Where(a => a.SessionId == sessionId && a.Passed == true).CountAsync(ct);
            if (firstRelease)
                audit.Record(AuditLog.AuditActor.Of(user), AuditLog.AuditActions.ResultsReleased, AuditLog.AuditTargets.ExamSession,
                    sessionId.ToString(System.Globalization.CultureInfo.InvariantCulture), session.CenterId,
                    $"{session.Title} · level {session.Level} · {attempts} attempts, {passed} passed");
            await db.SaveChangesAsync(ct);
            return new ReleaseResult(session.Id, session.ResultsReleasedAt!.Value, attempts, passed);
        }
    }
}
