using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.ExamSitting;

public sealed class ExamOptions
{
    /// <summary>Seconds after the deadline during which saves already on their way are still accepted.</summary>
    public int SaveGraceSeconds { get; set; } = 60;

    /// <summary>Focus events (lost and returned) recorded per attempt; more are refused so a page cannot flood the audit trail.</summary>
    public int FocusEventCap { get; set; } = 200;

    /// <summary>
    /// How many hours before a session's window the theory papers of its registered candidates are drawn and frozen
    /// (<see cref="PreparePapersJob"/>); 0 draws every paper at its start.
    /// </summary>
    public int PreparePapersHoursBefore { get; set; } = 24;

    public TimeSpan SaveGrace => TimeSpan.FromSeconds(SaveGraceSeconds);
}

/// <summary>
/// The moments an attempt moves by itself: it closes when the deadline plus the save grace has passed (submitted as
/// of the deadline), and a submitted attempt is graded by a queued job. Every path that touches an attempt goes
/// through <see cref="CloseIfExpiredAsync"/>, so an attempt whose deadline job was lost is closed on first access.
/// </summary>
[FeatureService]
public sealed class AttemptLifecycle(AcademyDbContext db, TimeProvider clock, IOptions<ExamOptions> options, IBackgroundJobClient jobs,
    ILogger<AttemptLifecycle> log)
{
    public TimeSpan Grace => options.Value.SaveGrace;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The attempt of the signed-in candidate; another person's attempt (or none) is a 404.</summary>
    public async Task<ExamAttempt> OwnAttemptAsync(int attemptId, string? userId, bool withItems, CancellationToken ct)
    {
        var attempt = withItems
            ? await db.ExamAttempts.Include(a => a.Items).Include(a => a.Tasks).SingleOrDefaultAsync(a => a.Id == attemptId, ct)
            : await AttemptById.For(db)(db, attemptId, ct);
        return Own(attempt, userId);
    }

    /// <summary>
    /// The signed-in candidate's attempt with the question at a position of its paper, in one query (a save needs both);
    /// null when the attempt has no question there (a task paper, or no such question): another person's attempt is a 404.
    /// </summary>
    public async Task<AttemptAndItem?> OwnAttemptWithItemAsync(int attemptId, int position, string? userId, CancellationToken ct)
    {
        var found = await AttemptWithItem.For(db)(db, attemptId, position, ct);
        if (found is not null) Own(found.Attempt, userId);
        return found;
    }

    private static ExamAttempt Own(ExamAttempt? attempt, string? userId) =>
        attempt is null || userId is null || attempt.LearnerId != userId ? throw new NotFoundException() : attempt;

    public sealed record AttemptAndItem(ExamAttempt Attempt, AttemptItem Item);

    /// <summary>The attempt (tracked, as <see cref="AttemptById"/>) joined to the question at a position of its paper.</summary>
    private static readonly PerModel<Func<AcademyDbContext, int, int, CancellationToken, Task<AttemptAndItem?>>> AttemptWithItem =
        new(() => EF.CompileAsyncQuery((AcademyDbContext db, int id, int position, CancellationToken _) =>
            (from a in db.ExamAttempts
             join i in db.AttemptItems on a.Id equals i.AttemptId
             where a.Id == id && i.Position == position
             select new AttemptAndItem(a, i)).SingleOrDefault()));

    /// <summary>The attempt alone, tracked: every save reads it, so the query is compiled once.</summary>
    private static readonly PerModel<Func<AcademyDbContext, int, CancellationToken, Task<ExamAttempt?>>> AttemptById =
        new(() => EF.CompileAsyncQuery((AcademyDbContext db, int id, CancellationToken _) => db.ExamAttempts.SingleOrDefault(a => a.Id == id)));

    /// <summary>Submits a tracked attempt automatically when its time (and the grace) is over. Returns true when it did.</summary>
    public async Task<bool> CloseIfExpiredAsync(ExamAttempt attempt, CancellationToken ct)
    {
        if (attempt.Status != AttemptStatus.InProgress || !attempt.IsPastGrace(Now, Grace)) return false;
        var now = Now;
        attempt.Submit(now, automatic: true);
        db.AttemptEvents.Add(new AttemptEvent(attempt.Id, AttemptEventKind.AutoSubmitted, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Submitted meanwhile by the candidate, the deadline job or the sweep: take the stored state.
            db.ChangeTracker.Clear();
            return false;
        }
        EnqueueGrading(attempt.Id);
        return true;
    }

    public void EnqueueGrading(int attemptId)
    {
        try
        {
            jobs.Enqueue<AttemptGradingJob>(j => j.GradeAsync(attemptId, CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Results are released only after every submitted attempt is graded, which grades any this job missed.
            log.LogWarning(e, "The grading job of attempt {Attempt} was not enqueued", attemptId);
        }
    }

    /// <summary>The job that closes the attempt when its time is over; an earlier job for an older deadline finds nothing to do.</summary>
    public void ScheduleDeadline(int attemptId, DateTimeOffset deadline)
    {
        try
        {
            jobs.Schedule<AttemptDeadlineJob>(j => j.CloseAsync(attemptId, CancellationToken.None), deadline + Grace);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The minutely sweep and every access close the attempt if this job is missing.
            log.LogWarning(e, "The deadline job of attempt {Attempt} was not scheduled", attemptId);
        }
    }
}

/// <summary>
/// Closes an attempt whose time is over: a delayed job per attempt (at its deadline plus the save grace) and a sweep
/// every minute for any whose job was lost. Re-entrant: an attempt submitted already, or whose deadline has moved
/// later (an accommodation), is left alone.
/// </summary>
public sealed class AttemptDeadlineJob(AcademyDbContext db, AttemptLifecycle lifecycle)
{
    public const string SweepId = "exam-attempt-sweep";

    public async Task<bool> CloseAsync(int attemptId, CancellationToken ct)
    {
        var attempt = await db.ExamAttempts.SingleOrDefaultAsync(a => a.Id == attemptId, ct);
        return attempt is not null && await lifecycle.CloseIfExpiredAsync(attempt, ct);
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var cutoff = lifecycle.Now - lifecycle.Grace;
        var due = await db.ExamAttempts.AsNoTracking()
            .Where(a => a.Status == AttemptStatus.InProgress && a.Deadline < cutoff)
            .OrderBy(a => a.Id).Select(a => a.Id).Take(500).ToListAsync(ct);
        var closed = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            if (await CloseAsync(id, ct)) closed++;
        }
        return closed;
    }
}

/// <summary>
/// Marks a submitted attempt: a theory paper against the keys of the question versions on it, a skill paper's
/// platform-scored tasks against the candidate's gold answers (rubric tasks wait for examiners). Idempotent: a graded
/// attempt, or one still in progress, is left as it is.
/// </summary>
public sealed class AttemptGradingJob(AcademyDbContext db, TimeProvider clock)
{
    public async Task<bool> GradeAsync(int attemptId, CancellationToken ct)
    {
        var attempt = await db.ExamAttempts.Include(a => a.Items).Include(a => a.Tasks).SingleOrDefaultAsync(a => a.Id == attemptId, ct);
        if (attempt is not { Status: AttemptStatus.Submitted }) return false;
        if (attempt.Component.IsTaskPaper()) return await GradeSkillAsync(attempt, ct);
        var ids = attempt.Items.Select(i => i.QuestionVersionId).Distinct().ToList();
        var versions = await db.QuestionVersions.AsNoTracking().Where(v => ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id, ct);
        var now = clock.GetUtcNow();
        var result = attempt.Grade(versions, now);
        db.AttemptEvents.Add(new AttemptEvent(attempt.Id, AttemptEventKind.Graded, now,
            detail: result.Score.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
        return true;
    }

    private async Task<bool> GradeSkillAsync(ExamAttempt attempt, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var score = attempt.GradeSkill(now);
        db.AttemptEvents.Add(new AttemptEvent(attempt.Id, AttemptEventKind.Graded, now,
            detail: score is { } total ? total.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : "platform-scored tasks marked; awaiting examiners"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
        return true;
    }
}
