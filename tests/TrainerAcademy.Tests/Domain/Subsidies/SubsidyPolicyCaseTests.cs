using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Subsidies;

namespace TrainerAcademy.Tests.Domain.Subsidies;

/// <summary>The two seeded policies, read from db/seed/subsidy-policies.json as the seeder reads them, so the cases below test the shipped data.</summary>
internal static class SeedPolicies
{
    public const string Occupation = "人工智能训练师";
    public static readonly DateOnly From = new(2024, 1, 1);

    public static SubsidyPolicyVersion Shanghai { get; } = Load("shanghai-skill-upgrading");
    public static SubsidyPolicyVersion National { get; } = Load("national-unemployment-insurance");

    public static SubsidyTerms Terms(string code)
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "db", "seed", "subsidy-policies.json")));
        var item = file.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("policyCode").GetString() == code);
        return SubsidyTerms.Parse(item.GetProperty("terms").GetRawText());
    }

    private static SubsidyPolicyVersion Load(string code)
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "db", "seed", "subsidy-policies.json")));
        var item = file.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("policyCode").GetString() == code);
        return new SubsidyPolicyVersion(code, 1, item.GetProperty("name").GetString()!, item.GetProperty("englishName").GetString()!,
            DateOnly.Parse(item.GetProperty("effectiveFrom").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            item.GetProperty("precedence").GetInt32(), Terms(code), null, null, DateTimeOffset.UnixEpoch);
    }
}

/// <summary>
/// The subsidy rules as a table: each level and person category, the window's edges, repeat claims, a lower level after a
/// higher one, the yearly limit and contributions, and which policy applies — with the amount and the rule that decides.
/// </summary>
public class SubsidyPolicyCaseTests
{
    private static readonly DateOnly Issued = new(2026, 3, 16);
    private static readonly DateOnly Today = new(2026, 4, 1);

    /// <param name="Expected">The amount in yuan, or null when not eligible.</param>
    /// <param name="Failing">The rule that fails, when not eligible.</param>
    public sealed record Case(string Name, string Policy, int Level, Employment? Employment, decimal? Expected, string? Failing = null,
        int? ContributionMonths = null, DateOnly? IssuedOn = null, DateOnly? Today = null, PriorClaim[]? Prior = null, bool Valid = true,
        string? Province = "31")
    {
        public override string ToString() => Name;
    }

    private static PriorClaim Claim(int level, DateOnly on, int certificate = 900) => new(certificate, SeedPolicies.Occupation, level, on);

