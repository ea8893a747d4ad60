using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.ExamSitting;

/// <summary>
/// One item as the candidate sees it: the options in the order shown to them, and their saved answer in the
/// shown letters. Nothing here reveals the key, the explanation or the bank's option order.
/// </summary>
public sealed record PaperItem(int ItemId, QuestionType Type, string Stem, IReadOnlyList<string> Options, decimal Points,
    string WorkFunction, string WorkFunctionName, string? Response, int SavedRevision);

/// <summary>The paper as a candidate starts or resumes it: questions for the theory exam, tasks for the skill assessment.</summary>
public sealed record AttemptPaper(int AttemptId, AssessmentComponent Component, AttemptStatus Status, DateTimeOffset Deadline, DateTimeOffset ServerNow,
    IReadOnlyList<PaperItem> Items, IReadOnlyList<PaperTask> Tasks);

public sealed record WorkFunctionResult(string WorkFunction, string Name, decimal Score, decimal Points, int Correct, int Items);

/// <summary>An item of the review: the key in the letters shown to this candidate, and the explanation.</summary>
public sealed record ReviewItem(int ItemId, string Key, bool Correct, decimal Awarded, string Explanation);

/// <summary>A task's score once results are released, with the figures the platform (or the examiners) gave it.</summary>
public sealed record TaskResult(int ItemId, string Title, decimal Awarded, decimal Points, IReadOnlyList<ScoreLine> Breakdown);

public sealed record AttemptResult(decimal Score, bool Passed, decimal PassMark, IReadOnlyList<WorkFunctionResult> ByWorkFunction,
    IReadOnlyList<ReviewItem>? Review, IReadOnlyList<TaskResult>? ByTask = null);

/// <summary>
/// An attempt as its candidate reads it: status, deadline by the server's clock, the paper and saved answers, and,
/// only once the session's results are released, the result (with the review when the session shows it).
/// </summary>
public sealed record AttemptState(int AttemptId, string SessionTitle, AssessmentComponent Component, AttemptStatus Status, DateTimeOffset Deadline,
    DateTimeOffset ServerNow, DateTimeOffset? SubmittedAt, bool AutoSubmitted, bool ResultsReleased, bool AwaitingExaminers,
    IReadOnlyList<PaperItem> Items, IReadOnlyList<PaperTask> Tasks, AttemptResult? Result);

public static class AttemptQueries
{
    public sealed class Handler(AcademyDbContext db, AttemptLifecycle lifecycle, CurrentUser user, QuestionPool pool)
    {
        public async Task<AttemptState> GetAsync(int attemptId, CancellationToken ct)
        {
            var attempt = await lifecycle.OwnAttemptAsync(attemptId, user.Id, withItems: true, ct);
            await lifecycle.CloseIfExpiredAsync(attempt, ct);
            var session = await db.ExamSessions.AsNoTracking().SingleAsync(s => s.Id == attempt.SessionId, ct);
            var paper = await PaperAsync(db, pool, attempt, lifecycle.Now, ct);

            AttemptResult? result = null;
            if (session.ResultsReleased && attempt is { Status: AttemptStatus.Graded, Score: { } score, Passed: { } passed })
            {
                if (attempt.Component.IsTaskPaper())
                    result = new AttemptResult(score, passed, attempt.PassMark, [], null,
                        [.. attempt.Tasks.OrderBy(t => t.Position).Select(t => new TaskResult(t.Position, t.Title, t.Awarded ?? 0m, t.Points, t.Breakdown))]);
                else
                {
                    var versions = await VersionsAsync(db, attempt, ct);
                    var names = await pool.WorkFunctionNamesAsync(db, ct);
                    var review = !session.ShowReview ? null : attempt.Items.OrderBy(i => i.Position)
                        .Select(i => new ReviewItem(i.Position, i.KeyInShownLetters(versions[i.QuestionVersionId]), i.Correct == true, i.Awarded ?? 0m,
                            versions[i.QuestionVersionId].Explanation))
                        .ToList();
                    result = new AttemptResult(score, passed, attempt.PassMark, Breakdown(attempt, names), review);
                }
            }
            return new AttemptState(attempt.Id, session.Title, attempt.Component, attempt.Status, attempt.Deadline, lifecycle.Now, attempt.SubmittedAt,
                attempt.AutoSubmitted, session.ResultsReleased, attempt.AwaitingExaminers, paper.Items, paper.Tasks, result);
        }
    }

    /// <summary>
    /// The paper of an attempt loaded with its items and tasks, as its candidate sees it (never a key or a gold answer).
    /// The question versions on a paper never change (a change to a used question makes a new version), so they are
    /// read through the <see cref="QuestionPool"/>. The items are the attempt's own, or <c>questions</c> when they were
    /// read apart from it (untracked).
    /// </summary>
    public static async Task<AttemptPaper> PaperAsync(AcademyDbContext db, QuestionPool pool, ExamAttempt attempt, DateTimeOffset now, CancellationToken ct,
        IReadOnlyList<AttemptItem>? questions = null)
    {
        IReadOnlyList<PaperItem> items = [];
        questions ??= attempt.Items;
        if (attempt.Component == AssessmentComponent.Theory)
            items = Paper(questions, await pool.VersionsAsync(db, questions.Select(i => i.QuestionVersionId), ct), await pool.WorkFunctionNamesAsync(db, ct));
        return new AttemptPaper(attempt.Id, attempt.Component, attempt.Status, attempt.Deadline, now, items,
            [.. attempt.Tasks.OrderBy(t => t.Position).Select(t => PaperTask.Of(attempt.Id, t))]);
    }

    public static async Task<Dictionary<int, QuestionVersion>> VersionsAsync(AcademyDbContext db, ExamAttempt attempt, CancellationToken ct)
    {
        var ids = attempt.Items.Select(i => i.QuestionVersionId).Distinct().ToList();
        return await db.QuestionVersions.AsNoTracking().Where(v => ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id, ct);
    }

    public static IReadOnlyList<PaperItem> Paper(IEnumerable<AttemptItem> questions, IReadOnlyDictionary<int, QuestionVersion> versions, IReadOnlyDictionary<string, string> names) =>
        [.. questions.OrderBy(i => i.Position).Select(i =>
        {
            var version = versions[i.QuestionVersionId];
            var bank = version.Options;
            return new PaperItem(i.Position, i.Type, version.Stem, [.. i.OptionOrder.Select(c => bank[c - '0'])], i.Points,
                i.WorkFunctionCode, names.GetValueOrDefault(i.WorkFunctionCode, i.WorkFunctionCode), i.Response, i.SavedRevision);
        })];

    public static IReadOnlyList<WorkFunctionResult> Breakdown(ExamAttempt attempt, IReadOnlyDictionary<string, string> names) =>
        [.. attempt.Items.GroupBy(i => i.WorkFunctionCode)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new WorkFunctionResult(g.Key, names.GetValueOrDefault(g.Key, g.Key), g.Sum(i => i.Awarded ?? 0m), g.Sum(i => i.Points),
                g.Count(i => i.Correct == true), g.Count()))];
}
