using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Files;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.ExamSitting;

/// <summary>A file stored for an answer, as the upload returns it.</summary>
public sealed record UploadedFile(Guid Id, string Name, string ContentType, long Length, string Sha256, string Url);

/// <summary>
/// Files of written (examiner-scored) tasks. The candidate uploads a file while the attempt takes saves, under the same
/// deadline and grace as answers; the upload only stores the file and returns its id, and the candidate then saves the
/// answer <c>{"text": "…", "files": [{"id": "…", "name": "…"}]}</c> with the next revision through the answer API, so one
/// revision sequence (and the page's offline queue) orders every change of the answer. A save naming a file that is not
/// the candidate's own is refused (<see cref="AttemptTask"/>).
/// </summary>
public static class AnswerFiles
{
    public sealed class Handler(AcademyDbContext db, AttemptLifecycle lifecycle, CurrentUser user, CenterAccess access, FileStore files)
    {
        public async Task<UploadedFile> UploadAsync(int attemptId, int position, IFormFile? upload, CancellationToken ct = default)
        {
            var ownerId = user.RequiredId;
            var attempt = await lifecycle.OwnAttemptAsync(attemptId, ownerId, withItems: false, ct);
            var task = await db.AttemptTasks.AsNoTracking().SingleOrDefaultAsync(t => t.AttemptId == attemptId && t.Position == position, ct)
                ?? throw new NotFoundException();
            await lifecycle.CloseIfExpiredAsync(attempt, ct);
            var now = lifecycle.Now;
            attempt.EnsureTakesSaves(now, lifecycle.Grace);
            task.EnsureTakesFiles();
            var uploads = await db.AttemptEvents.CountAsync(e => e.AttemptId == attemptId && e.Position == position && e.Kind == AttemptEventKind.FileUploaded, ct);
            if (uploads >= files.Options.MaxUploadsPerTask)
                throw new Domain.RuleViolation("answer.too-many-uploads", $"At most {files.Options.MaxUploadsPerTask} files can be uploaded for one task.", "file");
            var file = await files.ReadAsync(ownerId, upload, ct);

            var takesSaves = ExamAttempt.TakesSaves(now, lifecycle.Grace);
            var stored = await db.InTransactionAsync(async token =>
            {
                // As a save does: the attempt's row is locked while it still takes saves, so an upload never lands after a hand-in.
                var open = await db.ExamAttempts.Where(a => a.Id == attemptId).Where(takesSaves)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Revision, a => a.Revision), token);
                if (open == 0) return false;
                files.Add(file);
                db.AttemptEvents.Add(new AttemptEvent(attemptId, AttemptEventKind.FileUploaded, now, position, null, $"{file.Id} {file.Sha256[..12]} {file.Name}"));
                await db.SaveChangesAsync(token);
                return true;
            }, ct);
            if (!stored)
            {
                db.ChangeTracker.Clear();
                attempt = await lifecycle.OwnAttemptAsync(attemptId, ownerId, withItems: false, ct);
                attempt.EnsureTakesSaves(lifecycle.Now, lifecycle.Grace);
                throw new InvalidOperationException("The attempt stopped taking saves but says it takes them.");
            }
            return new UploadedFile(file.Id, file.Name, file.ContentType, file.Length, file.Sha256, Url(attemptId, position, file.Id));
        }

        /// <summary>
        /// A file of a task for the candidate (any file they uploaded) or for staff of the attempt's center and admins (a
        /// file the saved answer names); anyone else, or a file the answer does not name, is a 404.
        /// </summary>
        public async Task<StoredFile> DownloadAsync(int attemptId, int position, Guid fileId, CancellationToken ct = default)
        {
            var attempt = await db.ExamAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attemptId, ct) ?? throw new NotFoundException();
            if (user.Id is { } id && attempt.LearnerId == id)
            {
                if (!await db.AttemptTasks.AnyAsync(t => t.AttemptId == attemptId && t.Position == position, ct)) throw new NotFoundException();
                var own = await files.FindAsync(fileId, ct);
                return own is not null && own.OwnerId == id ? own : throw new NotFoundException();
            }
            await access.EnsureCanManageAsync(attempt);
            return await ReferencedAsync(db, attemptId, position, fileId, ct) ?? throw new NotFoundException();
        }
    }

    /// <summary>
    /// The stored file when the saved answer of the attempt's task names it, else null: the read behind every download by
    /// someone other than the candidate (staff, admins, examiners), who authorizes the caller first.
    /// </summary>
    public static async Task<StoredFile?> ReferencedAsync(AcademyDbContext db, int attemptId, int position, Guid fileId, CancellationToken ct)
    {
        var response = await db.AttemptTasks.AsNoTracking().Where(t => t.AttemptId == attemptId && t.Position == position && t.Scoring == PracticalScoringKind.Rubric)
            .Select(t => t.Response).SingleOrDefaultAsync(ct);
        if (!WrittenAnswer.FileIdsIn(response).Contains(fileId)) return null;
        return await db.StoredFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId, ct);
    }

    public static string FilesUrl(int attemptId, int position) => $"/api/attempts/{attemptId}/tasks/{position}/files";

    public static string Url(int attemptId, int position, Guid fileId) => $"{FilesUrl(attemptId, position)}/{fileId}";
}
