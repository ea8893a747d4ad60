using System.Linq.Expressions;
using System.Text.Json;
using TrainerAcademy.Domain.Marking;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Domain.Exams;

public enum AttemptStatus
{
    InProgress,
    Submitted,
    Graded,

    /// <summary>
    /// Drawn and frozen before the window opens, not yet started: the candidate's start turns it into a paper in progress
    /// with one small write. Until then no query sees it but the start's and the preparation's (a query filter).
    /// </summary>
    Prepared,
}

/// <summary>
/// A candidate's sitting of one component of the assessment: the theory paper (<see cref="Items"/>, questions) or the
/// skill paper (<see cref="Tasks"/>, practical tasks), one attempt per registration and component. The paper is drawn once
/// from the blueprint with <see cref="Seed"/> and frozen; answers are saved with a revision each. The deadline is the
/// server's: start + duration + accommodation, capped by the window's end.
/// </summary>
public class ExamAttempt : ICenterOwned
{
    private readonly List<AttemptItem> _items = [];
    private readonly List<AttemptTask> _tasks = [];

    private ExamAttempt() { }

    /// <summary>The name of the query filter that hides prepared papers.</summary>
    public const string PreparedFilter = "NotPrepared";

    /// <summary>For <c>IgnoreQueryFilters(ExamAttempt.WithPrepared)</c>: the attempts and the papers prepared ahead of their window.</summary>
    public static readonly IReadOnlyCollection<string> WithPrepared = [PreparedFilter];

    /// <summary>
    /// The skill paper, or the comprehensive review, of a registration: its tasks drawn from the pool by
    /// <paramref name="blueprint"/>, whose component it is.
    /// </summary>
    public ExamAttempt(ExamRegistration registration, ExamSession session, SkillBlueprint blueprint, int seed,
        IReadOnlyList<AttemptTask> tasks, DateTimeOffset now)
        : this(blueprint.Component, registration, session, blueprint.DurationMinutes, blueprint.PassMark, seed, now)
    {
        SkillBlueprintId = blueprint.Id;
        _tasks.AddRange(tasks);
    }

    /// <summary>The theory paper of a registration: its items drawn from the bank by <paramref name="blueprint"/>.</summary>
    public ExamAttempt(ExamRegistration registration, ExamSession session, ExamBlueprint blueprint, int seed,
        IReadOnlyList<AttemptItem> items, DateTimeOffset now)
        : this(AssessmentComponent.Theory, registration, session, blueprint.DurationMinutes, blueprint.PassMark, seed, now)
    {
        BlueprintId = blueprint.Id;
        _items.AddRange(items);
    }

    /// <summary>
    /// The theory paper of a registration drawn and frozen ahead of the window (<see cref="AttemptStatus.Prepared"/>):
    /// <see cref="StartedAt"/> holds when it was drawn and <see cref="Deadline"/> the window's end until <see cref="Begin"/>.
    /// </summary>
    public static ExamAttempt Prepare(ExamRegistration registration, ExamSession session, ExamBlueprint blueprint, int seed,
        IReadOnlyList<AttemptItem> items, DateTimeOffset now) =>
        new(registration, session, blueprint, seed, items, now) { Status = AttemptStatus.Prepared, Deadline = session.WindowEnd };

    /// <summary>
    /// The candidate starts a prepared paper: the clock starts now, the deadline is computed as for a paper drawn at the
    /// start (with the accommodation granted by now). Only a prepared paper begins; the revision moves, so of two racing
    /// starts one write lands.
    /// </summary>
    public void Begin(int accommodationMinutes, DateTimeOffset windowEnd, DateTimeOffset now)
    {
        if (Status != AttemptStatus.Prepared) throw new InvalidOperationException($"Attempt {Id} is {Status}, not prepared.");
        Status = AttemptStatus.InProgress;
        StartedAt = now;
        Deadline = ComputeDeadline(now, DurationMinutes, accommodationMinutes, windowEnd);
        Revision++;
    }

