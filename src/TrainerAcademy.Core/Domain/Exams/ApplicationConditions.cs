namespace TrainerAcademy.Domain.Exams;

/// <summary>
/// One way to meet a level's application conditions (申报条件): every requirement it names must hold. A level is
/// open to a candidate who meets any one of its routes. Kept as versioned reference data
/// (db/seed/application-conditions.json).
/// </summary>
/// <param name="YearsAfterCertificate">
/// The years are those worked since obtaining the prior certificate (the standard's "取得证书后，累计从事本职业工作 N 年"),
/// not the whole career; where the standard says only "累计从事本职业工作 N 年" they are the whole career.
/// </param>
public sealed record ApplicationRoute(
    int Level,
    string Code,
    int? PriorLevel = null,
    int? YearsInOccupation = null,
    IReadOnlyList<Education>? Education = null,
    bool RelatedMajor = false,
    bool Apprenticeship = false,
    bool YearsAfterCertificate = false)
{
    /// <summary>What this route needs that the candidate lacks; empty when the route is met.</summary>
    public IReadOnlyList<MissingRequirement> Missing(CandidateFacts candidate)
    {
        var missing = new List<MissingRequirement>();
        // A certificate of the named level or a higher one (a smaller number) counts.
        if (PriorLevel is { } needed && (candidate.CertificateLevel is null || candidate.CertificateLevel > needed))
            missing.Add(new MissingRequirement(RequirementKind.Certificate, needed, candidate.CertificateLevel));
        if (YearsInOccupation is { } years)
        {
            var (kind, has) = YearsAfterCertificate
                ? (RequirementKind.YearsSinceCertificate, candidate.YearsSinceCertificate)
                : (RequirementKind.Years, candidate.YearsInOccupation);
            if ((has ?? 0) < years)
                missing.Add(new MissingRequirement(kind, years, has));
        }
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
public sealed record CandidateFacts(int? CertificateLevel, int? YearsInOccupation, Education? Education, bool RelatedMajor, bool ApprenticeshipCompleted,
    int? YearsSinceCertificate = null);

public enum RequirementKind
{
    Certificate,
    Years,
    YearsSinceCertificate,
    Education,
    RelatedMajor,
    Apprenticeship,
}

/// <summary>One unmet requirement of a route: what is needed and, where it is a number, what the candidate has.</summary>
public sealed record MissingRequirement(RequirementKind Kind, int? Needed, int? Has);

/// <summary>The routes of one level, checked together.</summary>
public sealed class ApplicationConditions
{
    private readonly IReadOnlyList<ApplicationRoute> routes;

    public ApplicationConditions(string version, IReadOnlyList<ApplicationRoute> routes)
    {
        // A years-after-certificate route without a certificate or a number of years is a typo in the reference data.
        if (routes.FirstOrDefault(r => r.YearsAfterCertificate && (r.PriorLevel is null || r.YearsInOccupation is null)) is { } bad)
            throw new InvalidOperationException($"Application route {bad.Code} counts years after a certificate but names no certificate or years.");
        Version = version;
        this.routes = routes;
    }

    public string Version { get; }

    public IReadOnlyList<ApplicationRoute> RoutesFor(int level) => [.. routes.Where(r => r.Level == level)];

    /// <summary>Each route of the level with what it lacks; the candidate qualifies when any route lacks nothing.</summary>
    public IReadOnlyList<(ApplicationRoute Route, IReadOnlyList<MissingRequirement> Missing)> Check(int level, CandidateFacts candidate) =>
        [.. RoutesFor(level).Select(r => (r, r.Missing(candidate)))];
}
