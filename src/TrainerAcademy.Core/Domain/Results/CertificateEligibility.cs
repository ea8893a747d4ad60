namespace TrainerAcademy.Domain.Results;

/// <summary>What keeps a candidate from being certified yet.</summary>
public enum EligibilityHold
{
    /// <summary>The session's results are not released.</summary>
    NotReleased,

    /// <summary>A required component has no score.</summary>
    Pending,

    /// <summary>A required component is below its pass mark.</summary>
    NotPassed,

    /// <summary>The public posting has not ended (the Beijing date is before the first day after it).</summary>
    PostingNotEnded,

    /// <summary>A review the candidate requested is not resolved.</summary>
    ReviewOpen,
}

/// <summary>
/// Whether a certificate may be issued for one registration: the combined outcome is passed, the posting has ended
/// (Beijing date on or after <see cref="ResultPosting.EligibleFrom"/>), and none of the candidate's reviews is open.
/// <see cref="EligibleFrom"/> is the first day of the posting's end, given for a passed outcome.
/// </summary>
public sealed record CertificateEligibility(bool Eligible, DateOnly? EligibleFrom, IReadOnlyList<EligibilityHold> Holds)
{
    public static CertificateEligibility Decide(AssessmentOutcome outcome, ResultPosting? posting, bool reviewOpen, DateOnly today)
    {
        var holds = new List<EligibilityHold>();
        if (posting is null) holds.Add(EligibilityHold.NotReleased);
        if (outcome == AssessmentOutcome.Pending && posting is not null) holds.Add(EligibilityHold.Pending);
        if (outcome == AssessmentOutcome.Failed) holds.Add(EligibilityHold.NotPassed);
        if (posting is not null && today < posting.EligibleFrom) holds.Add(EligibilityHold.PostingNotEnded);
        if (reviewOpen) holds.Add(EligibilityHold.ReviewOpen);
        return new CertificateEligibility(holds.Count == 0, outcome == AssessmentOutcome.Passed ? posting?.EligibleFrom : null, holds);
    }
}
