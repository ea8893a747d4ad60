using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.ExamSitting;

/// <summary>
/// Saves one answer to a question or a task. The attempt decides the save (ExamAttempt.SaveAnswer); the decision is written by one
/// conditional UPDATE that lands only when it is newer than the saved revision, after the attempt's row has been locked
/// while it still takes saves, in the transaction that writes the audit line. The reply comes after the commit, so an
/// acknowledged save is durable.
/// </summary>
public static class SaveAnswer
{
    public sealed record Command(JsonElement Response, int Revision);

    public sealed record Saved(int SavedRevision);

    public sealed class Handler(AcademyDbContext db, AttemptLifecycle lifecycle, CurrentUser user, Infrastructure.FileStore files,
        Infrastructure.AcademyMetrics metrics)
    {
        public async Task<Saved> SaveAsync(int attemptId, int itemId, Command command, CancellationToken ct = default)
        {
            // Question papers take nearly every save: the attempt and the question come in one query. A task paper's
            // attempt has no question there and is read alone.
            var withItem = await lifecycle.OwnAttemptWithItemAsync(attemptId, itemId, user.Id, ct);
            var attempt = withItem?.Attempt ?? await lifecycle.OwnAttemptAsync(attemptId, user.Id, withItems: false, ct);
            AnswerSave save;
            if (attempt.Component.IsTaskPaper())
            {
                var task = await db.AttemptTasks.AsNoTracking()
                    .SingleOrDefaultAsync(t => t.AttemptId == attemptId && t.Position == itemId, ct) ?? throw new NotFoundException();
                await lifecycle.CloseIfExpiredAsync(attempt, ct);
                // A written answer may name uploaded files: only the candidate's own are known to the check.
                var ownFiles = task.ScoredByPlatform ? null
                    : await files.NamesOwnedByAsync(attempt.LearnerId, Domain.Practical.WrittenAnswer.FileIdsIn(command.Response), ct);
                save = attempt.SaveAnswer(task, command.Response, command.Revision, lifecycle.Now, lifecycle.Grace, ownFiles);
            }
            else
            {
                var item = withItem?.Item ?? throw new NotFoundException();
                await lifecycle.CloseIfExpiredAsync(attempt, ct);
                save = attempt.SaveAnswer(item, command.Response, command.Revision, lifecycle.Now, lifecycle.Grace);
            }

            var open = db.ExamAttempts.Where(a => a.Id == attemptId).Where(ExamAttempt.TakesSaves(save.SavedAt, lifecycle.Grace));
            var skill = attempt.Component.IsTaskPaper();
            var locks = !db.Database.IsSqlite();
            var saved = await db.InTransactionAsync(async token =>
            {
                // On a server database the attempt's row, still taking saves, is first locked for this transaction (a
                // no-op update): a hand-in, which updates that row, then waits for this save to commit and its grading
                // sees the answer; a save behind a hand-in finds the attempt closed. SQLite lets one writer in at a
                // time, so there the answer's own UPDATE lands only while the attempt takes saves instead.
                if (locks && await open.ExecuteUpdateAsync(s => s.SetProperty(a => a.Revision, a => a.Revision), token) == 0)
                    return false;
                IQueryable<T> WhileOpen<T>(IQueryable<T> answers) => locks ? answers : answers.Where(_ => open.Any());
                var updated = skill
                    ? await WhileOpen(db.AttemptTasks.Where(save.LandsOnTask))
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(t => t.Response, save.Response)
                            .SetProperty(t => t.SavedRevision, save.Revision)
                            .SetProperty(t => t.SavedAt, save.SavedAt), token)
                    : await WhileOpen(db.AttemptItems.Where(save.Lands))
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(i => i.Response, save.Response)
                            .SetProperty(i => i.SavedRevision, save.Revision)
                            .SetProperty(i => i.SavedAt, save.SavedAt), token);
                if (updated != 1) return false;
                db.AttemptEvents.Add(new AttemptEvent(attemptId, AttemptEventKind.Saved, save.SavedAt, itemId, save.Revision, save.Response ?? "(cleared)"));
                await db.SaveChangesAsync(token);
                return true;
            }, ct);
            if (saved)
            {
                metrics.AnswerSaved(attempt.Component.ToString());
                return new Saved(save.Revision);
            }

            // Nothing was written: say why, from the stored state.
            db.ChangeTracker.Clear();
            attempt = await lifecycle.OwnAttemptAsync(attemptId, user.Id, withItems: false, ct);
            await lifecycle.CloseIfExpiredAsync(attempt, ct);
            attempt.EnsureTakesSaves(lifecycle.Now, lifecycle.Grace);
            var stored = skill
                ? await db.AttemptTasks.AsNoTracking()
                    .Where(t => t.AttemptId == attemptId && t.Position == itemId)
                    .Select(t => new { t.SavedRevision, t.Response })
                    .SingleAsync(ct)
                : await db.AttemptItems.AsNoTracking()
                    .Where(i => i.AttemptId == attemptId && i.Position == itemId)
                    .Select(i => new { i.SavedRevision, i.Response })
                    .SingleAsync(ct);
            // This very save is stored: the connection broke after its commit and the provider ran the transaction again,
            // which then found it written. The answer was saved, so it is acknowledged, not refused as stale.
            if (stored.SavedRevision == save.Revision && stored.Response == save.Response) return new Saved(save.Revision);
            throw AnswerSave.Stale(stored.SavedRevision, stored.Response);
        }
    }
}
