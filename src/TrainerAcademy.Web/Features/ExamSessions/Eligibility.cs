using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.ExamSessions;

/// <summary>One checked rule, in words a learner understands; <see cref="Details"/> lists the routes of a failed "any one of" rule.</summary>
public sealed record EligibilityRule(string Code, bool Passed, string Message, IReadOnlyList<string>? Details = null);

public sealed record EligibilityReport(int Level, string ConditionsVersion, IReadOnlyList<EligibilityRule> Rules)
{
    public bool Eligible => Rules.All(r => r.Passed);
}

/// <summary>A registration refused by the application conditions: 422 with every failed rule.</summary>
public sealed class EligibilityRefused : RuleViolation
{
    public EligibilityRefused(EligibilityReport report)
        : base("registration.ineligible", "You do not meet the conditions to sit this exam: "
            + string.Join(" ", report.Rules.Where(r => !r.Passed).Select(r => string.Join(" ", [r.Message, .. r.Details ?? []]))))
    {
        Report = report;
        Data["level"] = report.Level;
        Data["rules"] = report.Rules;
    }

    public EligibilityReport Report { get; }
}

/// <summary>
/// Checks a learner against a level's application conditions rule by rule: a complete real-name profile, the
/// level's training completed (attendance), and one of the level's routes (certificate, years, education).
/// </summary>
[FeatureService]
public sealed class Eligibility(AcademyDbContext db, Attendance.TrainingProgress training, ApplicationConditions conditions, IStringLocalizer<SharedResource> L)
{
    public async Task<EligibilityReport> CheckAsync(string learnerId, int level, ApplicationDeclaration declaration, CancellationToken ct)
    {
        var profile = await db.LearnerProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == learnerId, ct);
        var rules = new List<EligibilityRule>
        {
            profile is { IsComplete: true }
                ? new("profile", true, L["Your real-name profile is complete."])
                : new("profile", false, L["Complete your real-name profile (name, ID number, phone) first."]),
            await training.IsTrainingCompleteAsync(learnerId, level, ct)
                ? new("training", true, L["You have completed the training of this level."])
                : new("training", false, L["You have not yet attended enough of a course of this level: the exam needs the training completed."]),
        };

        var facts = new CandidateFacts(declaration.PriorCertificateLevel, profile?.YearsInOccupation, profile?.Education,
            declaration.RelatedMajor, declaration.ApprenticeshipCompleted, profile?.YearsSinceCertificate);
        var routes = conditions.Check(level, facts);
        var met = routes.FirstOrDefault(r => r.Missing.Count == 0);
        if (routes.Count == 0)
            rules.Add(new("conditions", false, L["This level has no application conditions on record."]));
        else if (met.Route is not null)
            rules.Add(new("conditions", true, string.Format(L["You meet the application conditions: {0}."], Describe(met.Route))));
        else
            rules.Add(new("conditions", false,
                L["You meet none of the application conditions of this level. Any one is enough:"],
                [.. routes.Select((r, i) => string.Format(L["({0}) {1} — missing: {2}."], i + 1, Describe(r.Route), string.Join(L["; "], r.Missing.Select(Missing))))]));
        return new EligibilityReport(level, conditions.Version, rules);
    }

    /// <summary>A route in words, e.g. "a level 5 certificate of this occupation and 4 years in the occupation".</summary>
    public string Describe(ApplicationRoute route)
    {
        var parts = new List<string>();
        if (route.PriorLevel is { } level) parts.Add(string.Format(L["a level {0} certificate of this occupation"], level));
        if (route.YearsInOccupation is { } years)
            parts.Add(string.Format(route.YearsAfterCertificate ? L["{0} years in the occupation since obtaining it"] : L["{0} years in the occupation"], years));
        if (route.Education is { Count: > 0 } education)
            parts.Add(string.Format(L["graduated from {0}"], string.Join(L[" or "], education.Select(e => L["Education." + e].Value))));
        if (route.RelatedMajor) parts.Add(L["in a related major"]);
        if (route.Apprenticeship) parts.Add(L["a completed apprenticeship in this occupation"]);
        return string.Join(L[", "], parts);
    }

    private string Missing(MissingRequirement m) => m.Kind switch
    {
        RequirementKind.Certificate => m.Has is { } has
            ? string.Format(L["a level {0} certificate (you hold level {1})"], m.Needed, has)
            : string.Format(L["a level {0} certificate"], m.Needed),
        RequirementKind.Years => string.Format(L["{0} years in the occupation (your profile says {1})"], m.Needed, m.Has ?? 0),
        RequirementKind.YearsSinceCertificate => m.Has is { } since
            ? string.Format(L["{0} years in the occupation since the certificate (your profile says {1})"], m.Needed, since)
            : string.Format(L["{0} years in the occupation since the certificate (your profile gives no certificate date)"], m.Needed),
        RequirementKind.Education => L["the education named"],
        RequirementKind.RelatedMajor => L["a related major"],
        _ => L["a completed apprenticeship"],
    };
}
