using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Domain.Subsidies;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Subsidies;

/// <summary>A rule in the reader's language, and in both, so an HR officer and the learner read the same reasons.</summary>
public sealed record SubsidyRuleView(string Rule, bool Passed, string Reason, string ReasonZh, string ReasonEn);

public sealed record SubsidyPolicyRef(int Id, string Code, int Version, string Name, DateOnly EffectiveFrom);

/// <summary>
/// The answer of <c>GET /api/subsidy/eligibility</c>: eligible, the amount (null when not eligible), every rule of the
/// policy that applies with its reason, the policy version, and for a certificate the last day to apply.
/// </summary>
public sealed record SubsidyEligibilityView(bool Eligible, Money? Amount, IReadOnlyList<SubsidyRuleView> Rules, SubsidyPolicyRef? Policy,
    DateOnly? LastDay, int? CertificateId = null, int? CourseId = null, int? ApplicationId = null);

/// <summary>A claim refused by the policy: 422 with every rule, passed or failed.</summary>
public sealed class SubsidyRefused : RuleViolation
{
    public SubsidyRefused(SubsidyEligibilityView view)
        : base("subsidy.ineligible", "You are not eligible for the subsidy with this certificate: "
            + string.Join(" ", view.Rules.Where(r => !r.Passed).Select(r => r.ReasonEn)))
    {
        Data["rules"] = view.Rules;
    }
}

