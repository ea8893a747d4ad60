using System.Text.Encodings.Web;
using System.Text.Json;

namespace TrainerAcademy.Domain.Exams;

public enum QuestionType
{
    TrueFalse,
    SingleChoice,
    MultipleChoice,
}

/// <summary>
/// The content of one version of a question. The key is canonical: <c>true</c>/<c>false</c> for true-false items,
/// option letters in alphabetical order of the stored option order (e.g. <c>B</c>, <c>ACD</c>) for choice items.
/// </summary>
public sealed record QuestionContent
{
    public const int MaxStem = 500;
    public const int MaxOption = 200;

    public QuestionContent(QuestionType type, int difficulty, string stem, IReadOnlyList<string>? options, string answer, string explanation)
    {
        if (!Enum.IsDefined(type))
            throw new RuleViolation("question.type", "A question is true-false, single choice or multiple choice.", "type");
        if (difficulty is < 1 or > 3)
            throw new RuleViolation("question.difficulty", "Difficulty is 1 (easy), 2 (medium) or 3 (hard).", "difficulty");
        stem = (stem ?? "").Trim();
        if (stem.Length is 0 or > MaxStem)
            throw new RuleViolation("question.stem", $"The stem is required, at most {MaxStem} characters.", "stem");
        explanation = (explanation ?? "").Trim();
        if (explanation.Length > 1000)
            throw new RuleViolation("question.explanation", "The explanation is at most 1000 characters.", "explanation");

        var cleaned = (options ?? []).Select(o => (o ?? "").Trim()).ToArray();
        switch (type)
        {
            case QuestionType.TrueFalse:
                if (cleaned.Length != 0)
                    throw new RuleViolation("question.options", "A true-false question has no options.", "options");
                answer = (answer ?? "").Trim().ToLowerInvariant() switch
                {
                    "true" or "t" or "正确" or "对" or "√" => "true",
                    "false" or "f" or "错误" or "错" or "×" => "false",
                    _ => throw new RuleViolation("question.answer", "The answer of a true-false question is true or false.", "answer"),
                };
                break;
            default:
                var (min, max) = type == QuestionType.SingleChoice ? (2, 6) : (3, 6);
                if (cleaned.Length < min || cleaned.Length > max || cleaned.Any(o => o.Length is 0 or > MaxOption))
                    throw new RuleViolation("question.options", $"A choice question has {min} to {max} options of at most {MaxOption} characters.", "options");
                if (cleaned.Distinct(StringComparer.Ordinal).Count() != cleaned.Length)
                    throw new RuleViolation("question.options-distinct", "Two options of a question are the same.", "options");
                answer = Letters.Normalize(answer, cleaned.Length)
                    ?? throw new RuleViolation("question.answer", $"The answer is made of the option letters A to {Letters.Of(cleaned.Length - 1)}.", "answer");
                if (type == QuestionType.SingleChoice && answer.Length != 1)
                    throw new RuleViolation("question.answer-single", "A single-choice question has exactly one correct option.", "answer");
                if (type == QuestionType.MultipleChoice && answer.Length < 2)
                    throw new RuleViolation("question.answer-multiple", "A multiple-choice question has at least two correct options.", "answer");
                break;
        }

        Type = type;
        Difficulty = difficulty;
        Stem = stem;
        Options = cleaned;
        Answer = answer;
        Explanation = explanation;
    }

    public QuestionType Type { get; }
    public int Difficulty { get; }
    public string Stem { get; }
    public IReadOnlyList<string> Options { get; }
    public string Answer { get; }
    public string Explanation { get; }

    public bool SameAs(QuestionContent other) =>
        Type == other.Type && Difficulty == other.Difficulty && Stem == other.Stem && Answer == other.Answer
        && Explanation == other.Explanation && Options.SequenceEqual(other.Options);
}

/// <summary>Option letters: A is option 0.</summary>
public static class Letters
{
    public static char Of(int index) => (char)('A' + index);

    public static int IndexOf(char letter) => char.ToUpperInvariant(letter) - 'A';

