using System.Globalization;

namespace TrainerAcademy.Domain.Results;

/// <summary>
/// How a candidate's name appears on the public posting board: enough to recognise oneself, too little to identify
/// someone else. A Chinese name keeps its first and last characters and masks each one between them (张*明, 欧阳*锋
/// becomes 欧**锋), a two-character name keeps its surname (李*), a one-character name shows nothing (*); the middle dot
/// of a transliterated name stays. Any other name shows the first letter of each word with one star, whatever the
/// word's length (John Smith → J* S*). An empty name is a single star.
/// </summary>
public static class PostedName
{
    public const string Mask = "*";

    private static readonly char[] Dots = ['·', '•', '・', '.'];

    public static string Of(string? name)
    {
        var text = string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0) return Mask;
        // A Chinese name typed with spaces (王 五) is still one name of two characters.
        var han = TextElements(text.Replace(" ", "", StringComparison.Ordinal));
        return han.All(e => IsHan(e) || IsDot(e)) ? Chinese(han) : Words(text);
    }

    private static string Chinese(IReadOnlyList<string> elements)
    {
        var letters = elements.Count(e => !IsDot(e));
        if (letters <= 1) return Mask;
        var first = elements.ToList().FindIndex(e => !IsDot(e));
        var last = elements.ToList().FindLastIndex(e => !IsDot(e));
        return string.Concat(elements.Select((e, i) =>
            IsDot(e) ? e
            : i == first ? e
            : i == last && letters > 2 ? e
            : Mask));
    }

    private static string Words(string text) =>
        string.Join(' ', text.Split([' ', .. Dots, '-'], StringSplitOptions.RemoveEmptyEntries)
            .Select(word => TextElements(word)[0] + Mask));

    private static List<string> TextElements(string text)
    {
        var elements = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext()) elements.Add((string)e.Current);
        return elements;
    }

    private static bool IsDot(string element) => element.Length == 1 && Dots.Contains(element[0]);

    /// <summary>A CJK ideograph, including the extension blocks outside the Basic Multilingual Plane.</summary>
    private static bool IsHan(string element)
    {
        var code = char.ConvertToUtf32(element, 0);
        return code is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x3134F;
    }
}
