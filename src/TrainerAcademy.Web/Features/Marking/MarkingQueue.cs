using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Marking;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.Marking;

public sealed class MarkingOptions
{
    /// <summary>The two marks of a script may differ by this percentage of the task's points before a third examiner marks it.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(decimal), "0", "100")]
    public decimal ThirdMarkerThresholdPercent { get; set; } = 15m;

    /// <summary>How long a claimed script is held for its examiner before it goes back to the queue.</summary>
    [System.ComponentModel.DataAnnotations.Range(5, 1440)]
    public int ClaimHoldMinutes { get; set; } = 60;

    public TimeSpan ClaimHold => TimeSpan.FromMinutes(ClaimHoldMinutes);
}

/// <summary>Scripts waiting for the signed-in examiner, by session and task.</summary>
public sealed record QueueLine(int SessionId, string SessionTitle, string TaskTitle, int Scripts, int ThirdMarks);

public sealed record MarkingQueueView(IReadOnlyList<QueueLine> Waiting, int? OpenClaimId, int MarkedByMe);

/// <summary>
/// The examiner's queue: the rubric tasks of submitted skill papers not yet agreed, that still need a mark, that this
/// examiner has not marked, that their grant reaches and where no conflict of interest stands
/// (<see cref="ExaminerGrant.ConflictWith"/>). Claiming takes the oldest such script and holds it for the examiner; the
/// database's unique (script, round) index decides between two examiners claiming the same round at once.
/// </summary>
[FeatureService]
public sealed class MarkingQueue(AcademyDbContext db, CurrentUser user, TimeProvider clock, IOptions<MarkingOptions> options)
{
    private const int ClaimAttempts = 20;

    private sealed record Candidate(int TaskId, decimal Points, int AttemptId, int SessionId, string SessionTitle, string TaskTitle,
        string LearnerId, int CenterId, bool ExternalOnly);

    public async Task<MarkingQueueView> ViewAsync(CancellationToken ct = default)
    {
        var grant = await GrantAsync(ct);
        var now = clock.GetUtcNow();
        var open = await OpenClaimAsync(now, ct);
        var waiting = new List<(Candidate Candidate, int Round)>();
        await foreach (var (candidate, round) in AvailableAsync(grant, null, int.MaxValue, ct)) waiting.Add((candidate, round));
        var lines = waiting
            .GroupBy(w => (w.Candidate.SessionId, w.Candidate.SessionTitle, w.Candidate.TaskTitle))
            .Select(g => new QueueLine(g.Key.SessionId, g.Key.SessionTitle, g.Key.TaskTitle, g.Count(), g.Count(w => w.Round == 3)))
            .OrderBy(l => l.SessionId).ThenBy(l => l.TaskTitle, StringComparer.Ordinal)
            .ToList();
        var marked = await db.ScriptMarks.CountAsync(m => m.ExaminerId == grant.UserId && m.SubmittedAt != null, ct);
        return new MarkingQueueView(lines, open?.Id, marked);
    }

    /// <summary>
    /// The examiner's script to mark: the one they hold already, or the oldest waiting one (of a session, when named),
    /// now held for them. Null when nothing waits.
    /// </summary>
    public async Task<int?> ClaimAsync(int? sessionId, CancellationToken ct = default)
    {
        var grant = await GrantAsync(ct);
        var now = clock.GetUtcNow();
        if (await OpenClaimAsync(now, ct) is { } held) return held.Id;
        for (var tries = 0; tries < ClaimAttempts; tries++)
        {
            (Candidate Candidate, int Round)? next = null;
            await foreach (var available in AvailableAsync(grant, sessionId, 200, ct))
            {
                next = available;
                break;
            }
            if (next is not { } found) return null;
            var attempt = await db.ExamAttempts.AsNoTracking().SingleAsync(a => a.Id == found.Candidate.AttemptId, ct);
            var task = await db.AttemptTasks.AsNoTracking().SingleAsync(t => t.Id == found.Candidate.TaskId, ct);
            var mark = new ScriptMark(attempt, task, found.Round, grant.UserId, now);
            db.ScriptMarks.Add(mark);
            try
            {
                await db.SaveChangesAsync(ct);
                return mark.Id;
            }
            catch (DbUpdateException)
            {
                // Another examiner took this round a moment ago: look again, this script may still need a later round.
                db.ChangeTracker.Clear();
            }
        }
        return null;
    }

    /// <summary>Gives a claim back to the queue unmarked.</summary>
    public async Task ReleaseAsync(int markId, CancellationToken ct = default)
    {
        var me = user.RequiredId;
        var mark = await db.ScriptMarks.AsNoTracking().SingleOrDefaultAsync(m => m.Id == markId && m.ExaminerId == me, ct) ?? throw new NotFoundException();
        if (mark.Submitted)
            throw new ConflictViolation("marking.submitted", "This mark has been submitted; a submitted mark is final.");
        await db.ScriptMarks.Where(m => m.Id == markId && m.SubmittedAt == null).ExecuteDeleteAsync(ct);
    }