    public static readonly TheoryData<Case> Cases =
    [
        // Shanghai: standard × 1.3 (AI trainer is a key-support occupation) × the rate of the person category.
        new Case("L5 employed", "sh", 5, Employment.Employed, 1560m),
        new Case("L4 employed (the example in the issue)", "sh", 4, Employment.Employed, 2080m),
        new Case("L3 employed", "sh", 3, Employment.Employed, 2600m),
        new Case("L2 employed", "sh", 2, Employment.Employed, 3120m),
        new Case("L1 employed", "sh", 1, Employment.Employed, 3640m),
        new Case("L5 self-employed", "sh", 5, Employment.SelfEmployed, 1560m),
        new Case("L5 registered unemployed", "sh", 5, Employment.RegisteredUnemployed, 1950m),
        new Case("L4 registered unemployed", "sh", 4, Employment.RegisteredUnemployed, 2600m),
        new Case("L3 registered unemployed", "sh", 3, Employment.RegisteredUnemployed, 3250m),
        new Case("L2 registered unemployed", "sh", 2, Employment.RegisteredUnemployed, 3900m),
        new Case("L1 registered unemployed", "sh", 1, Employment.RegisteredUnemployed, 4550m),
        new Case("L5 graduating student (a listed group)", "sh", 5, Employment.Student, 1950m),
        new Case("Retired is not covered", "sh", 5, Employment.Retired, null, "person-category"),
        new Case("Other is not covered", "sh", 4, Employment.Other, null, "person-category"),
        new Case("No employment stated", "sh", 4, null, null, "person-category"),
        // The window: 12 months from the issue date; the last day is the day before the same date a year later.
        new Case("Issue day", "sh", 5, Employment.Employed, 1560m, Today: Issued),
        new Case("Last day of the window", "sh", 5, Employment.Employed, 1560m, Today: new DateOnly(2027, 3, 15)),
        new Case("First day after the window", "sh", 5, Employment.Employed, null, "window", Today: new DateOnly(2027, 3, 16)),
        new Case("Issued on 29 February: the window ends on 27 February", "sh", 5, Employment.Employed, 1560m,
            IssuedOn: new DateOnly(2028, 2, 29), Today: new DateOnly(2029, 2, 27)),
        new Case("Issued on 29 February: closed on 28 February", "sh", 5, Employment.Employed, null, "window",
            IssuedOn: new DateOnly(2028, 2, 29), Today: new DateOnly(2029, 2, 28)),
        // Repeat claims.
        new Case("A second claim of the same level", "sh", 5, Employment.Employed, null, "one-per-level", Prior: [Claim(5, new DateOnly(2026, 3, 20))]),
        new Case("A higher level after a lower one", "sh", 4, Employment.Employed, 2080m, Prior: [Claim(5, new DateOnly(2025, 6, 1))]),
        new Case("Shanghai allows a lower level after a higher one", "sh", 5, Employment.Employed, 1560m, Prior: [Claim(4, new DateOnly(2025, 6, 1))]),
        new Case("The same certificate again", "sh", 5, Employment.Employed, null, "certificate-claimed", Prior: [Claim(5, new DateOnly(2026, 3, 20), certificate: 1)]),
        // The certificate and the organisation.
        new Case("A revoked certificate", "sh", 5, Employment.Employed, null, "certificate", Valid: false),
        new Case("An organisation registered outside Shanghai", "sh", 5, Employment.Employed, null, "organisation", Province: "32"),
        new Case("An organisation without a registration", "sh", 5, Employment.Employed, null, "organisation", Province: null),
        // National unemployment insurance: capped amounts, ≥ 12 months of contributions, 3 claims a year, never lower after higher.
        new Case("National L5 with 12 months", "nat", 5, Employment.Employed, 1000m, ContributionMonths: 12),
        new Case("National L4", "nat", 4, Employment.Employed, 1500m, ContributionMonths: 40),
        new Case("National L3", "nat", 3, Employment.Employed, 2000m, ContributionMonths: 40),
        new Case("National does not cover L2", "nat", 2, Employment.Employed, null, "level", ContributionMonths: 40),
        new Case("National with 11 months", "nat", 5, Employment.Employed, null, "contributions", ContributionMonths: 11),
        new Case("National without the months stated", "nat", 5, Employment.Employed, null, "contributions"),
        new Case("National: a lower level after a higher one", "nat", 5, Employment.Employed, null, "no-lower-level", ContributionMonths: 24,
            Prior: [Claim(4, new DateOnly(2025, 6, 1))]),
        new Case("National: a higher level after a lower one", "nat", 3, Employment.Employed, 2000m, ContributionMonths: 24,
            Prior: [Claim(4, new DateOnly(2025, 6, 1))]),
        new Case("National: a fourth claim in a year", "nat", 3, Employment.Employed, null, "claims-per-year", ContributionMonths: 24,
            Prior: [new(901, "数据标注员", 5, new DateOnly(2026, 1, 5)), new(902, "人工智能工程技术人员", 4, new DateOnly(2026, 2, 5)), Claim(4, new DateOnly(2026, 3, 1))]),
        new Case("National: three claims last year do not count this year", "nat", 3, Employment.Employed, 2000m, ContributionMonths: 24,
            Prior: [new(901, "数据标注员", 5, new DateOnly(2025, 1, 5)), new(902, "人工智能工程技术人员", 4, new DateOnly(2025, 2, 5)), Claim(4, new DateOnly(2025, 3, 1))]),
        new Case("National: an organisation anywhere", "nat", 5, Employment.Employed, 1000m, ContributionMonths: 12, Province: "44"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_gets_its_amount_or_the_rule_that_refuses_it(Case c)
    {
        var policy = c.Policy == "sh" ? SeedPolicies.Shanghai : SeedPolicies.National;
        var subject = new ClaimSubject(1, SeedPolicies.Occupation, c.Level, c.IssuedOn ?? Issued, c.Valid, c.Province);
        var claimant = new Claimant(true, c.Employment, c.ContributionMonths);

        var result = SubsidyAssessment.Of(policy, subject, claimant, c.Prior ?? [], c.Today ?? Today);

        Assert.Equal(c.Expected is not null, result.Eligible);
        Assert.Equal(c.Expected, result.Amount);
        if (c.Failing is { } rule)
            Assert.Contains(result.Rules, r => r.Rule == rule && !r.Passed);
        else
            Assert.All(result.Rules, r => Assert.True(r.Passed, r.Rule + ": " + r.Reason));
        // Every rule explains itself, passed or failed.
        Assert.All(result.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
    }

    [Fact]
    public void The_window_reason_names_the_last_day()
    {
        var result = SubsidyAssessment.Of(SeedPolicies.Shanghai, new ClaimSubject(1, SeedPolicies.Occupation, 5, Issued, true, "31"),
            new Claimant(true, Employment.Employed, null), [], new DateOnly(2027, 3, 16));

        var window = Assert.Single(result.Rules, r => r.Rule == "window");
        Assert.False(window.Passed);
        Assert.Equal(["2027-03-15", "12", "2026-03-16"], window.Args);
        Assert.Equal(new DateOnly(2027, 3, 15), result.LastDay);
    }

    [Fact]
    public void An_incomplete_profile_is_refused_whatever_the_amount()
    {
        var result = SubsidyAssessment.Of(SeedPolicies.Shanghai, new ClaimSubject(1, SeedPolicies.Occupation, 5, Issued, true, "31"),
            new Claimant(false, Employment.Employed, null), [], Today);

        Assert.False(result.Eligible);
        Assert.Null(result.Amount);
        Assert.Contains(result.Rules, r => r.Rule == "profile" && !r.Passed);
    }

    [Fact]
    public void The_eligible_policy_first_by_precedence_applies_and_otherwise_the_first_explains()
    {
        var employed24 = new Claimant(true, Employment.Employed, 24);
        var shanghaiCertificate = new ClaimSubject(1, SeedPolicies.Occupation, 5, Issued, true, "31");
        var elsewhere = shanghaiCertificate with { OrganisationProvince = "32" };
        SubsidyAssessment Choose(ClaimSubject s, Claimant c) =>
            SubsidyAssessment.Choose([SubsidyAssessment.Of(SeedPolicies.Shanghai, s, c, [], Today), SubsidyAssessment.Of(SeedPolicies.National, s, c, [], Today)])!;

        Assert.Equal(("shanghai-skill-upgrading", 1560m), (Choose(shanghaiCertificate, employed24).Policy.PolicyCode, Choose(shanghaiCertificate, employed24).Amount!.Value));
        var national = Choose(elsewhere, employed24);
        Assert.Equal(("national-unemployment-insurance", 1000m), (national.Policy.PolicyCode, national.Amount!.Value));
        var neither = Choose(elsewhere, new Claimant(true, Employment.Employed, 3));
        Assert.Equal("shanghai-skill-upgrading", neither.Policy.PolicyCode);
        Assert.False(neither.Eligible);
    }

    [Fact]
    public void A_policy_change_applies_to_certificates_issued_from_its_effective_date()
    {
        var changeDay = new DateOnly(2027, 1, 1);
        var raised = SeedPolicies.Terms("shanghai-skill-upgrading") with { Amounts = new() { [5] = 1800m, [4] = 2400m } };
        var next = SeedPolicies.Shanghai.Next(null, null, changeDay, null, raised, "新标准", "admin", new DateOnly(2026, 12, 1), DateTimeOffset.UnixEpoch);
        var versions = new[] { SeedPolicies.Shanghai, next };

        decimal? AmountFor(DateOnly issuedOn)
        {
            var policy = Assert.Single(SubsidyPolicyVersion.InForce(versions, issuedOn));
            return SubsidyAssessment.Of(policy, new ClaimSubject(1, SeedPolicies.Occupation, 5, issuedOn, true, "31"),
                new Claimant(true, Employment.Employed, null), [], issuedOn.AddDays(10)).Amount;
        }

        Assert.Equal(1560m, AmountFor(changeDay.AddDays(-1)));
        Assert.Equal(1872m, AmountFor(changeDay));
        Assert.Equal(2, next.Version);
    }

    [Fact]
    public void A_new_version_never_rewrites_the_past()
    {
        var terms = SeedPolicies.Terms("shanghai-skill-upgrading");
        var today = new DateOnly(2026, 6, 1);

        var past = Assert.Throws<RuleViolation>(() => SeedPolicies.Shanghai.Next(null, null, today.AddDays(-1), null, terms, null, "admin", today, DateTimeOffset.UnixEpoch));
        Assert.Equal("subsidy-policy.effective-past", past.Code);
        var notAfter = Assert.Throws<ConflictViolation>(() => SeedPolicies.Shanghai.Next(null, null, SeedPolicies.From, null, terms, null, "admin", SeedPolicies.From, DateTimeOffset.UnixEpoch));
        Assert.Equal("subsidy-policy.effective-order", notAfter.Code);
        Assert.Equal(today, SeedPolicies.Shanghai.Next(null, null, today, null, terms, null, "admin", today, DateTimeOffset.UnixEpoch).EffectiveFrom);
    }

    [Theory]
    [InlineData(UpliftCombination.Multiply, 2, 1234.57, 0.3, 0.5, 802.47)]       // 1234.57 × 1.3 × 0.5 = 802.4705
    [InlineData(UpliftCombination.Multiply, 2, 1234.57, 0, 0.5, 617.29)]         // 617.285: half away from zero, not to even
    [InlineData(UpliftCombination.Multiply, 0, 1234.57, 0, 0.5, 617)]
    [InlineData(UpliftCombination.AddUpliftToRated, 2, 2000, 0.3, 0.8, 2200)]    // 2000 × 0.8 + 2000 × 0.3
    [InlineData(UpliftCombination.Multiply, 0, 1500, 0.3333, 0.8, 1600)]         // 1599.96 to the yuan
    public void Money_is_exact_and_rounded_once_at_the_end_half_away_from_zero(UpliftCombination combination, int decimals, double standard,
        double uplift, double rate, double expected)
    {
        var terms = new SubsidyTerms
        {
            Amounts = new() { [5] = (decimal)standard },
            KeyOccupations = [new("4-04-05-05", SeedPolicies.Occupation)],
            KeyOccupationUplift = (decimal)uplift,
            Rates = new() { ["Employed"] = (decimal)rate },
            Combination = combination,
            RoundToDecimals = decimals,
        }.Checked();

        Assert.Equal((decimal)expected, terms.AmountFor(5, SeedPolicies.Occupation, Employment.Employed));
    }

    [Theory]
    [InlineData("{\"amounts\":{}}", "subsidy-policy.amounts")]
    [InlineData("{\"amounts\":{\"6\":100},\"rates\":{\"Employed\":1}}", "subsidy-policy.level")]
    [InlineData("{\"amounts\":{\"5\":100.001},\"rates\":{\"Employed\":1}}", "subsidy-policy.amount")]
    [InlineData("{\"amounts\":{\"5\":100},\"rates\":{\"Employed\":1.2}}", "subsidy-policy.rate")]
    [InlineData("{\"amounts\":{\"5\":100},\"rates\":{\"Pensioner\":1}}", "subsidy-policy.category")]
    [InlineData("{\"amounts\":{\"5\":100},\"rates\":{\"Employed\":1},\"windowMonths\":0}", "subsidy-policy.window")]
    [InlineData("{\"amounts\":{\"5\":100},\"rates\":{\"Employed\":1},\"organisationProvinces\":[\"Shanghai\"]}", "subsidy-policy.province")]
    [InlineData("{\"amounts\":{\"5\":100},\"rates\":{\"Employed\":1},\"surprise\":true}", "subsidy-policy.terms-json")]
    [InlineData("not json", "subsidy-policy.terms-json")]
    public void Terms_that_cannot_be_applied_are_refused(string json, string code) =>
        Assert.Equal(code, Assert.ThrowsAny<RuleViolation>(() => SubsidyTerms.Parse(json)).Code);

    [Theory]
    [InlineData(61, null)]
    [InlineData(60, 60)]
    [InlineData(15, 60)]
    [InlineData(14, 14)]
    [InlineData(0, 14)]
    [InlineData(-1, null)]
    public void The_reminder_due_is_the_nearest_not_passed(int daysLeft, int? expected) => Assert.Equal(expected, SubsidyReminder.Due(daysLeft));

    [Fact]
    public void A_claim_moves_only_along_its_review_and_keeps_every_step()
    {
        var assessment = SubsidyAssessment.Of(SeedPolicies.Shanghai, new ClaimSubject(1, SeedPolicies.Occupation, 5, Issued, true, "31"),
            new Claimant(true, Employment.Employed, null), [], Today);
        var claim = new SubsidyApplication(1, "learner", assessment, SeedPolicies.Occupation, 5, Today, DateTimeOffset.UnixEpoch);

        Assert.Equal("subsidy.reason", Assert.Throws<RuleViolation>(() => claim.RequestDocuments("admin", " ", DateTimeOffset.UnixEpoch)).Code);
        claim.RequestDocuments("admin", "请上传在职证明", DateTimeOffset.UnixEpoch);
        Assert.Equal("subsidy.status", Assert.Throws<ConflictViolation>(() => claim.Approve("admin", null, DateTimeOffset.UnixEpoch)).Code);
        Assert.Equal("subsidy.resubmit-empty", Assert.Throws<RuleViolation>(() => claim.Resubmit("learner", null, null, DateTimeOffset.UnixEpoch)).Code);
        claim.Resubmit("learner", "已上传", Guid.NewGuid(), DateTimeOffset.UnixEpoch);
        claim.Approve("admin", null, DateTimeOffset.UnixEpoch);
        Assert.Equal("subsidy.not-batched", Assert.Throws<ConflictViolation>(() => claim.MarkPaid("admin", null, DateTimeOffset.UnixEpoch)).Code);
        claim.AddToBatch(7, "admin", DateTimeOffset.UnixEpoch);
        claim.MarkPaid("admin", "BANK-1", DateTimeOffset.UnixEpoch);

        Assert.Equal(SubsidyApplicationStatus.Paid, claim.Status);
        Assert.Equal([SubsidyAction.Submitted, SubsidyAction.DocumentsRequested, SubsidyAction.Resubmitted, SubsidyAction.Approved, SubsidyAction.Batched, SubsidyAction.Paid],
            claim.History.Select(h => h.Action));
        Assert.Equal(1560m, claim.Amount);
    }
}
