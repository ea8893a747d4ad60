using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Identity;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Tests.Localization;

/// <summary>
/// The site is Chinese first: every English key the code hands to the localizer must have its zh-CN text,
/// or a visitor meets English in the middle of a Chinese page.
/// </summary>
public partial class ResourceCompletenessTests
{
    private static readonly string WebFolder = Path.Combine(RepositoryRoot.Path, "src", "TrainerAcademy.Web");
    private static readonly string SourceFolder = Path.Combine(RepositoryRoot.Path, "src");
    private static readonly string ChineseResx = Path.Combine(WebFolder, "Resources", "SharedResource.zh-CN.resx");
    private static readonly string EnglishResx = Path.Combine(WebFolder, "Resources", "SharedResource.en.resx");

    /// <summary>Keys built at run time ("Status." + status): each enum value the pages show, under its prefix.</summary>
    private static readonly (string Prefix, string[] Names)[] DynamicKeys =
    [
        ("Pattern", [nameof(WeekendPattern.Saturday), nameof(WeekendPattern.Sunday), nameof(WeekendPattern.Both)]),
        ("Status", [.. Enum.GetNames<CohortStatus>().Union(Enum.GetNames<EnrollmentStatus>())]),
        ("Funding", Enum.GetNames<Funding>()),
        ("Role", Roles.All),
        ("IdType", Enum.GetNames<IdType>()),
        ("Employment", Enum.GetNames<Employment>()),
        ("Education", Enum.GetNames<Education>()),
        ("ExamMode", Enum.GetNames<TrainerAcademy.Domain.Exams.ExamMode>()),
        ("RegistrationStatus", Enum.GetNames<TrainerAcademy.Domain.Exams.RegistrationStatus>()),
        ("AttemptEvent", Enum.GetNames<TrainerAcademy.Domain.Exams.AttemptEventKind>()),
        ("PracticalCategory", Enum.GetNames<TrainerAcademy.Domain.Practical.PracticalCategory>()),
        ("Scoring", Enum.GetNames<TrainerAcademy.Domain.Practical.PracticalScoringKind>()),
        ("ReviewStatus", Enum.GetNames<TrainerAcademy.Domain.Results.ReviewStatus>()),
        ("EligibilityHold", Enum.GetNames<TrainerAcademy.Domain.Results.EligibilityHold>()),
        ("SubsidyStatus", Enum.GetNames<TrainerAcademy.Domain.Subsidies.SubsidyApplicationStatus>()),
        ("SubsidyAction", Enum.GetNames<TrainerAcademy.Domain.Subsidies.SubsidyAction>()),
        ("SubsidyBatchStatus", Enum.GetNames<TrainerAcademy.Domain.Subsidies.SubsidyBatchStatus>()),
        ("UpliftCombination", Enum.GetNames<TrainerAcademy.Domain.Subsidies.UpliftCombination>()),
        ("AuditAction", TrainerAcademy.Features.AuditLog.AuditActions.All),
        ("AuditTarget", TrainerAcademy.Features.AuditLog.AuditTargets.All),
        ("DeletionStatus", Enum.GetNames<TrainerAcademy.Domain.Privacy.DeletionRequestStatus>()),
    ];

