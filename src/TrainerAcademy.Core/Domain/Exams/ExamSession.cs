namespace TrainerAcademy.Domain.Exams;

public enum ExamMode
{
    Online,
    OnSite,
}

/// <summary>
/// A sitting of the theory exam for one level: candidates register until the deadline and start their paper any
/// time inside the window. <see cref="Registered"/> is changed by the database (a conditional update, bounded by a
/// CHECK constraint) so capacity holds under concurrent registrations.
/// </summary>
public class ExamSession : ICenterOwned
{
    public const int MaxCapacity = 5000;

    private ExamSession() { }

    public ExamSession(int centerId, int level, int blueprintId, string title, ExamMode mode, int? venueId, int capacity,
        DateTimeOffset windowStart, DateTimeOffset windowEnd, DateTimeOffset registrationDeadline, bool showReview, DateTimeOffset now,
        int? skillBlueprintId = null, bool externalExaminersOnly = false, int? reviewBlueprintId = null)
    {
        if (level is < 1 or > 5)
            throw new RuleViolation("exam-session.level", "The level is 1 to 5.", "level");
        if (reviewBlueprintId is not null)
            Results.AssessmentComponents.EnsureTakenAt(Results.AssessmentComponent.Review, level, "level");
        CenterId = centerId;
        Level = level;
        BlueprintId = blueprintId;
        SkillBlueprintId = skillBlueprintId;
        ReviewBlueprintId = reviewBlueprintId;
        CreatedAt = now;
        Change(title, mode, venueId, capacity, windowStart, windowEnd, registrationDeadline, showReview, externalExaminersOnly);
    }

    public int Id { get; private set; }
    public int CenterId { get; private set; }
    public int Level { get; private set; }
    public int BlueprintId { get; private set; }

    /// <summary>The skill blueprint the session's skill assessment draws by; null when the session holds the theory exam only.</summary>
    public int? SkillBlueprintId { get; private set; }

    /// <summary>
    /// The blueprint of the comprehensive review (综合评审) of levels 2 and 1: the work the candidate hands in, scored by
    /// examiners. Null at levels 5 to 3, or while no review blueprint of the level is active.
    /// </summary>
    public int? ReviewBlueprintId { get; private set; }

    /// <summary>The blueprint that draws the session's paper of tasks for a component, if the session holds it.</summary>
    public int? TaskBlueprintId(Results.AssessmentComponent component) => component switch
    {
        Results.AssessmentComponent.Skill => SkillBlueprintId,
        Results.AssessmentComponent.Review => ReviewBlueprintId,
        _ => null,
    };
    public string Title { get; private set; } = "";
    public ExamMode Mode { get; private set; }
    public int? VenueId { get; private set; }
    public int Capacity { get; private set; }
    public int Registered { get; private set; }
    public DateTimeOffset WindowStart { get; private set; }
    public DateTimeOffset WindowEnd { get; private set; }
    public DateTimeOffset RegistrationDeadline { get; private set; }

    /// <summary>Whether candidates see their answers, the keys and the explanations once results are released.</summary>
    public bool ShowReview { get; private set; }

    /// <summary>Whether the skill scripts of this session are marked only by examiners of other centers.</summary>
    public bool ExternalExaminersOnly { get; private set; }
    public DateTimeOffset? ResultsReleasedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Revision { get; private set; }

    public bool ResultsReleased => ResultsReleasedAt is not null;

    public bool IsOpenForRegistration(DateTimeOffset now) => now <= RegistrationDeadline && now < WindowEnd;

    public bool IsInWindow(DateTimeOffset now) => now >= WindowStart && now < WindowEnd;