    private ExamAttempt(AssessmentComponent component, ExamRegistration registration, ExamSession session, int durationMinutes, decimal passMark,
        int seed, DateTimeOffset now)
    {
        Component = component;
        RegistrationId = registration.Id;
        SessionId = session.Id;
        CenterId = session.CenterId;
        LearnerId = registration.LearnerId;
        Seed = seed;
        StartedAt = now;
        DurationMinutes = durationMinutes;
        PassMark = passMark;
        Deadline = ComputeDeadline(now, durationMinutes, registration.AccommodationMinutes, session.WindowEnd);
        Status = AttemptStatus.InProgress;
    }

    public int Id { get; private set; }
    public int RegistrationId { get; private set; }
    public int SessionId { get; private set; }
    public int CenterId { get; private set; }
    public string LearnerId { get; private set; } = "";
    public AssessmentComponent Component { get; private set; }

    /// <summary>The theory blueprint the paper was drawn by; null for a skill attempt.</summary>
    public int? BlueprintId { get; private set; }

    /// <summary>The skill (or review) blueprint the tasks were drawn by; null for a theory attempt.</summary>
    public int? SkillBlueprintId { get; private set; }
    public int Seed { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public int DurationMinutes { get; private set; }
    public DateTimeOffset Deadline { get; private set; }
    public AttemptStatus Status { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }

    /// <summary>True when the deadline job (or a late access) submitted the attempt rather than the candidate.</summary>
    public bool AutoSubmitted { get; private set; }
    public decimal PassMark { get; private set; }
    public decimal? Score { get; private set; }
    public bool? Passed { get; private set; }
    public DateTimeOffset? GradedAt { get; private set; }
    public int Revision { get; private set; }
    public IReadOnlyList<AttemptItem> Items => _items;
    public IReadOnlyList<AttemptTask> Tasks => _tasks;

    /// <summary>A paper of tasks handed in whose rubric tasks examiners have not all scored yet (the tasks loaded).</summary>
    public bool AwaitingExaminers => AwaitsExaminersCompiled(this);

    /// <summary><see cref="AwaitingExaminers"/> as a condition for queries.</summary>
    public static readonly Expression<Func<ExamAttempt, bool>> AwaitsExaminers = a =>
        a.Component != AssessmentComponent.Theory && a.Status == AttemptStatus.Submitted
        && a.Tasks.Any(t => t.Awarded == null && t.Scoring == PracticalScoringKind.Rubric);

    private static readonly Func<ExamAttempt, bool> AwaitsExaminersCompiled = AwaitsExaminers.Compile();

    public static DateTimeOffset ComputeDeadline(DateTimeOffset startedAt, int durationMinutes, int accommodationMinutes, DateTimeOffset windowEnd)
    {
        var deadline = startedAt.AddMinutes(durationMinutes + accommodationMinutes);
        return deadline < windowEnd ? deadline : windowEnd;
    }

    /// <summary>Applies a changed accommodation to an attempt already under way.</summary>
    public void Reschedule(int accommodationMinutes, DateTimeOffset windowEnd)
    {
        if (Status != AttemptStatus.InProgress) return;
        Deadline = ComputeDeadline(StartedAt, DurationMinutes, accommodationMinutes, windowEnd);
        Revision++;
    }

    /// <summary>
    /// Decides a save of one answer: the answer must fit the item's type, the revision is a whole number from 1 up, and the
    /// attempt must still take saves (<see cref="EnsureTakesSaves"/>). The decision lands only on an item whose saved
    /// revision is older (<see cref="AnswerSave.Lands"/>), which the caller checks where the row is written, so a
    /// concurrent newer save is never replaced.
    /// </summary>
    public AnswerSave SaveAnswer(AttemptItem item, JsonElement response, int revision, DateTimeOffset now, TimeSpan grace)
    {
        if (item.AttemptId != Id)
            throw new RuleViolation("answer.item", "The question is not on this paper.", "itemId");
        var normalized = item.Normalize(response);
        if (revision < 1)
            throw new RuleViolation("answer.revision", "The revision is a whole number from 1 up.", "revision");
        EnsureTakesSaves(now, grace);
        return new AnswerSave(Id, item.Position, normalized, revision, now);
    }

    /// <summary>Decides a save of one task's answer, as <see cref="SaveAnswer(AttemptItem, JsonElement, int, DateTimeOffset, TimeSpan)"/> does a question's.</summary>
    /// <param name="candidateFiles">The candidate's own files among those a written answer names (id to name); a file not here is refused.</param>
    public AnswerSave SaveAnswer(AttemptTask task, JsonElement response, int revision, DateTimeOffset now, TimeSpan grace,
        IReadOnlyDictionary<Guid, string>? candidateFiles = null)
    {
        if (task.AttemptId != Id)
            throw new RuleViolation("answer.item", "The task is not on this paper.", "itemId");
        var normalized = task.Normalize(response, candidateFiles);
        if (revision < 1)
            throw new RuleViolation("answer.revision", "The revision is a whole number from 1 up.", "revision");
        EnsureTakesSaves(now, grace);
        return new AnswerSave(Id, task.Position, normalized, revision, now);
    }

    /// <summary>
    /// Saves are taken while the attempt is in progress and until its deadline plus the grace (answers in flight at the
    /// deadline land): after the grace 410, once submitted 409.
    /// </summary>
    public void EnsureTakesSaves(DateTimeOffset now, TimeSpan grace)
    {
        if (IsPastGrace(now, grace))
            throw new GoneViolation("attempt.time-up", "The time for this exam is over; answers can no longer be saved.");
        if (Status != AttemptStatus.InProgress)
            throw new ConflictViolation("attempt.submitted", "This exam has been handed in; answers can no longer be changed.");
    }

    /// <summary>True once no save can be taken any more: the deadline plus the grace has passed.</summary>
    public bool IsPastGrace(DateTimeOffset now, TimeSpan grace) => now > Deadline + grace;

    /// <summary>
    /// <see cref="EnsureTakesSaves"/> as a condition on the stored row (in progress, deadline + grace not passed), for the
    /// statement that writes a save, so a hand-in or the deadline that comes between the decision and the write wins.
    /// </summary>
    public static Expression<Func<ExamAttempt, bool>> TakesSaves(DateTimeOffset now, TimeSpan grace)
    {
        var cutoff = now - grace;
        return a => a.Status == AttemptStatus.InProgress && a.Deadline >= cutoff;
    }

    /// <summary>Submits once; later calls change nothing and return false.</summary>
    public bool Submit(DateTimeOffset now, bool automatic)
    {
        if (Status != AttemptStatus.InProgress) return false;
        Status = AttemptStatus.Submitted;
        SubmittedAt = now < Deadline || !automatic ? now : Deadline;
        AutoSubmitted = automatic;
        Revision++;
        return true;
    }

    /// <summary>
    /// Scores the skill paper's platform-scored tasks against this candidate's gold answers. When every task has a score
    /// (no rubric task, or examiners have agreed them all) the total is the attempt's score and it is graded; until then it
    /// stays submitted, <see cref="AwaitingExaminers"/>. Scoring again gives the same figures.
    /// </summary>
    public decimal? GradeSkill(DateTimeOffset now)
    {
        if (!Component.IsTaskPaper())
            throw new InvalidOperationException("A theory paper is graded against its keys.");
        if (Status == AttemptStatus.InProgress)
            throw new ConflictViolation("attempt.not-submitted", "An attempt is graded after it is submitted.");
        foreach (var task in _tasks.Where(t => t.ScoredByPlatform)) task.Mark();
        Revision++;
        if (_tasks.Any(t => t.Awarded is null)) return null;
        var score = _tasks.Sum(t => t.Awarded!.Value);
        Score = score;
        Passed = score >= PassMark;
        GradedAt ??= now;
        Status = AttemptStatus.Graded;
        return score;
    }

    /// <summary>
    /// A score changed by a review (复核): the attempt's score and pass replaced, its items' marks left as graded. Only
    /// <see cref="ResultReview.Resolve"/> calls it, which records the score before and after.
    /// </summary>
    internal void ChangeScoreOnReview(decimal score)
    {
        if (Status != AttemptStatus.Graded)
            throw new ConflictViolation("review.not-graded", "Only a graded score can be changed by a review.");
        Score = score;
        Passed = score >= PassMark;
        Revision++;
    }

    /// <summary>
    /// Takes the examiners' submitted marks of one of this paper's rubric tasks (<see cref="DoubleMarking"/>): once they
    /// agree, the task is awarded the agreed score, each rubric line the mean of the counted marks, and the paper is graded
    /// when no task is left unscored. Every call moves <see cref="Revision"/>, so two examiners submitting the same
    /// script's marks at once conflict and the second one sees the first one's mark.
    /// </summary>
    public MarkingState TakeMarks(AttemptTask task, IReadOnlyList<ScriptMark> marks, decimal thresholdPercent, DateTimeOffset now)
    {
        if (!Component.IsTaskPaper() || !_tasks.Contains(task))
            throw new InvalidOperationException("Marks are taken by the paper of tasks the task belongs to.");
        if (Status == AttemptStatus.InProgress)
            throw new ConflictViolation("attempt.not-submitted", "An attempt is graded after it is submitted.");
        var submitted = marks.Where(m => m.AttemptTaskId == task.Id && m.Submitted).ToDictionary(m => m.Round);
        var state = DoubleMarking.Resolve(submitted.ToDictionary(m => m.Key, m => m.Value.Total!.Value), task.Points, thresholdPercent);
        Revision++;
        if (state.Agreed is not { } agreed || task.Awarded is not null) return state;
        var counted = state.Counted.Select(r => submitted[r]).ToList();
        var breakdown = task.Rubric
            .Select(line => new ScoreLine(line.Code, line.Criterion,
                PracticalScoring.RoundPoints(counted.Average(m => m.Lines.FirstOrDefault(l => l.Code == line.Code)?.Points ?? 0m))))
            .ToList();
        task.Award(agreed, breakdown);
        GradeSkill(now);
        return state;
    }

    /// <summary>Marks every item against its key and totals the score. Grading a graded attempt changes nothing.</summary>
    public GradeResult Grade(IReadOnlyDictionary<int, QuestionVersion> versions, DateTimeOffset now)
    {
        if (Component != AssessmentComponent.Theory)
            throw new InvalidOperationException("A skill paper is graded by GradeSkill.");
        if (Status == AttemptStatus.InProgress)
            throw new ConflictViolation("attempt.not-submitted", "An attempt is graded after it is submitted.");
        foreach (var item in _items)
            item.Mark(versions[item.QuestionVersionId]);
        var score = _items.Sum(i => i.Awarded ?? 0m);
        Score = score;
        Passed = score >= PassMark;
        GradedAt ??= now;
        Status = AttemptStatus.Graded;
        Revision++;
        return new GradeResult(score, Passed.Value,
            [.. _items.GroupBy(i => i.WorkFunctionCode)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new WorkFunctionScore(g.Key, g.Sum(i => i.Awarded ?? 0m), g.Sum(i => i.Points), g.Count(i => i.Correct == true), g.Count()))]);
    }
}

