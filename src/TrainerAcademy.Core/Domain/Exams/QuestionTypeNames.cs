namespace TrainerAcademy.Domain.Exams;

/// <summary>
/// The names a question type goes by outside the code: the kebab-case code of seed files and exports
/// (<c>true-false</c>), and the Chinese word printed papers use (判断, 单选, 多选).
/// </summary>
public static class QuestionTypeNames
{
    private static readonly (QuestionType Type, string Code, string Chinese)[] Names =
    [
        (QuestionType.TrueFalse, "true-false", "判断"),
        (QuestionType.SingleChoice, "single-choice", "单选"),
        (QuestionType.MultipleChoice, "multiple-choice", "多选"),
    ];

    public static string Code(QuestionType type) => Names.Single(n => n.Type == type).Code;

    public static string Chinese(QuestionType type) => Names.Single(n => n.Type == type).Chinese;

    /// <summary>Reads a code, a Chinese word (判断题 too), or an enum name; null when it is none of them.</summary>
    public static QuestionType? Parse(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.EndsWith('题')) t = t[..^1];
        foreach (var n in Names)
            if (string.Equals(t, n.Code, StringComparison.OrdinalIgnoreCase) || t == n.Chinese
                || string.Equals(t, n.Type.ToString(), StringComparison.OrdinalIgnoreCase))
                return n.Type;
        return null;
    }
}