    public void Change(string title, ExamMode mode, int? venueId, int capacity, DateTimeOffset windowStart, DateTimeOffset windowEnd,
        DateTimeOffset registrationDeadline, bool showReview, bool externalExaminersOnly = false)
    {
        title = (title ?? "").Trim();
        if (title.Length is 0 or > 100)
            throw new RuleViolation("exam-session.title", "A session needs a title of at most 100 characters.", "title");
        if (!Enum.IsDefined(mode))
            throw new RuleViolation("exam-session.mode", "A session is online or on site.", "mode");
        if (mode == ExamMode.OnSite && venueId is null)
            throw new RuleViolation("exam-session.venue", "An on-site session takes place at one of the center's venues.", "venueId");
        if (capacity is < 1 or > MaxCapacity)
            throw new RuleViolation("exam-session.capacity", $"Capacity is 1 to {MaxCapacity}.", "capacity");
        if (capacity < Registered)
            throw new RuleViolation("exam-session.capacity-below-registered", $"{Registered} candidates are registered; capacity cannot be lower.", "capacity");
        if (windowEnd <= windowStart)
            throw new RuleViolation("exam-session.window", "The window ends after it starts.", "windowEnd");
        if (registrationDeadline > windowStart)
            throw new RuleViolation("exam-session.deadline", "Registration closes before the window opens.", "registrationDeadline");
        Title = title;
        Mode = mode;
        VenueId = mode == ExamMode.OnSite ? venueId : null;
        Capacity = capacity;
        // Stored in UTC whatever offset the caller wrote them in (a form in Beijing time, an API client anywhere).
        WindowStart = windowStart.ToUniversalTime();
        WindowEnd = windowEnd.ToUniversalTime();
        RegistrationDeadline = registrationDeadline.ToUniversalTime();
        ShowReview = showReview;
        ExternalExaminersOnly = externalExaminersOnly;
        Revision++;
    }

    public void ReleaseResults(DateTimeOffset now)
    {
        if (now < WindowEnd)
            throw new RuleViolation("exam-session.release-early", "Results are released after the exam window has closed.");
        ResultsReleasedAt ??= now;
    }
}

public enum RegistrationStatus
{
    Registered,
    Cancelled,
}

/// <summary>
/// A candidate's registration for a session, with the declarations the application conditions were checked
/// against (the profile gives years in the occupation and education).
/// </summary>
public class ExamRegistration : ICenterOwned
{
    private ExamRegistration() { }

    public ExamRegistration(ExamSession session, string learnerId, string ticketNumber, ApplicationDeclaration declaration,
        string conditionsVersion, DateTimeOffset now)
    {
        SessionId = session.Id;
        CenterId = session.CenterId;
        LearnerId = learnerId;
        TicketNumber = ticketNumber;
        PriorCertificateLevel = declaration.PriorCertificateLevel;
        PriorCertificateNumber = declaration.PriorCertificateNumber;
        RelatedMajor = declaration.RelatedMajor;
        ApprenticeshipCompleted = declaration.ApprenticeshipCompleted;
        ConditionsVersion = conditionsVersion;
        Status = RegistrationStatus.Registered;
        CreatedAt = now;
    }

    public int Id { get; private set; }
    public int SessionId { get; private set; }
    public int CenterId { get; private set; }
    public string LearnerId { get; private set; } = "";

    /// <summary>准考证号, unique.</summary>
    public string TicketNumber { get; private set; } = "";
    public RegistrationStatus Status { get; private set; }
    public int? PriorCertificateLevel { get; private set; }
    public string? PriorCertificateNumber { get; private set; }
    public bool RelatedMajor { get; private set; }
    public bool ApprenticeshipCompleted { get; private set; }
    public string ConditionsVersion { get; private set; } = "";

    /// <summary>Extra minutes granted by staff (an accommodation); extends the deadline, never past the window's end.</summary>
    public int AccommodationMinutes { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public void Cancel() => Status = RegistrationStatus.Cancelled;

    public void GrantAccommodation(int minutes)
    {
        if (minutes is < 0 or > 120)
            throw new RuleViolation("registration.accommodation", "An accommodation is 0 to 120 extra minutes.", "minutes");
        AccommodationMinutes = minutes;
    }
}

/// <summary>What a candidate declares when registering; checked against the level's application conditions.</summary>
public sealed record ApplicationDeclaration(int? PriorCertificateLevel, string? PriorCertificateNumber, bool RelatedMajor, bool ApprenticeshipCompleted);
