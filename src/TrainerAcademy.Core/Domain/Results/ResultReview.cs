using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Domain.Results;

public enum ReviewStatus
{
    /// <summary>Requested and not yet resolved: it holds the candidate's certificate eligibility.</summary>
    Open,

    /// <summary>Resolved with the score unchanged.</summary>
    Kept,

    /// <summary>Resolved with a new score, which replaced the attempt's.</summary>
    Changed,
}

/// <summary>
/// A candidate's request to have one released component score looked at again (成绩复核), and its resolution. At most one
/// per attempt (a unique index holds it under parallel requests). The record is the audit of a changed score: the score
/// before and after, who resolved it, when, and why.
/// </summary>
public class ResultReview : ICenterOwned
{
    public const int ReasonMaxLength = 500;

    private ResultReview() { }

    private ResultReview(ExamAttempt attempt, string reason, DateTimeOffset now)
    {
        AttemptId = attempt.Id;
        RegistrationId = attempt.RegistrationId;
        SessionId = attempt.SessionId;
        CenterId = attempt.CenterId;
        LearnerId = attempt.LearnerId;
        Component = attempt.Component;
        Reason = reason;
        RequestedAt = now;
        PreviousScore = attempt.Score!.Value;
        PreviousPassed = attempt.Passed ?? false;
        Status = ReviewStatus.Open;
    }

    public int Id { get; private set; }
    public int AttemptId { get; private set; }
    public int RegistrationId { get; private set; }
    public int SessionId { get; private set; }
    public int CenterId { get; private set; }
    public string LearnerId { get; private set; } = "";
    public AssessmentComponent Component { get; private set; }

    /// <summary>Why the candidate asks (at most <see cref="ReasonMaxLength"/> characters).</summary>
    public string Reason { get; private set; } = "";
    public DateTimeOffset RequestedAt { get; private set; }
    public ReviewStatus Status { get; private set; }

    /// <summary>The score and pass when the review was requested.</summary>
    public decimal PreviousScore { get; private set; }
    public bool PreviousPassed { get; private set; }

    /// <summary>The score and pass after the resolution (the same as before when kept).</summary>
    public decimal? ResolvedScore { get; private set; }
    public bool? ResolvedPassed { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>The account of the admin who resolved it.</summary>
    public string? ResolvedById { get; private set; }

    /// <summary>The reviewer's reason, shown to the candidate.</summary>
    public string? Resolution { get; private set; }
    public int Revision { get; private set; }

    public bool IsOpen => Status == ReviewStatus.Open;

    /// <summary>
    /// A review of a released, graded component requested inside the window (Beijing <paramref name="today"/>), with a
    /// reason. Whether the attempt already has a review is the caller's question, answered finally by the unique index.
    /// </summary>
    public static ResultReview Request(ExamSession session, ExamAttempt attempt, ReviewWindow? window, DateOnly today, string? reason, DateTimeOffset now)
    {
        if (attempt.SessionId != session.Id)
            throw new ArgumentException("The attempt is not of this session.", nameof(attempt));
        if (!session.ResultsReleased || window is null)
            throw new RuleViolation("review.not-released", "A review can be requested once the session's results are released.", "component");
        if (attempt.Status != AttemptStatus.Graded || attempt.Score is null)
            throw new RuleViolation("review.not-graded", "This part has no released score to review.", "component");
        if (!window.IsOpenOn(today))
        {
            var closed = new RuleViolation("review.window-closed",
                $"Reviews of these results could be requested until {window.LastDay:yyyy-MM-dd}.", "component");
            closed.Data["lastDay"] = window.LastDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            throw closed;
        }
        return new ResultReview(attempt, CleanReason(reason, "review.reason", "Give the reason for the review, in at most 500 characters."), now);
    }

    /// <summary>
    /// Resolves an open review once: the score kept, or changed on the attempt (<see cref="ExamAttempt"/>'s pass follows its
    /// pass mark), with the reviewer's reason. A second resolution is refused.
    /// </summary>
    public void Resolve(ExamAttempt attempt, ReviewStatus outcome, decimal? score, string? reason, string reviewerId, DateTimeOffset now)
    {
        if (attempt.Id != AttemptId)
            throw new ArgumentException("The attempt is not the one under review.", nameof(attempt));
        if (Status != ReviewStatus.Open)
            throw new ConflictViolation("review.resolved", "This review has already been resolved.");
        if (outcome is not (ReviewStatus.Kept or ReviewStatus.Changed))
            throw new RuleViolation("review.outcome", "The outcome is \"kept\" or \"changed\".", "outcome");
        var resolution = CleanReason(reason, "review.resolution", "Give the reason for the outcome, in at most 500 characters.");
        if (outcome == ReviewStatus.Changed)
        {
            if (score is not { } changed)
                throw new RuleViolation("review.score-required", "Enter the new score.", "score");
            if (changed is < 0 or > 100 || decimal.Round(changed, 2) != changed)
                throw new RuleViolation("review.score-range", "A score is 0 to 100 with at most two decimals.", "score");
            if (changed == attempt.Score)
                throw new RuleViolation("review.score-unchanged", "The new score is the current score; resolve the review as kept.", "score");
            attempt.ChangeScoreOnReview(changed);
        }
        else if (score is { } kept && kept != attempt.Score)
        {
            throw new RuleViolation("review.kept-score", "A kept score takes no new score.", "score");
        }
        Status = outcome;
        ResolvedScore = attempt.Score;
        ResolvedPassed = attempt.Passed;
        ResolvedAt = now;
        ResolvedById = reviewerId;
        Resolution = resolution;
        Revision++;
    }

    private static string CleanReason(string? text, string code, string message)
    {
        var clean = (text ?? "").Trim();
        if (clean.Length is 0 or > ReasonMaxLength) throw new RuleViolation(code, message, "reason");
        return clean;
    }
}
