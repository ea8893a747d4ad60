namespace TrainerAcademy.Domain.Subsidies;

/// <summary>
/// What is claimed: a certificate (or, before enrolling, the certificate a course leads to — <see cref="Prospective"/>).
/// <paramref name="OrganisationProvince"/> is the province code the evaluating organisation is registered in, null when
/// it has no registration code. <paramref name="Claimed"/>: the certificate has a claim, whatever its outcome (a rejected
/// claim is final and holds the certificate).
/// </summary>
public sealed record ClaimSubject(int? CertificateId, string Occupation, int Level, DateOnly IssuedOn, bool CertificateValid, string? OrganisationProvince,
    bool Prospective = false, bool Claimed = false);

/// <summary>The claimant as the real-name profile states them.</summary>
public sealed record Claimant(bool ProfileComplete, Employment? Employment, int? ContributionMonths);

/// <summary>A claim the learner made before (any but a rejected one).</summary>
public sealed record PriorClaim(int CertificateId, string Occupation, int Level, DateOnly SubmittedOn);

/// <summary>
/// One checked rule: a stable code, whether it passed, and the reason as an English format string (the key of its
/// Chinese text) with its arguments already formatted, so the reason reads the same in every culture's numbers.
/// </summary>
public sealed record SubsidyRuleResult(string Rule, bool Passed, string Reason, params string[] Args);

public sealed record SubsidyAssessment(SubsidyPolicyVersion Policy, IReadOnlyList<SubsidyRuleResult> Rules, decimal? Amount, DateOnly? LastDay)
{
    public bool Eligible => Rules.All(r => r.Passed) && Amount is not null;