/// <summary>
/// Assesses a certificate (or the certificate a course leads to) against the subsidy policies in force: the version of
/// each policy in force on the certificate's issue date (today for a course), the first eligible one by precedence, or
/// else the first one, whose failed rules say why.
/// </summary>
[FeatureService]
public sealed class SubsidyEligibility(AcademyDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> L)
{
    public async Task<(SubsidyEligibilityView View, SubsidyAssessment? Assessment)> ForCertificateAsync(string learnerId, int certificateId, CancellationToken ct)
    {
        var certificate = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == certificateId && c.LearnerId == learnerId, ct)
            ?? throw new NotFoundException();
        var province = await db.Centers.AsNoTracking().Where(c => c.Id == certificate.CenterId && c.OrganisationCode != "")
            .Select(c => c.ProvinceCode).SingleOrDefaultAsync(ct);
        var applicationId = await db.SubsidyApplications.Where(a => a.CertificateId == certificateId).Select(a => (int?)a.Id).SingleOrDefaultAsync(ct);
        var subject = new ClaimSubject(certificate.Id, certificate.Occupation, certificate.Level, certificate.IssuedOn,
            certificate.Status == CertificateStatus.Valid, string.IsNullOrEmpty(province) ? null : province, Claimed: applicationId is not null);
        var assessment = await AssessAsync(learnerId, subject, certificate.IssuedOn, ct);
        return (View(assessment) with { CertificateId = certificateId, ApplicationId = applicationId }, assessment);
    }

    /// <summary>The learner's certificates not claimed yet, each assessed, newest first.</summary>
    public async Task<IReadOnlyList<(int Id, string Number, string LevelName, DateOnly IssuedOn, SubsidyEligibilityView View)>> UnclaimedAsync(string learnerId,
        CancellationToken ct)
    {
        var certificates = await db.Certificates.AsNoTracking()
            .Where(c => c.LearnerId == learnerId && c.Status == CertificateStatus.Valid && !db.SubsidyApplications.Any(a => a.CertificateId == c.Id))
            .OrderByDescending(c => c.IssuedOn).ThenByDescending(c => c.Id)
            .Select(c => new { c.Id, c.Number, c.LevelName, c.IssuedOn }).ToListAsync(ct);
        var list = new List<(int, string, string, DateOnly, SubsidyEligibilityView)>();
        foreach (var c in certificates)
            list.Add((c.Id, c.Number, c.LevelName, c.IssuedOn, (await ForCertificateAsync(learnerId, c.Id, ct)).View));
        return list;
    }

    /// <summary>The estimate before enrolling: the certificate the course leads to, issued today by the course's center.</summary>
    public async Task<SubsidyEligibilityView> ForCourseAsync(string learnerId, int courseId, CancellationToken ct)
    {
        var course = await (from c in db.Courses.AsNoTracking()
                            where c.Id == courseId
                            join center in db.Centers on c.CenterId equals center.Id
                            select new { c.Id, c.Level, c.OccupationCode, center.ProvinceCode, center.OrganisationCode }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException();
        var occupation = await db.Occupations.AsNoTracking().Where(o => o.Code == course.OccupationCode).Select(o => o.Name).SingleOrDefaultAsync(ct)
            ?? course.OccupationCode;
        var today = clock.Today();
        var subject = new ClaimSubject(null, occupation, course.Level, today, true,
            string.IsNullOrEmpty(course.OrganisationCode) ? null : course.ProvinceCode, Prospective: true);
        return View(await AssessAsync(learnerId, subject, today, ct)) with { CourseId = courseId };
    }

    /// <summary>The standard amounts of the policies in force today for a course's level, for a visitor who is not signed in.</summary>
    public async Task<IReadOnlyList<(SubsidyPolicyVersion Policy, decimal Standard)>> StandardsAsync(int level, CancellationToken ct)
    {
        var versions = SubsidyPolicyVersion.InForce(await db.SubsidyPolicies.AsNoTracking().ToListAsync(ct), clock.Today());
        return [.. versions.Where(v => v.Terms.Amounts.ContainsKey(level)).Select(v => (v, v.Terms.Amounts[level]))];
    }

    public async Task<SubsidyAssessment?> AssessAsync(string learnerId, ClaimSubject subject, DateOnly policyDay, CancellationToken ct)
    {
        var policies = SubsidyPolicyVersion.InForce(await db.SubsidyPolicies.AsNoTracking().ToListAsync(ct), policyDay);
        if (policies.Count == 0) return null;
        var profile = await db.LearnerProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == learnerId, ct);
        var claimant = new Claimant(profile?.IsComplete == true, profile?.Employment, profile?.UnemploymentInsuranceMonths);
        var prior = await PriorClaimsAsync(learnerId, ct);
        var today = clock.Today();
        return SubsidyAssessment.Choose(policies.Select(p => SubsidyAssessment.Of(p, subject, claimant, prior, today)));
    }

    public async Task<IReadOnlyList<PriorClaim>> PriorClaimsAsync(string learnerId, CancellationToken ct) =>
        await db.SubsidyApplications.AsNoTracking()
            .Where(a => a.LearnerId == learnerId && a.Status != SubsidyApplicationStatus.Rejected)
            .Select(a => new PriorClaim(a.CertificateId, a.Occupation, a.Level, a.SubmittedOn))
            .ToListAsync(ct);

    public SubsidyEligibilityView View(SubsidyAssessment? assessment)
    {
        if (assessment is null)
        {
            var none = new SubsidyRuleResult("policy", false, "No subsidy policy is in force.");
            return new SubsidyEligibilityView(false, null, [Rule(none)], null, null);
        }
        var p = assessment.Policy;
        return new SubsidyEligibilityView(assessment.Eligible, assessment.Amount is { } amount && assessment.Eligible ? Money.Cny(amount) : null,
            [.. assessment.Rules.Select(Rule)], new SubsidyPolicyRef(p.Id, p.PolicyCode, p.Version, PolicyName(p), p.EffectiveFrom), assessment.LastDay);
    }

    public static string PolicyName(SubsidyPolicyVersion p) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? p.Name : p.EnglishName;

    private SubsidyRuleView Rule(SubsidyRuleResult r) =>
        new(r.Rule, r.Passed, Reason(r), InCulture.Text("zh-CN", () => Reason(r)), InCulture.Text("en", () => Reason(r)));

    /// <summary>The reason in the current culture; an argument that names a resource (<c>Employment.Employed</c>) is translated too.</summary>
    private string Reason(SubsidyRuleResult r) =>
        string.Format(CultureInfo.CurrentCulture, L[r.Reason], [.. r.Args.Select(a => a.StartsWith("Employment.", StringComparison.Ordinal) ? L[a].Value : a)]);
}
