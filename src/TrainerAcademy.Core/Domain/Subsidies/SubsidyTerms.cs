using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainerAcademy.Domain.Subsidies;

/// <summary>How the key-occupation uplift and the person-category rate combine with the standard amount.</summary>
public enum UpliftCombination
{
    /// <summary>standard × (1 + uplift) × rate: the rate applies to the uplifted amount (Shanghai: 2000 × 1.3 × 0.8 = 2080).</summary>
    Multiply,

    /// <summary>standard × rate + standard × uplift: the uplift is paid in full whatever the rate.</summary>
    AddUpliftToRated,
}

/// <summary>An occupation the policy supports with the uplift: its code in the national classification and its name.</summary>
public sealed record KeyOccupation(string Code, string Name);

/// <summary>
/// The settings of one version of a subsidy policy: amounts, uplift, rates, the window and the claim limits. They are
/// data (db/seed/subsidy-policies.json, then admins' new versions), never constants in code. Money is decimal yuan,
/// computed exactly and rounded once, at the end, to <see cref="RoundToDecimals"/> places, half away from zero (四舍五入).
/// </summary>
public sealed record SubsidyTerms
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The standard amount (yuan) of each level covered; a level not listed is not covered.</summary>
    public Dictionary<int, decimal> Amounts { get; init; } = [];

    public List<KeyOccupation> KeyOccupations { get; init; } = [];

    /// <summary>The uplift of a key-support occupation, as a fraction (0.30 is 30%).</summary>
    public decimal KeyOccupationUplift { get; init; }

    /// <summary>The share of the amount each person category receives (an <see cref="Employment"/> name → 0.80); a category not listed is not covered.</summary>
    public Dictionary<string, decimal> Rates { get; init; } = [];

    public UpliftCombination Combination { get; init; } = UpliftCombination.Multiply;

    /// <summary>0 rounds to whole yuan, 2 to the fen.</summary>
    public int RoundToDecimals { get; init; } = 2;

    /// <summary>The claim is made within this many months of the certificate's issue date (the day before the same date N months later is the last day).</summary>
    public int WindowMonths { get; init; } = 12;

    public bool OnePerOccupationAndLevel { get; init; } = true;

    /// <summary>At most this many claims in a calendar year (Beijing time), or no limit.</summary>
    public int? MaxClaimsPerYear { get; init; }

    /// <summary>No claim of a lower level after one of a higher level in the same occupation.</summary>
    public bool NoLowerLevelAfterHigher { get; init; }

    /// <summary>Months of unemployment-insurance contributions the claimant needs, or none.</summary>
    public int? MinContributionMonths { get; init; }

    /// <summary>The certificate must be valid on the register (not revoked or replaced).</summary>
    public bool RequireRegisteredCertificate { get; init; } = true;

    /// <summary>
    /// The province codes (31 is Shanghai) where the evaluating organisation must be registered; empty means any
    /// organisation registered with a code.
    /// </summary>
    public List<string> OrganisationProvinces { get; init; } = [];

    public static SubsidyTerms Parse(string json)
    {
        SubsidyTerms? terms;
        try
        {
            terms = JsonSerializer.Deserialize<SubsidyTerms>(json, Json);
        }
        catch (JsonException e)
        {
            throw new RuleViolation("subsidy-policy.terms-json", $"The policy terms are not valid JSON: {e.Message}", "terms");
        }
        return (terms ?? throw new RuleViolation("subsidy-policy.terms-json", "The policy terms are empty.", "terms")).Checked();
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public SubsidyTerms Checked()
    {
        if (Amounts.Count == 0)
            throw new RuleViolation("subsidy-policy.amounts", "Give the standard amount of at least one level.", "terms");
        foreach (var (level, amount) in Amounts)
        {
            if (level is < 1 or > 5)
                throw new RuleViolation("subsidy-policy.level", "A skill level is 1 to 5.", "terms");
            if (amount is <= 0 or > 100_000 || decimal.Round(amount, 2) != amount)
                throw new RuleViolation("subsidy-policy.amount", "An amount is more than 0 and at most 100,000 yuan, to the fen.", "terms");
        }
        if (KeyOccupationUplift is < 0 or > 1)
            throw new RuleViolation("subsidy-policy.uplift", "The key-occupation uplift is 0% to 100%.", "terms");
        if (KeyOccupations.Any(o => string.IsNullOrWhiteSpace(o.Code) || string.IsNullOrWhiteSpace(o.Name)))
            throw new RuleViolation("subsidy-policy.occupation", "Each key occupation has a code and a name.", "terms");
        if (Rates.Count == 0)
            throw new RuleViolation("subsidy-policy.rates", "Give the rate of at least one person category.", "terms");
        foreach (var (category, rate) in Rates)
        {
            if (!Enum.TryParse<Employment>(category, ignoreCase: false, out var e) || !Enum.IsDefined(e) || category != e.ToString())
                throw new RuleViolation("subsidy-policy.category", $"Unknown person category {category}.", "terms");
            if (rate is <= 0 or > 1)
                throw new RuleViolation("subsidy-policy.rate", "A rate is more than 0% and at most 100%.", "terms");
        }
        if (!Enum.IsDefined(Combination))
            throw new RuleViolation("subsidy-policy.combination", "Unknown way to combine the uplift and the rate.", "terms");
        if (RoundToDecimals is not (0 or 1 or 2))
            throw new RuleViolation("subsidy-policy.rounding", "Amounts are rounded to 0, 1 or 2 decimals.", "terms");
        if (WindowMonths is < 1 or > 60)
            throw new RuleViolation("subsidy-policy.window", "The application window is 1 to 60 months.", "terms");
        if (MaxClaimsPerYear is < 1 or > 50)
            throw new RuleViolation("subsidy-policy.max-claims", "At most 1 to 50 claims a year, or no limit.", "terms");
        if (MinContributionMonths is < 1 or > 600)
            throw new RuleViolation("subsidy-policy.contributions", "The contribution months needed are 1 to 600, or none.", "terms");
        if (OrganisationProvinces.Any(p => p is not { Length: 2 } || !p.All(char.IsAsciiDigit)))
            throw new RuleViolation("subsidy-policy.province", "A province code is two digits (31 is Shanghai).", "terms");
        return this;
    }

    public decimal? RateOf(Employment? employment) =>
        employment is { } e && Rates.TryGetValue(e.ToString(), out var rate) ? rate : null;

    public bool IsKeyOccupation(string occupation) =>
        KeyOccupations.Any(o => string.Equals(o.Code, occupation, StringComparison.Ordinal) || string.Equals(o.Name, occupation, StringComparison.Ordinal));

    /// <summary>The amount of a claim, rounded once at the end; null when the level or the category is not covered.</summary>
    public decimal? AmountFor(int level, string occupation, Employment? employment)
    {
        if (!Amounts.TryGetValue(level, out var standard) || RateOf(employment) is not { } rate) return null;
        var uplift = IsKeyOccupation(occupation) ? KeyOccupationUplift : 0m;
        var exact = Combination switch
        {
            UpliftCombination.AddUpliftToRated => standard * rate + standard * uplift,
            _ => standard * (1 + uplift) * rate,
        };
        return decimal.Round(exact, RoundToDecimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>The last day a certificate issued on <paramref name="issuedOn"/> may be claimed.</summary>
    public DateOnly LastDay(DateOnly issuedOn) => issuedOn.AddMonths(WindowMonths).AddDays(-1);

    /// <summary>Yuan as people read them: ¥2,080 or ¥1,562.50.</summary>
    public static string Yuan(decimal amount) =>
        "¥" + amount.ToString(decimal.Truncate(amount) == amount ? "#,0" : "#,0.00", CultureInfo.InvariantCulture);
}
