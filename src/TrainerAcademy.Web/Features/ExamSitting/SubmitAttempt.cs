using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.ExamSitting;

public sealed record SubmitResult(int AttemptId, AttemptStatus Status, DateTimeOffset? SubmittedAt, bool AutoSubmitted);

/// <summary>
/// The candidate hands the paper in. Idempotent: a submitted (or graded) attempt answers with its status again;
/// one whose time and grace are over is closed automatically first and reported as such.
/// </summary>
public static class SubmitAttempt
{
    public sealed class Handler(AcademyDbContext db, AttemptLifecycle lifecycle, CurrentUser user)
    {
        public async Task<SubmitResult> SubmitAsync(int attemptId, CancellationToken ct = default)
        {
            var userId = user.Id;
            var attempt = await lifecycle.OwnAttemptAsync(attemptId, userId, withItems: false, ct);
            if (!await lifecycle.CloseIfExpiredAsync(attempt, ct) && attempt.Status == AttemptStatus.InProgress)
            {
                var now = lifecycle.Now;
                attempt.Submit(now, automatic: false);
                db.AttemptEvents.Add(new AttemptEvent(attempt.Id, AttemptEventKind.Submitted, now));
                try
                {
                    await db.SaveChangesAsync(ct);
                    lifecycle.EnqueueGrading(attempt.Id);
                }
                catch (DbUpdateConcurrencyException)
                {
                    // A parallel submit (a second tab, or the deadline job) got there first; report what is stored.
                    db.ChangeTracker.Clear();
                }
            }
            db.ChangeTracker.Clear();
            attempt = await lifecycle.OwnAttemptAsync(attemptId, userId, withItems: false, ct);
            return new SubmitResult(attempt.Id, attempt.Status, attempt.SubmittedAt, attempt.AutoSubmitted);
        }
    }
}

/// <summary>What the exam page reports about the candidate leaving it (another window, another tab), for the audit trail.</summary>
public static class RecordAttemptEvent
{
    public sealed record Command(string? Kind, string? Detail);

    public sealed record Outcome(bool Recorded);

    public sealed class Handler(AcademyDbContext db, AttemptLifecycle lifecycle, CurrentUser user, IOptions<ExamOptions> options)
    {
        public async Task<Outcome> RecordAsync(int attemptId, Command command, CancellationToken ct = default)
        {
            var attempt = await lifecycle.OwnAttemptAsync(attemptId, user.Id, withItems: false, ct);
            var kind = command.Kind switch
            {
                "focus-lost" => AttemptEventKind.FocusLost,
                "focus-returned" => AttemptEventKind.FocusReturned,
                _ => throw new RuleViolation("attempt.event-kind", "The event is \"focus-lost\" or \"focus-returned\".", "kind"),
            };
            await lifecycle.CloseIfExpiredAsync(attempt, ct);
            if (attempt.Status != AttemptStatus.InProgress) return new Outcome(false);
            var count = await db.AttemptEvents.CountAsync(e => e.AttemptId == attemptId
                                                               && (e.Kind == AttemptEventKind.FocusLost || e.Kind == AttemptEventKind.FocusReturned), ct);
            if (count >= options.Value.FocusEventCap) throw new TooManyEventsException();
            db.AttemptEvents.Add(new AttemptEvent(attemptId, kind, lifecycle.Now, detail: command.Detail));
            await db.SaveChangesAsync(ct);
            return new Outcome(true);
        }
    }
}

/// <summary>The attempt's audit trail already holds as many focus events as it keeps: HTTP 429.</summary>
public sealed class TooManyEventsException() : Exception("This attempt has recorded as many focus events as it keeps.");