/// <summary>A save the attempt has decided to take: the item's answer in its stored form (null clears it) at a revision.</summary>
public sealed record AnswerSave(int AttemptId, int Position, string? Response, int Revision, DateTimeOffset SavedAt)
{
    /// <summary>The item this save is for, while its saved revision is older: each item's revision only grows.</summary>
    public Expression<Func<AttemptItem, bool>> Lands
    {
        get
        {
            var (attemptId, position, revision) = (AttemptId, Position, Revision);
            return i => i.AttemptId == attemptId && i.Position == position && i.SavedRevision < revision;
        }
    }

    /// <summary>The task this save is for, while its saved revision is older.</summary>
    public Expression<Func<AttemptTask, bool>> LandsOnTask
    {
        get
        {
            var (attemptId, position, revision) = (AttemptId, Position, Revision);
            return t => t.AttemptId == attemptId && t.Position == position && t.SavedRevision < revision;
        }
    }

    /// <summary>The refusal of a save that was not newer than the stored one; it carries the stored answer for the page to adopt.</summary>
    public static ConflictViolation Stale(int savedRevision, string? savedResponse)
    {
        var stale = new ConflictViolation("answer.stale",
            $"A newer answer (revision {savedRevision}) is already saved for this question.", "revision");
        stale.Data["savedRevision"] = savedRevision;
        stale.Data["response"] = savedResponse;
        return stale;
    }
}