    /// <summary>
    /// Checks every rule of the policy version — none stops the others, so the learner sees all that holds them back —
    /// and gives the amount when every rule passes.
    /// </summary>
    public static SubsidyAssessment Of(SubsidyPolicyVersion policy, ClaimSubject subject, Claimant claimant, IReadOnlyList<PriorClaim> prior, DateOnly today)
    {
        var terms = policy.Terms;
        var rules = new List<SubsidyRuleResult>
        {
            claimant.ProfileComplete
                ? new("profile", true, "Your real-name profile is complete.")
                : new("profile", false, "Complete your real-name profile (name, ID number, phone, employment) first."),
        };

        if (terms.RequireRegisteredCertificate)
            rules.Add(subject.Prospective
                ? new("certificate", true, "The claim is made with the certificate you obtain after passing; it is entered on the national register when issued.")
                : subject.CertificateValid
                    ? new("certificate", true, "The certificate is valid and on the register.")
                    : new("certificate", false, "The certificate was revoked or replaced; only a valid certificate on the register can be claimed."));

        rules.Add(subject.OrganisationProvince is not { } province
            ? new("organisation", false, "The evaluating organisation has no registration on file.")
            : terms.OrganisationProvinces.Count == 0 || terms.OrganisationProvinces.Contains(province)
                ? new("organisation", true, "The evaluating organisation is registered (province code {0}).", province)
                : new("organisation", false, "The evaluating organisation is registered in province {0}; this policy needs one registered in {1}.",
                    province, string.Join("/", terms.OrganisationProvinces)));

        var standard = terms.Amounts.TryGetValue(subject.Level, out var s) ? s : (decimal?)null;
        rules.Add(standard is { } std
            ? new("level", true, "The standard amount for level {0} is {1}.", Level(subject.Level), SubsidyTerms.Yuan(std))
            : new("level", false, "This policy does not cover level {0}.", Level(subject.Level)));

        rules.Add(terms.IsKeyOccupation(subject.Occupation) && terms.KeyOccupationUplift > 0
            ? new("key-occupation", true, "{0} is a key-support occupation: plus {1}.", subject.Occupation, Percent(terms.KeyOccupationUplift))
            : new("key-occupation", true, "{0} is not on the key-support list: no uplift.", subject.Occupation));

        rules.Add(claimant.Employment is not { } employment
            ? new("person-category", false, "State your employment in your real-name profile: the rate depends on it.")
            : terms.RateOf(employment) is { } rate
                ? new("person-category", true, "Person category {0}: {1} of the amount.", "Employment." + employment, Percent(rate))
                : new("person-category", false, "Person category {0} is not covered by this policy.", "Employment." + employment));

        if (terms.MinContributionMonths is { } months)
            rules.Add(claimant.ContributionMonths is not { } paid
                ? new("contributions", false, "State your months of unemployment-insurance contributions in your profile: this policy needs at least {0}.", months.ToString())
                : paid >= months
                    ? new("contributions", true, "{0} months of unemployment-insurance contributions (at least {1} needed).", paid.ToString(), months.ToString())
                    : new("contributions", false, "Only {0} months of unemployment-insurance contributions; this policy needs at least {1}.", paid.ToString(), months.ToString()));

        var lastDay = terms.LastDay(subject.IssuedOn);
        if (subject.Prospective)
            rules.Add(new("window", true, "Apply within {0} months of the certificate's issue date.", terms.WindowMonths.ToString()));
        else if (today < subject.IssuedOn)
            rules.Add(new("window", false, "The certificate is issued on {0}; apply from that day.", Day(subject.IssuedOn)));
        else if (today <= lastDay)
            rules.Add(new("window", true, "Within the application window: apply by {0} ({1} months from the issue date {2}).",
                Day(lastDay), terms.WindowMonths.ToString(), Day(subject.IssuedOn)));
        else
            rules.Add(new("window", false, "The application window closed on {0} ({1} months from the issue date {2}).",
                Day(lastDay), terms.WindowMonths.ToString(), Day(subject.IssuedOn)));

        if (subject.Claimed || (subject.CertificateId is { } certificateId && prior.Any(p => p.CertificateId == certificateId)))
            rules.Add(new("certificate-claimed", false, "This certificate has been claimed already."));

        var sameOccupation = prior.Where(p => p.Occupation == subject.Occupation && p.CertificateId != subject.CertificateId).ToList();
        if (terms.OnePerOccupationAndLevel)
            rules.Add(sameOccupation.Any(p => p.Level == subject.Level)
                ? new("one-per-level", false, "You have claimed level {0} of this occupation already: one claim per occupation and level.", Level(subject.Level))
                : new("one-per-level", true, "No earlier claim of level {0} of this occupation.", Level(subject.Level)));

        if (terms.NoLowerLevelAfterHigher)
        {
            var higher = sameOccupation.Where(p => p.Level < subject.Level).OrderBy(p => p.Level).FirstOrDefault();
            rules.Add(higher is not null
                ? new("no-lower-level", false, "You have claimed level {0} of this occupation; a lower level cannot be claimed after a higher one.", Level(higher.Level))
                : new("no-lower-level", true, "No claim of a higher level of this occupation before."));
        }

        if (terms.MaxClaimsPerYear is { } max)
        {
            var thisYear = prior.Count(p => p.SubmittedOn.Year == today.Year && p.CertificateId != subject.CertificateId);
            rules.Add(thisYear >= max
                ? new("claims-per-year", false, "You have made {0} claims in {1}; this policy allows at most {2} a year.", thisYear.ToString(), today.Year.ToString(), max.ToString())
                : new("claims-per-year", true, "{0} of at most {1} claims in {2}.", thisYear.ToString(), max.ToString(), today.Year.ToString()));
        }

        var amount = rules.All(r => r.Passed) ? terms.AmountFor(subject.Level, subject.Occupation, claimant.Employment) : null;
        return new SubsidyAssessment(policy, rules, amount, subject.Prospective ? null : lastDay);
    }

    /// <summary>The first eligible assessment by policy precedence, or else the first one (whose failures explain why).</summary>
    public static SubsidyAssessment? Choose(IEnumerable<SubsidyAssessment> assessments)
    {
        var list = assessments.ToList();
        return list.FirstOrDefault(a => a.Eligible) ?? list.FirstOrDefault();
    }

    private static string Level(int level) => level.ToString();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd");

    private static string Percent(decimal fraction) => (fraction * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