    /// <summary>Upper-case, de-duplicated, sorted letters within the option count; null when any letter is out of range or none given.</summary>
    public static string? Normalize(string? letters, int optionCount)
    {
        var picked = new SortedSet<char>();
        foreach (var c in letters ?? "")
        {
            if (c is ',' or ' ' or '、') continue;
            var index = IndexOf(c);
            if (index < 0 || index >= optionCount) return null;
            picked.Add(Of(index));
        }
        return picked.Count == 0 ? null : new string([.. picked]);
    }
}

/// <summary>
/// A question of the bank: its code, level and work function stay; its content lives in versions. Editing a
/// question that a paper has used adds a version; papers keep the version they were given.
/// </summary>
public class Question
{
    private readonly List<QuestionVersion> _versions = [];

    private Question() { }

    public Question(string code, int level, string workFunctionCode, QuestionContent content, DateTimeOffset now)
    {
        code = (code ?? "").Trim();
        if (code.Length is 0 or > 40)
            throw new RuleViolation("question.code", "A question needs a code of at most 40 characters.", "code");
        if (level is < 1 or > 5)
            throw new RuleViolation("question.level", "The level is 1 to 5.", "level");
        Code = code;
        Level = level;
        WorkFunctionCode = workFunctionCode;
        CreatedAt = now;
        _versions.Add(new QuestionVersion(this, 1, content, now));
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public int Level { get; private set; }
    public string WorkFunctionCode { get; private set; } = "";

    /// <summary>A retired question is kept for the papers that used it but never drawn again.</summary>
    public bool Retired { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public IReadOnlyList<QuestionVersion> Versions => _versions;
    public QuestionVersion Current => _versions.MaxBy(v => v.Number)!;

    /// <summary>
    /// Changes the content: a new version when the current one is on a paper (<paramref name="currentIsUsed"/>), an
    /// edit in place otherwise. Returns false when nothing changed.
    /// </summary>
    public bool Change(int level, string workFunctionCode, QuestionContent content, bool currentIsUsed, DateTimeOffset now)
    {
        var current = Current;
        if (current.Content.SameAs(content) && level == Level && workFunctionCode == WorkFunctionCode)
            return false;
        if (currentIsUsed && (level != Level || workFunctionCode != WorkFunctionCode))
            throw new RuleViolation("question.retag-used", "A question already on a paper keeps its level and work function; add a new question instead.", "level");
        Level = level;
        WorkFunctionCode = workFunctionCode;
        if (currentIsUsed)
            _versions.Add(new QuestionVersion(this, current.Number + 1, content, now));
        else
            current.Replace(content, now);
        return true;
    }

    public void Retire() => Retired = true;

    public void Reinstate() => Retired = false;
}

/// <summary>One version of a question's content, what a paper item points at.</summary>
public class QuestionVersion
{
    private QuestionVersion() { }

    internal QuestionVersion(Question question, int number, QuestionContent content, DateTimeOffset now)
    {
        Question = question;
        Number = number;
        Replace(content, now);
    }

    public int Id { get; private set; }
    public int QuestionId { get; private set; }
    public Question Question { get; private set; } = null!;
    public int Number { get; private set; }
    public QuestionType Type { get; private set; }
    public int Difficulty { get; private set; }
    public string Stem { get; private set; } = "";

    /// <summary>The options as a JSON array of strings, in the bank's order (the key refers to it).</summary>
    public string OptionsJson { get; private set; } = "[]";
    public string Answer { get; private set; } = "";
    public string Explanation { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private IReadOnlyList<string>? _options;

    /// <summary>The options, read from <see cref="OptionsJson"/> once (a paper shows them for every candidate).</summary>
    public IReadOnlyList<string> Options => _options ??= Array.AsReadOnly(JsonSerializer.Deserialize<string[]>(OptionsJson) ?? []);

    public QuestionContent Content => new(Type, Difficulty, Stem, Options, Answer, Explanation);

    internal void Replace(QuestionContent content, DateTimeOffset now)
    {
        Type = content.Type;
        Difficulty = content.Difficulty;
        Stem = content.Stem;
        OptionsJson = JsonSerializer.Serialize(content.Options, Json);
        _options = null;
        Answer = content.Answer;
        Explanation = content.Explanation;
        CreatedAt = now;
    }
}