public sealed record GradeResult(decimal Score, bool Passed, IReadOnlyList<WorkFunctionScore> ByWorkFunction);

public sealed record WorkFunctionScore(string WorkFunctionCode, decimal Score, decimal Points, int Correct, int Items);

/// <summary>
/// One item of a candidate's paper: the question version it shows, the order its options are shown in, and the
/// candidate's saved answer. A save is a conditional update on this row (<see cref="SavedRevision"/> must grow).
/// </summary>
public class AttemptItem
{
    private AttemptItem() { }

    public AttemptItem(int position, QuestionVersion version, string workFunctionCode, string optionOrder, decimal points)
    {
        Position = position;
        QuestionVersionId = version.Id;
        Type = version.Type;
        WorkFunctionCode = workFunctionCode;
        OptionOrder = optionOrder;
        Points = points;
    }

    public int Id { get; private set; }
    public int AttemptId { get; private set; }

    /// <summary>1-based number on the paper; the item id of the API.</summary>
    public int Position { get; private set; }
    public int QuestionVersionId { get; private set; }
    public QuestionType Type { get; private set; }
    public string WorkFunctionCode { get; private set; } = "";

    /// <summary>The bank's option indices in the order shown, e.g. "2031": shown option A is the bank's option 2.</summary>
    public string OptionOrder { get; private set; } = "";
    public decimal Points { get; private set; }