    [Fact]
    public void Every_key_of_the_web_project_has_a_Chinese_text()
    {
        var translated = ResxKeys(ChineseResx);
        var missing = KeysUsedInCode()
            .Concat(DynamicKeyNames())
            .Concat(IdentityErrorCodes().Select(code => (Key: "rule.identity." + code, Where: "Identity error")))
            .Where(k => !translated.ContainsKey(k.Key))
            .Select(k => $"{k.Key}    ({k.Where})")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, $"{missing.Count} keys have no entry in {Path.GetFileName(ChineseResx)}:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_domain_rule_has_a_Chinese_message()
    {
        var translated = ResxKeys(ChineseResx);
        var rules = RuleCodes().ToList();
        Assert.NotEmpty(rules);

        var missing = rules.Where(r => !translated.ContainsKey(r.Key)).Select(r => $"{r.Key}    ({r.Where})").Distinct().ToList();
        Assert.True(missing.Count == 0, "Rules without a Chinese message:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void No_Chinese_text_is_empty_or_left_in_English()
    {
        var suspicious = ResxKeys(ChineseResx)
            .Where(e => string.IsNullOrWhiteSpace(e.Value) || (e.Value == e.Key && e.Key.Any(char.IsAsciiLetterLower)))
            .Select(e => e.Key)
            .ToList();

        Assert.True(suspicious.Count == 0, "Entries without a translation:\n" + string.Join("\n", suspicious));
    }

    [Fact]
    public void Placeholders_survive_translation()
    {
        var broken = ResxKeys(ChineseResx)
            .Where(e => Placeholders(e.Key) != Placeholders(e.Value))
            .Select(e => $"{e.Key} → {e.Value}")
            .ToList();

        Assert.True(broken.Count == 0, "Translations that drop or add a {n} placeholder:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Dynamic_keys_have_English_words_too()
    {
        // English needs no file for literal keys (the key is the text), but "Status.Open" is not English.
        var english = ResxKeys(EnglishResx);
        var missing = DynamicKeyNames().Select(k => k.Key).Where(k => !english.ContainsKey(k)).ToList();

        Assert.True(missing.Count == 0, $"Dynamic keys without English in {Path.GetFileName(EnglishResx)}:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_resource_manager_serves_Chinese_from_the_satellite_assembly()
    {
        // The localizer's base name is <root namespace>.Resources.SharedResource; a wrong name silently shows English.
        var manager = new ResourceManager("TrainerAcademy.Resources.SharedResource", typeof(SharedResource).Assembly);

        Assert.Equal("登录", manager.GetString("Sign in", new CultureInfo("zh-CN")));
        Assert.Equal("Saturday and Sunday", manager.GetString("Pattern.Both", new CultureInfo("en")));
        Assert.Equal("TrainerAcademy", typeof(SharedResource).Assembly.GetCustomAttribute<Microsoft.Extensions.Localization.RootNamespaceAttribute>()?.RootNamespace);
    }

    [Fact]
    public void The_scan_finds_the_keys_it_is_meant_to_find()
    {
        // Guards the guard: each pattern must match the way the code writes keys.
        const string sample = """
            <h1>@L["Sign in"]</h1> @L["{0} open cohorts", n] [Required(ErrorMessage = "Enter your e-mail address.")]
            throw new RuleViolation("course.title", "A course needs a title.", "title");
            throw new ConflictViolation("cohort.stale", "Stale.");
            throw new RuleViolation("identity." + code, description);
            @L["Pattern." + k.WeekendPattern]
            """;
        var literal = LocalizerKey().Matches(sample).Select(m => m.Groups["key"].Value)
            .Concat(ErrorMessage().Matches(sample).Select(m => m.Groups["key"].Value)).ToList();
        var rules = RuleCode().Matches(sample).Select(m => m.Groups["code"].Value).ToList();

        Assert.Equal(["Sign in", "{0} open cohorts", "Enter your e-mail address."], literal);
        Assert.Equal(["course.title", "cohort.stale"], rules);
    }

    private static IEnumerable<(string Key, string Where)> KeysUsedInCode()
    {
        foreach (var file in SourceFiles(WebFolder, "*.cs", "*.cshtml"))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in LocalizerKey().Matches(text)) yield return (Unescape(m.Groups["key"].Value), Relative(file));
            foreach (Match m in ErrorMessage().Matches(text)) yield return (Unescape(m.Groups["key"].Value), Relative(file));
        }
        foreach (var rule in RuleCodes()) yield return rule;
    }

    private static IEnumerable<(string Key, string Where)> RuleCodes() =>
        SourceFiles(SourceFolder, "*.cs")
            .SelectMany(f => RuleCode().Matches(File.ReadAllText(f)).Select(m => ("rule." + m.Groups["code"].Value, Relative(f))));

    private static IEnumerable<(string Key, string Where)> DynamicKeyNames() =>
        DynamicKeys.SelectMany(d => d.Names.Select(n => ($"{d.Prefix}.{n}", "dynamic key")));

    /// <summary>Every code Identity can report; AccountService turns each into the rule identity.&lt;Code&gt;.</summary>
    private static IEnumerable<string> IdentityErrorCodes()
    {
        var describer = new IdentityErrorDescriber();
        return typeof(IdentityErrorDescriber).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.ReturnType == typeof(IdentityError))
            .Select(m => (IdentityError)m.Invoke(describer, m.GetParameters().Select(p => p.ParameterType == typeof(int) ? (object)1 : "x").ToArray())!)
            .Select(e => e.Code);
    }

    private static Dictionary<string, string> ResxKeys(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static IEnumerable<string> SourceFiles(string folder, params string[] patterns) =>
        patterns.SelectMany(p => Directory.EnumerateFiles(folder, p, SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));

    private static string Placeholders(string text) =>
        string.Join(",", PlaceholderPattern().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal));

    private static string Unescape(string literal) => Regex.Unescape(literal);

    private static string Relative(string file) => Path.GetRelativePath(RepositoryRoot.Path, file);

    /// <summary><c>L["literal"]</c> or <c>L["literal", args]</c> (also the handler's <c>localizer[...]</c>); a key built with + is not a literal.</summary>
    [GeneratedRegex("""\b(?:L|localizer)\[\s*"(?<key>(?:[^"\\]|\\.)*)"\s*[,\]]""")]
    private static partial Regex LocalizerKey();

    [GeneratedRegex("""ErrorMessage\s*=\s*"(?<key>(?:[^"\\]|\\.)*)"\s*[,)]""")]
    private static partial Regex ErrorMessage();

    /// <summary><c>new RuleViolation("code", …)</c> or <c>new ConflictViolation("code", …)</c> with a literal code.</summary>
    [GeneratedRegex("""new\s+(?:Rule|Conflict|Gone)Violation\(\s*"(?<code>[^"]+)"\s*,""")]
    private static partial Regex RuleCode();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();
}
