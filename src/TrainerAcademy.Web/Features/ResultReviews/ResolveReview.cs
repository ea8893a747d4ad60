using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.ResultReviews;

/// <summary>
/// An admin resolves an open review: the score kept, or changed (the attempt's score and pass follow, and the review
/// records the score before and after, the reviewer and the time). Resolving twice is refused; two admins resolving
/// at once meet the review's revision and the second hears 409.
/// </summary>
public static class ResolveReview
{
    /// <summary>The resolution as <c>POST /api/result-reviews/{id}/resolve</c> takes it and the queue page binds it.</summary>
    public sealed record Command
    {
        /// <summary>"kept" or "changed".</summary>
        public string? Outcome { get; init; }

        /// <summary>The new score (0 to 100, two decimals at most), when changed.</summary>
        public decimal? Score { get; init; }

        /// <summary>The reviewer's reason, shown to the candidate; at most 500 characters.</summary>
        public string? Reason { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CurrentUser user, TimeProvider clock, ReviewQueue.Handler queue, AuditLog.AuditTrail audit)
    {
        public async Task<ReviewRow> ResolveAsync(int id, Command command, CancellationToken ct = default)
        {
            if (!user.IsAdmin) throw new NotFoundException();
            var review = await db.ResultReviews.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException();
            var attempt = await db.ExamAttempts.SingleAsync(a => a.Id == review.AttemptId, ct);
            var outcome = (command.Outcome ?? "").Trim().ToLowerInvariant() switch
            {
                "kept" => ReviewStatus.Kept,
                "changed" => ReviewStatus.Changed,
                _ => throw new RuleViolation("review.outcome", "The outcome is \"kept\" or \"changed\".", "outcome"),
            };
            var before = attempt.Score;
            review.Resolve(attempt, outcome, command.Score, command.Reason, user.RequiredId, clock.GetUtcNow());
            audit.Record(AuditLog.AuditActor.Of(user), AuditLog.AuditActions.ReviewResolved, AuditLog.AuditTargets.Review,
                id.ToString(System.Globalization.CultureInfo.InvariantCulture), review.CenterId,
                FormattableString.Invariant($"{review.Component} · {outcome} · {before} → {attempt.Score} · {command.Reason}"));
            await db.SaveChangesAsync(ct);
            return await queue.GetAsync(id, ct);
        }
    }
}