    /// <summary>The saved answer in the letters shown to the candidate (or true/false); null when not answered.</summary>
    public string? Response { get; private set; }
    public int SavedRevision { get; private set; }
    public DateTimeOffset? SavedAt { get; private set; }
    public bool? Correct { get; private set; }
    public decimal? Awarded { get; private set; }

    /// <summary>The shown letters mapped back to the bank's letters (canonical order), the form the key is in.</summary>
    public string? ResponseInBankLetters()
    {
        if (Response is null) return null;
        if (Type == QuestionType.TrueFalse) return Response;
        var bank = Response.Select(c => Letters.Of(OptionOrder[Letters.IndexOf(c)] - '0')).Order();
        return new string([.. bank]);
    }

    /// <summary>The key in the letters shown to this candidate.</summary>
    public string KeyInShownLetters(QuestionVersion version)
    {
        if (Type == QuestionType.TrueFalse) return version.Answer;
        var shown = version.Answer.Select(c => Letters.Of(OptionOrder.IndexOf((char)('0' + Letters.IndexOf(c))))).Order();
        return new string([.. shown]);
    }

    /// <summary>
    /// The response in its stored form: "true"/"false" for a true-false item, shown letters in alphabetical order for a
    /// choice item (one letter for single choice), or null to clear the answer.
    /// </summary>
    internal string? Normalize(JsonElement response)
    {
        if (response.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        var optionCount = OptionOrder.Length;
        switch (Type)
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
                if (Type == QuestionType.SingleChoice && letters.Length != 1)
                    throw Invalid("A single-choice question takes exactly one option.");
                return letters;
        }
    }

    private static RuleViolation Invalid(string message) => new RuleViolation("answer.invalid", message, "response");

    internal void Mark(QuestionVersion version)
    {
        Correct = ResponseInBankLetters() == version.Answer;
        Awarded = Correct == true ? Points : 0m;
    }
}

public enum AttemptEventKind
{
    Started,
    Resumed,
    Saved,
    Submitted,
    AutoSubmitted,
    FocusLost,
    Graded,
    FocusReturned,
    AccommodationGranted,

    /// <summary>An examiner submitted a mark of a rubric task (the detail names the round, the examiner and the total).</summary>
    Marked,
    MarksAgreed,
    ThirdMarkerNeeded,

    /// <summary>The candidate uploaded a file for a written task (the detail names the file's id, hash prefix and name).</summary>
    FileUploaded,
}

/// <summary>One line of an attempt's audit trail.</summary>
public class AttemptEvent
{
    private AttemptEvent() { }

    public AttemptEvent(int attemptId, AttemptEventKind kind, DateTimeOffset at, int? position = null, int? revision = null, string? detail = null)
    {
        AttemptId = attemptId;
        Kind = kind;
        At = at;
        Position = position;
        Revision = revision;
        Detail = detail is { Length: > 200 } ? detail[..200] : detail;
    }

    public long Id { get; private set; }
    public int AttemptId { get; private set; }
    public AttemptEventKind Kind { get; private set; }
    public DateTimeOffset At { get; private set; }
    public int? Position { get; private set; }
    public int? Revision { get; private set; }
    public string? Detail { get; private set; }
}
