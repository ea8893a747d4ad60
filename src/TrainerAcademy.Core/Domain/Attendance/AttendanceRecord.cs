namespace TrainerAcademy.Domain.Attendance;

public enum AttendanceStatus
{
    Present,
    Late,
    LeftEarly,
    Absent,
    Excused,
}

/// <summary>How a mark was taken: by staff on the roster, or by the learner scanning the classroom's code.</summary>
public enum AttendanceSource
{
    Roster,
    CheckIn,
}

/// <summary>
/// One learner's attendance at one session. Present counts the whole session; late and left early count the
/// session less the minutes missed; absent and excused count nothing. One mark per place and session, held by a
/// unique index.
/// </summary>
public class AttendanceRecord : ICenterOwned
{
    private AttendanceRecord() { }

    public AttendanceRecord(int sessionId, int cohortId, int centerId, int enrollmentId, string learnerId)
    {
        SessionId = sessionId;
        CohortId = cohortId;
        CenterId = centerId;
        EnrollmentId = enrollmentId;
        LearnerId = learnerId;
    }

    public int Id { get; private set; }
    public int SessionId { get; private set; }
    public int CohortId { get; private set; }
    public int CenterId { get; private set; }
    public int EnrollmentId { get; private set; }
    public string LearnerId { get; private set; } = "";
    public AttendanceStatus Status { get; private set; }

    /// <summary>Minutes of the session the learner missed (late arrival or early leave); 0 when present.</summary>
    public int MinutesMissed { get; private set; }
    public AttendanceSource Source { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>The staff member or learner who took the mark.</summary>
    public string RecordedBy { get; private set; } = "";

    /// <summary>Takes a mark, checking the minutes missed against the session's length.</summary>
    public void Mark(AttendanceStatus status, int minutesMissed, int sessionMinutes, AttendanceSource source, string by, DateTimeOffset now)
    {
        if (!Enum.IsDefined(status))
            throw new RuleViolation("attendance.status", "Choose present, late, left early, absent or excused.", "status");
        switch (status)
        {
            case AttendanceStatus.Late or AttendanceStatus.LeftEarly when minutesMissed <= 0 || minutesMissed >= sessionMinutes:
                throw new RuleViolation("attendance.minutesMissed", "A late arrival or early leave misses more than 0 minutes and less than the whole session.", "minutesMissed");
            case AttendanceStatus.Present or AttendanceStatus.Absent or AttendanceStatus.Excused:
                minutesMissed = 0;
                break;
        }

        Status = status;
        MinutesMissed = minutesMissed;
        Source = source;
        RecordedBy = by;
        RecordedAt = now;
    }

    public int MinutesAttended(int sessionMinutes) => Status switch
    {
        AttendanceStatus.Present => sessionMinutes,
        AttendanceStatus.Late or AttendanceStatus.LeftEarly => Math.Max(0, sessionMinutes - MinutesMissed),
        _ => 0,
    };
}
