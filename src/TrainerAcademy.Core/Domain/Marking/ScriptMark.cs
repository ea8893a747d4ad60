using System.Text.Json;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Domain.Marking;

/// <summary>One examiner's score of one line of the rubric.</summary>
public sealed record LineMark(string Code, decimal Points);

/// <summary>
/// One examiner's mark of one script (an examiner-scored task of a candidate's skill paper) in one round. The examiner
/// claims the script from the queue, which holds it for them for a while, and submits a score for every rubric line;
/// a submitted mark is final and is the audit of who marked what, when. The database holds one mark per script and
/// round and one per script and examiner, so two examiners never take the same round and nobody marks a script twice.
/// </summary>
public class ScriptMark : ICenterOwned
{
    public const int MaxComment = 2000;

    private ScriptMark() { }

    public ScriptMark(ExamAttempt attempt, AttemptTask task, int round, string examinerId, DateTimeOffset now)
    {
        if (round is < 1 or > DoubleMarking.MaxRounds)
            throw new ArgumentOutOfRangeException(nameof(round));
        AttemptTaskId = task.Id;
        AttemptId = attempt.Id;
        SessionId = attempt.SessionId;
        CenterId = attempt.CenterId;
        Round = round;
        ExaminerId = examinerId;
        ClaimedAt = now;
    }

    public int Id { get; private set; }
    public int AttemptTaskId { get; private set; }
    public int AttemptId { get; private set; }
    public int SessionId { get; private set; }
    public int CenterId { get; private set; }

    /// <summary>1 and 2 are the independent marks; 3 the third marker's.</summary>
    public int Round { get; private set; }
    public string ExaminerId { get; private set; } = "";
    public DateTimeOffset ClaimedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public decimal? Total { get; private set; }

    /// <summary>The <see cref="LineMark"/>s as JSON once submitted.</summary>
    public string? LinesJson { get; private set; }
    public string? Comment { get; private set; }

    public bool Submitted => SubmittedAt is not null;

    public IReadOnlyList<LineMark> Lines =>
        LinesJson is null ? [] : JsonSerializer.Deserialize<LineMark[]>(LinesJson, JsonSerializerOptions.Web) ?? [];

    /// <summary>A claim not submitted within <paramref name="hold"/> goes back to the queue.</summary>
    public bool HasLapsed(DateTimeOffset now, TimeSpan hold) => !Submitted && now - ClaimedAt > hold;

    /// <summary>
    /// Submits the examiner's score of every rubric line (0 to the line's points, in steps of 0.5) and the total.
    /// Returns the total.
    /// </summary>
    public decimal Submit(IReadOnlyList<RubricLine> rubric, IReadOnlyList<LineMark> lines, string? comment, DateTimeOffset now, TimeSpan hold)
    {
        if (Submitted)
            throw new ConflictViolation("marking.submitted", "This mark has been submitted; a submitted mark is final.");
        if (HasLapsed(now, hold))
            throw new GoneViolation("marking.claim-lapsed", "Your hold on this script has lapsed and it went back to the queue; take the next script.");
        var given = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines ?? [])
        {
            if (line is null || string.IsNullOrWhiteSpace(line.Code) || !rubric.Any(r => string.Equals(r.Code, line.Code, StringComparison.OrdinalIgnoreCase)))
                throw new RuleViolation("marking.line-unknown", $"The rubric has no line {line?.Code}.", "lines");
            if (!given.TryAdd(line.Code.Trim(), line.Points))
                throw new RuleViolation("marking.line-twice", $"Line {line.Code} is scored twice.", "lines");
        }
        var marked = new List<LineMark>();
        foreach (var line in rubric)
        {
            if (!given.TryGetValue(line.Code, out var points))
                throw new RuleViolation("marking.line-missing", $"Score every rubric line: {line.Code} has no score.", "lines");
            if (points < 0 || points > line.Points || points * 2 != decimal.Truncate(points * 2))
                throw new RuleViolation("marking.line-points", $"Line {line.Code} scores 0 to {line.Points:0.##} in steps of 0.5.", "lines");
            marked.Add(new LineMark(line.Code, points));
        }
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > MaxComment })
            throw new RuleViolation("marking.comment", $"A comment is at most {MaxComment} characters.", "comment");
        if (comment is not null && comment.Contains('\0'))
            throw new RuleViolation("marking.comment", $"A comment is at most {MaxComment} characters.", "comment");
        Total = marked.Sum(m => m.Points);
        LinesJson = JsonSerializer.Serialize(marked, JsonSerializerOptions.Web);
        Comment = comment;
        SubmittedAt = now;
        return Total.Value;
    }
}
