using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.ExamSitting;

/// <summary>
/// Saves one answer. The revision is the client's per-item counter: a save lands only when it is newer than the
/// saved one, by one conditional UPDATE, after the attempt's row has been locked while it is in progress and inside
/// its deadline plus the grace, in the transaction that writes the audit line. The reply comes after the commit, so an
/// acknowledged save is durable.
/// </summary>
public static class SaveAnswer
{
    public sealed record Command(JsonElement Response, int Revision);

    public sealed record Saved(int SavedRevision);

    public sealed class Handler(AcademyDbContext db, AttemptLifecycle lifecycle, CurrentUser user)
    {
        public async Task<Saved> SaveAsync(int attemptId, int itemId, Command command, CancellationToken ct = default)
        {
            var attempt = await lifecycle.OwnAttemptAsync(attemptId, user.Id, withItems: false, ct);
            var item = await db.AttemptItems.AsNoTracking()
                .Where(i => i.AttemptId == attemptId && i.Position == itemId)
                .Select(i => new { i.Type, i.OptionOrder })
                .SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
            var response = Normalize(command.Response, item.Type, item.OptionOrder.Length);
            if (command.Revision < 1)
                throw new RuleViolation("answer.revision", "The revision is a whole number from 1 up.", "revision");
            await EnsureOpenAsync(attempt, ct);

            var now = lifecycle.Now;
            var cutoff = now - lifecycle.Grace;
            var revision = command.Revision;
            var saved = await db.InTransactionAsync(async token =>
            {
                // First the attempt's row, still open, is locked for this transaction (a no-op update): a hand-in, which
                // updates that row, then waits for this save to commit and its grading sees the answer; a save behind a
                // hand-in finds the attempt closed. (SQLite serializes writers anyway.)
                var open = await db.ExamAttempts
                    .Where(a => a.Id == attemptId && a.Status == AttemptStatus.InProgress && a.Deadline >= cutoff)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Revision, a => a.Revision), token);
                var updated = open == 0 ? 0 : await db.AttemptItems
                    .Where(i => i.AttemptId == attemptId && i.Position == itemId && i.SavedRevision < revision)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(i => i.Response, response)
                        .SetProperty(i => i.SavedRevision, revision)
                        .SetProperty(i => i.SavedAt, now), token);
                if (updated != 1) return false;
                db.AttemptEvents.Add(new AttemptEvent(attemptId, AttemptEventKind.Saved, now, itemId, revision, response ?? "(cleared)"));
                await db.SaveChangesAsync(token);
                return true;
            }, ct);
            if (saved) return new Saved(revision);

            // Nothing was written: say why, from the stored state.
            db.ChangeTracker.Clear();
            attempt = await lifecycle.OwnAttemptAsync(attemptId, user.Id, withItems: false, ct);
            await EnsureOpenAsync(attempt, ct);
            var stored = await db.AttemptItems.AsNoTracking()
                .Where(i => i.AttemptId == attemptId && i.Position == itemId)
                .Select(i => new { i.SavedRevision, i.Response })
                .SingleAsync(ct);
            var stale = new ConflictViolation("answer.stale",
                $"A newer answer (revision {stored.SavedRevision}) is already saved for this question.", "revision");
            stale.Data["savedRevision"] = stored.SavedRevision;
            stale.Data["response"] = stored.Response;
            throw stale;
        }

        /// <summary>Refuses a save to a closed attempt: 410 once the grace is over (closing it), 409 once submitted.</summary>
        private async Task EnsureOpenAsync(ExamAttempt attempt, CancellationToken ct)
        {
            if (lifecycle.IsPastGrace(attempt.Deadline))
            {
                await lifecycle.CloseIfExpiredAsync(attempt, ct);
                throw new GoneViolation("attempt.time-up", "The time for this exam is over; answers can no longer be saved.");
            }
            if (attempt.Status != AttemptStatus.InProgress)
                throw new ConflictViolation("attempt.submitted", "This exam has been handed in; answers can no longer be changed.");
        }
    }

    /// <summary>
    /// The response in its stored form: "true"/"false" for a true-false item, shown letters in alphabetical order for a
    /// choice item (one letter for single choice), or null to clear the answer.
    /// </summary>
    public static string? Normalize(JsonElement response, QuestionType type, int optionCount)
    {
        if (response.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        switch (type)
        {
            case QuestionType.TrueFalse:
                return response.ValueKind switch
                {
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.String when response.GetString() is "true" or "false" => response.GetString(),
                    _ => throw Invalid("A true-false answer is true or false."),
                };
            default:
                if (response.ValueKind != JsonValueKind.String)
                    throw Invalid("A choice answer is made of option letters, e.g. \"B\" or \"AC\".");
                var text = response.GetString() ?? "";
                if (text.Length > optionCount * 2)
                    throw Invalid($"The answer is made of the option letters A to {Letters.Of(optionCount - 1)}.");
                var letters = Letters.Normalize(text, optionCount)
                    ?? throw Invalid($"The answer is made of the option letters A to {Letters.Of(optionCount - 1)}.");
                if (type == QuestionType.SingleChoice && letters.Length != 1)
                    throw Invalid("A single-choice question takes exactly one option.");
                return letters;
        }
    }

    private static RuleViolation Invalid(string message) => new RuleViolation("answer.invalid", message, "response");
}
