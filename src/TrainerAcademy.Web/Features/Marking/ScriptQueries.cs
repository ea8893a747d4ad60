using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Marking;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.Marking;

/// <summary>
/// A script as its examiner sees it: the task, its rubric and the candidate's answer, with nothing that names the
/// candidate (no name, ticket or account) and nothing of the other examiners' marks.
/// </summary>
public sealed record ScriptView(int MarkId, int Round, string SessionTitle, string TaskTitle, string Instructions, decimal Points,
    IReadOnlyList<RubricLine> Rubric, WrittenAnswer? Answer, DateTimeOffset ClaimedAt, DateTimeOffset HeldUntil,
    DateTimeOffset? SubmittedAt, decimal? Total, IReadOnlyList<LineMark> Lines, string? Comment);

/// <summary>How far the marking of a session's scripts has come, for its staff and admins.</summary>
public sealed record MarkingProgress(int Scripts, int Agreed, int AwaitingFirstMarks, int AwaitingThirdMark, int Claimed);

[FeatureService]
public sealed class ScriptQueries(AcademyDbContext db, CurrentUser user, CenterAccess access, IOptions<MarkingOptions> options)
{
    /// <summary>The examiner's own claimed or marked script; anybody else's is not found.</summary>
    public async Task<ScriptView> ScriptAsync(int markId, CancellationToken ct = default)
    {
        var me = user.RequiredId;
        var row = await (
            from sm in db.ScriptMarks
            join t in db.AttemptTasks on sm.AttemptTaskId equals t.Id
            join s in db.ExamSessions on sm.SessionId equals s.Id
            where sm.Id == markId && sm.ExaminerId == me
            select new { Mark = sm, Task = t, s.Title }).AsNoTracking().SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        var answer = row.Task.Response is null ? null : JsonSerializer.Deserialize<WrittenAnswer>(row.Task.Response, PracticalTaskContent.Json);
        var m = row.Mark;
        return new ScriptView(m.Id, m.Round, row.Title, row.Task.Title, row.Task.Instructions, row.Task.Points, row.Task.Rubric, answer,
            m.ClaimedAt, m.ClaimedAt + options.Value.ClaimHold, m.SubmittedAt, m.Total, m.Lines, m.Comment);
    }

    /// <summary>A file the answer of the examiner's own script names; anything else is not found.</summary>
    public async Task<Domain.Files.StoredFile> FileAsync(int markId, Guid fileId, CancellationToken ct = default)
    {
        var me = user.RequiredId;
        var task = await (
            from sm in db.ScriptMarks
            join t in db.AttemptTasks on sm.AttemptTaskId equals t.Id
            where sm.Id == markId && sm.ExaminerId == me
            select new { t.AttemptId, t.Position }).AsNoTracking().SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        return await ExamSitting.AnswerFiles.ReferencedAsync(db, task.AttemptId, task.Position, fileId, ct) ?? throw new NotFoundException();
    }

    public static string FileUrl(int markId, Guid fileId) => $"/api/marking/claims/{markId}/files/{fileId}";

    /// <summary>The examiner's submitted marks, newest first.</summary>
    public async Task<IReadOnlyList<ScriptView>> MarkedAsync(int take, CancellationToken ct = default)
    {
        var me = user.RequiredId;
        var ids = await db.ScriptMarks.Where(m => m.ExaminerId == me && m.SubmittedAt != null)
            .OrderByDescending(m => m.SubmittedAt).ThenByDescending(m => m.Id).Select(m => m.Id).Take(take).ToListAsync(ct);
        var views = new List<ScriptView>();
        foreach (var id in ids) views.Add(await ScriptAsync(id, ct));
        return views;
    }

    /// <summary>The marking of a session's rubric tasks, for staff of its center and admins.</summary>
    public async Task<MarkingProgress> ProgressAsync(int sessionId, CancellationToken ct = default)
    {
        await access.EnsureCanManageAsync(await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct));
        var scripts = await (
            from t in db.AttemptTasks
            join a in db.ExamAttempts on t.AttemptId equals a.Id
            where a.SessionId == sessionId && a.Component != AssessmentComponent.Theory && a.Status != AttemptStatus.InProgress
                  && t.Scoring == PracticalScoringKind.Rubric
            select new { t.Id, t.Points, t.Awarded }).AsNoTracking().ToListAsync(ct);
        var marks = (await db.ScriptMarks.AsNoTracking().Where(m => m.SessionId == sessionId).ToListAsync(ct)).ToLookup(m => m.AttemptTaskId);
        int agreed = 0, third = 0, first = 0, claimed = 0;
        foreach (var script in scripts)
        {
            if (script.Awarded is not null) { agreed++; continue; }
            var own = marks[script.Id].ToList();
            claimed += own.Count(m => !m.Submitted);
            var state = DoubleMarking.Resolve(own.Where(m => m.Submitted).ToDictionary(m => m.Round, m => m.Total!.Value), script.Points,
                options.Value.ThirdMarkerThresholdPercent);
            if (state.ThirdMarkerNeeded) third++;
            else first++;
        }
        return new MarkingProgress(scripts.Count, agreed, first, third, claimed);
    }
}