    private async Task<ExaminerGrant> GrantAsync(CancellationToken ct)
    {
        var me = user.RequiredId;
        return await db.ExaminerGrants.AsNoTracking().SingleOrDefaultAsync(g => g.UserId == me, ct)
            ?? throw new NotFoundException();
    }

    /// <summary>The examiner's claim not yet submitted; a lapsed one is given back to the queue.</summary>
    private async Task<ScriptMark?> OpenClaimAsync(DateTimeOffset now, CancellationToken ct)
    {
        var me = user.RequiredId;
        var open = await db.ScriptMarks.AsNoTracking().Where(m => m.ExaminerId == me && m.SubmittedAt == null).ToListAsync(ct);
        ScriptMark? held = null;
        foreach (var mark in open)
        {
            if (mark.HasLapsed(now, options.Value.ClaimHold))
                await db.ScriptMarks.Where(m => m.Id == mark.Id && m.SubmittedAt == null).ExecuteDeleteAsync(ct);
            else held ??= mark;
        }
        return held;
    }

    /// <summary>The scripts this examiner may claim now, oldest paper first, each with the round a claim would take.</summary>
    private async IAsyncEnumerable<(Candidate Candidate, int Round)> AvailableAsync(ExaminerGrant grant, int? sessionId, int limit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var me = grant.UserId;
        var now = clock.GetUtcNow();
        var hold = options.Value.ClaimHold;
        var taught = await TaughtLearnersAsync(me, ct);
        var query =
            from t in db.AttemptTasks
            join a in db.ExamAttempts on t.AttemptId equals a.Id
            join s in db.ExamSessions on a.SessionId equals s.Id
            where a.Component != AssessmentComponent.Theory && a.Status == AttemptStatus.Submitted
                  && t.Scoring == PracticalScoringKind.Rubric && t.Awarded == null
                  && (grant.Scope == ExaminerScope.Platform || a.CenterId == grant.CenterId)
                  && !db.ScriptMarks.Any(m => m.AttemptTaskId == t.Id && m.ExaminerId == me)
                  && (sessionId == null || a.SessionId == sessionId)
            orderby a.SubmittedAt, t.Id
            select new Candidate(t.Id, t.Points, a.Id, s.Id, s.Title, t.Title, a.LearnerId, a.CenterId, s.ExternalExaminersOnly);
        var candidates = await query.Take(limit == int.MaxValue ? 10_000 : limit).ToListAsync(ct);
        var ids = candidates.Select(c => c.TaskId).ToList();
        var marks = (await db.ScriptMarks.AsNoTracking().Where(m => ids.Contains(m.AttemptTaskId)).ToListAsync(ct))
            .ToLookup(m => m.AttemptTaskId);
        var threshold = options.Value.ThirdMarkerThresholdPercent;
        foreach (var candidate in candidates)
        {
            if (grant.ConflictWith(candidate.CenterId, candidate.ExternalOnly, taught.Contains(candidate.LearnerId)) is not null) continue;
            var live = marks[candidate.TaskId].Where(m => !m.HasLapsed(now, hold)).ToList();
            var state = DoubleMarking.Resolve(live.Where(m => m.Submitted).ToDictionary(m => m.Round, m => m.Total!.Value), candidate.Points, threshold);
            if (state.Agreed is not null || live.Count >= state.MarksNeeded) continue;
            var round = Enumerable.Range(1, state.MarksNeeded).First(r => live.All(m => m.Round != r));
            var lapsed = marks[candidate.TaskId].Where(m => m.Round == round && m.HasLapsed(now, hold)).Select(m => m.Id).ToList();
            if (lapsed.Count > 0)
                await db.ScriptMarks.Where(m => lapsed.Contains(m.Id) && m.SubmittedAt == null).ExecuteDeleteAsync(ct);
            yield return (candidate, round);
        }
    }

    /// <summary>
    /// The learners this examiner taught: enrolled in a cohort with a class given by an instructor who is the same person
    /// (the same e-mail address as the examiner's account).
    /// </summary>
    private async Task<HashSet<string>> TaughtLearnersAsync(string examinerId, CancellationToken ct)
    {
        var email = await db.Users.Where(u => u.Id == examinerId).Select(u => u.NormalizedEmail).SingleOrDefaultAsync(ct);
        if (string.IsNullOrEmpty(email)) return [];
        var instructors = (await db.Instructors.AsNoTracking().Where(i => i.Email != null).Select(i => new { i.Id, i.Email }).ToListAsync(ct))
            .Where(i => string.Equals(i.Email, email, StringComparison.OrdinalIgnoreCase)).Select(i => i.Id).ToList();
        if (instructors.Count == 0) return [];
        var learners = await (
            from e in db.Enrollments
            where db.CohortSessions.Any(cs => cs.CohortId == e.CohortId && instructors.Contains(cs.InstructorId))
            select e.LearnerId).Distinct().ToListAsync(ct);
        return learners.ToHashSet(StringComparer.Ordinal);
    }
}
