namespace TrainerAcademy.Domain.Marking;

/// <summary>Where an examiner may mark: the sessions of their own center, or of every center.</summary>
public enum ExaminerScope
{
    Center,
    Platform,
}

/// <summary>
/// The examiner (考评员) permission an admin grants to a center staff account, for the sessions of the staff member's
/// own center or platform-wide. Revoking deletes the grant; marks already given stay, with their examiner.
/// </summary>
public class ExaminerGrant
{
    private ExaminerGrant() { }

    public ExaminerGrant(string userId, int centerId, ExaminerScope scope, string grantedById, DateTimeOffset now)
    {
        UserId = userId;
        CenterId = centerId;
        Change(scope, grantedById, now);
    }

    public string UserId { get; private set; } = "";

    /// <summary>The examiner's own center (a staff account always has one).</summary>
    public int CenterId { get; private set; }
    public ExaminerScope Scope { get; private set; }
    public string GrantedById { get; private set; } = "";
    public DateTimeOffset GrantedAt { get; private set; }

    public void Change(ExaminerScope scope, string grantedById, DateTimeOffset now)
    {
        if (!Enum.IsDefined(scope))
            throw new RuleViolation("examiner.scope", "An examiner marks for their own center or platform-wide.", "scope");
        Scope = scope;
        GrantedById = grantedById;
        GrantedAt = now;
    }

    /// <summary>Whether the grant reaches a session of <paramref name="sessionCenterId"/>, before any conflict of interest.</summary>
    public bool Covers(int sessionCenterId) => Scope == ExaminerScope.Platform || CenterId == sessionCenterId;

    /// <summary>
    /// Whether this examiner may mark a candidate's script: the grant reaches the session's center; never a candidate
    /// they taught (an instructor of one of the candidate's cohorts); never one of their own center when the session
    /// asks for external examiners.
    /// </summary>
    public MarkingConflict? ConflictWith(int sessionCenterId, bool externalExaminersOnly, bool taughtCandidate)
    {
        if (!Covers(sessionCenterId)) return MarkingConflict.OutsideGrant;
        if (taughtCandidate) return MarkingConflict.TaughtCandidate;
        if (externalExaminersOnly && CenterId == sessionCenterId) return MarkingConflict.OwnCenter;
        return null;
    }
}

/// <summary>Why an examiner may not mark a script.</summary>
public enum MarkingConflict
{
    OutsideGrant,
    TaughtCandidate,
    OwnCenter,
}
