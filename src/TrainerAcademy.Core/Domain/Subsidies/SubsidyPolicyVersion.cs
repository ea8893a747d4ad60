namespace TrainerAcademy.Domain.Subsidies;

/// <summary>
/// One version of a subsidy policy (e.g. 上海职业技能提升补贴), in force from <see cref="EffectiveFrom"/> until the next
/// version of the same policy. Versions are never changed: a new rule is a new version with its own date, so a claim
/// keeps the version it was assessed under and history reads as it was.
/// </summary>
public class SubsidyPolicyVersion
{
    public const int MaxCode = 40;
    public const int MaxName = 100;
    public const int MaxNote = 500;

    private SubsidyTerms? _terms;

    private SubsidyPolicyVersion() { }

    public SubsidyPolicyVersion(string policyCode, int version, string name, string englishName, DateOnly effectiveFrom, int precedence,
        SubsidyTerms terms, string? note, string? createdById, DateTimeOffset now)
    {
        policyCode = (policyCode ?? "").Trim();
        if (policyCode.Length is 0 or > MaxCode || !policyCode.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            throw new RuleViolation("subsidy-policy.code", "A policy code is 1 to 40 lower-case letters, digits and hyphens.", "policyCode");
        if (version < 1) throw new ArgumentOutOfRangeException(nameof(version));
        Name = Text(name, "name");
        EnglishName = Text(englishName, "englishName");
        if (precedence is < 1 or > 100)
            throw new RuleViolation("subsidy-policy.precedence", "The precedence is 1 to 100 (1 is considered first).", "precedence");
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > MaxNote })
            throw new RuleViolation("subsidy-policy.note", $"The note is at most {MaxNote} characters.", "note");
        PolicyCode = policyCode;
        Version = version;
        EffectiveFrom = effectiveFrom;
        Precedence = precedence;
        _terms = terms.Checked();
        TermsJson = terms.ToJson();
        Note = note;
        CreatedById = createdById;
        CreatedAt = now;
    }

    public int Id { get; private set; }
    public string PolicyCode { get; private set; } = "";
    public int Version { get; private set; }
    public string Name { get; private set; } = "";
    public string EnglishName { get; private set; } = "";
    public DateOnly EffectiveFrom { get; private set; }

    /// <summary>Where several policies could pay for one certificate, the eligible one with the lowest precedence applies.</summary>
    public int Precedence { get; private set; }
    public string TermsJson { get; private set; } = "";
    public string? Note { get; private set; }

    /// <summary>The admin who added the version; null for a version from the reference data.</summary>
    public string? CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public SubsidyTerms Terms => _terms ??= SubsidyTerms.Parse(TermsJson);

    /// <summary>
    /// The next version of a policy: it takes effect on a day after every earlier version's, and not before
    /// <paramref name="today"/>, so what was in force on a past day never changes.
    /// </summary>
    public SubsidyPolicyVersion Next(string? name, string? englishName, DateOnly effectiveFrom, int? precedence, SubsidyTerms terms, string? note,
        string createdById, DateOnly today, DateTimeOffset now)
    {
        if (effectiveFrom <= EffectiveFrom)
            throw new ConflictViolation("subsidy-policy.effective-order",
                $"A new version takes effect after the latest one ({EffectiveFrom:yyyy-MM-dd}).", "effectiveFrom");
        if (effectiveFrom < today)
            throw new RuleViolation("subsidy-policy.effective-past", "A new version cannot take effect in the past: that would rewrite history.", "effectiveFrom");
        return new SubsidyPolicyVersion(PolicyCode, Version + 1, string.IsNullOrWhiteSpace(name) ? Name : name, string.IsNullOrWhiteSpace(englishName) ? EnglishName : englishName,
            effectiveFrom, precedence ?? Precedence, terms, note, createdById, now);
    }

    /// <summary>The version of each policy in force on <paramref name="day"/>, by precedence.</summary>
    public static IReadOnlyList<SubsidyPolicyVersion> InForce(IEnumerable<SubsidyPolicyVersion> versions, DateOnly day) =>
        [.. versions.Where(v => v.EffectiveFrom <= day)
            .GroupBy(v => v.PolicyCode)
            .Select(g => g.OrderByDescending(v => v.EffectiveFrom).First())
            .OrderBy(v => v.Precedence).ThenBy(v => v.PolicyCode, StringComparer.Ordinal)];

    private static string Text(string? value, string field)
    {
        value = (value ?? "").Trim();
        if (value.Length is 0 or > MaxName)
            throw new RuleViolation("subsidy-policy.name", $"A policy name is 1 to {MaxName} characters.", field);
        return value;
    }
}
