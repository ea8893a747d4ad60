namespace TrainerAcademy.Domain.Exams;

/// <summary>
/// One way to meet a level's application conditions (申报条件): every requirement it names must hold. A level is
/// open to a candidate who meets any one of its routes. Kept as versioned reference data
/// (db/seed/application-conditions.json).
/// </summary>
public sealed record ApplicationRoute(
    int Level,
    string Code,
    int? PriorLevel = null,
    int? YearsInOccupation = null,
    IReadOnlyList<Education>? Education = null,
    bool RelatedMajor = false,
    bool Apprenticeship = false)
{
    /// <summary>What this route needs that the candidate lacks; empty when the route is met.</summary>
    public IReadOnlyList<MissingRequirement> Missing(CandidateFacts candidate)
    {
        var missing = new List<MissingRequirement>();
        // A certificate of the named level or a higher one (a smaller number) counts.
        if (PriorLevel is { } needed && (candidate.CertificateLevel is null || candidate.CertificateLevel > needed))
            missing.Add(new MissingRequirement(RequirementKind.Certificate, needed, candidate.CertificateLevel));
        if (YearsInOccupation is { } years && (candidate.YearsInOccupation ?? 0) < years)
            missing.Add(new MissingRequirement(RequirementKind.Years, years, candidate.YearsInOccupation));
        if (Education is { Count: > 0 } education && (candidate.Education is not { } edu || !education.Contains(edu)))
            missing.Add(new MissingRequirement(RequirementKind.Education, null, null));
        if (RelatedMajor && !candidate.RelatedMajor)
            missing.Add(new MissingRequirement(RequirementKind.RelatedMajor, null, null));
        if (Apprenticeship && !candidate.ApprenticeshipCompleted)
            missing.Add(new MissingRequirement(RequirementKind.Apprenticeship, null, null));
        return missing;
    }
}

/// <summary>What the candidate's profile and declaration say, as the conditions read them.</summary>
public sealed record CandidateFacts(int? CertificateLevel, int? YearsInOccupation, Education? Education, bool RelatedMajor, bool ApprenticeshipCompleted);

public enum RequirementKind
{
    Certificate,
    Years,
    Education,
    RelatedMajor,
    Apprenticeship,
}

/// <summary>One unmet requirement of a route: what is needed and, where it is a number, what the candidate has.</summary>
public sealed record MissingRequirement(RequirementKind Kind, int? Needed, int? Has);

/// <summary>The routes of one level, checked together.</summary>
public sealed class ApplicationConditions(string version, IReadOnlyList<ApplicationRoute> routes)
{
    public string Version { get; } = version;

    public IReadOnlyList<ApplicationRoute> RoutesFor(int level) => [.. routes.Where(r => r.Level == level)];

    /// <summary>Each route of the level with what it lacks; the candidate qualifies when any route lacks nothing.</summary>
    public IReadOnlyList<(ApplicationRoute Route, IReadOnlyList<MissingRequirement> Missing)> Check(int level, CandidateFacts candidate) =>
        [.. RoutesFor(level).Select(r => (r, r.Missing(candidate)))];
}
