using System.Globalization;
using System.Text;
using static System.FormattableString;

namespace TrainerAcademy.Domain.Practical;

/// <summary>One clip of a transcription task: the reference text and what the candidate typed.</summary>
public sealed record TranscriptionItem(string Id, string Reference, string? Hypothesis);

/// <summary>
/// How the character error rate becomes points: full points at or below <see cref="FullAt"/>, none at or above
/// <see cref="ZeroAt"/>, linear between. The default gives 1 − CER.
/// </summary>
public sealed record CerScale(decimal FullAt = 0m, decimal ZeroAt = 1m)
{
    public decimal Fraction(decimal cer)
    {
        if (FullAt < 0 || ZeroAt <= FullAt)
            throw new RuleViolation("practical.cer-scale", "The error rate for no points is above the one for full points.", "scale");
        if (cer <= FullAt) return 1m;
        if (cer >= ZeroAt) return 0m;
        return (ZeroAt - cer) / (ZeroAt - FullAt);
    }
}

/// <summary>
/// Scores transcription by character error rate: the Levenshtein distance over Unicode text elements (so a character
/// with combining marks or an emoji is one unit) divided by the reference length. Both texts are NFC-normalized and
/// trimmed; spaces and punctuation inside count. Over several clips the edits and lengths are summed (corpus CER).
/// </summary>
public static class Transcription
{
    public static TaskScore Score(IReadOnlyList<TranscriptionItem> items, decimal points, CerScale? scale = null)
    {
        if (items.Count == 0)
            throw new RuleViolation("practical.transcription-empty", "A transcription task has at least one clip.", "items");
        scale ??= new CerScale();
        int edits = 0, length = 0;
        var lines = new List<ScoreLine>();
        foreach (var item in items)
        {
            var reference = Elements(item.Reference);
            var hypothesis = Elements(item.Hypothesis);
            var distance = Distance(reference, hypothesis);
            edits += distance;
            length += reference.Length;
            lines.Add(new($"clip:{item.Id}", Invariant($"片段 {item.Id}：编辑距离 {distance}，参考文本 {reference.Length} 字"), distance));
        }
        // An empty reference has nothing to get wrong: any typed character is one error per character.
        var cer = length == 0 ? (edits == 0 ? 0m : 1m) : (decimal)edits / length;
        var fraction = scale.Fraction(cer);
        lines.Insert(0, new("cer", Invariant($"字错误率 CER {cer:0.####}（编辑距离 {edits} ÷ 参考文本 {length} 字）"), PracticalScoring.RoundRatio(cer)));
        lines.Insert(1, new("scale", Invariant($"CER ≤ {scale.FullAt:0.####} 得满分，≥ {scale.ZeroAt:0.####} 不得分，其间按比例"), PracticalScoring.RoundRatio(fraction)));
        return TaskScore.FromFraction(fraction, points, lines);
    }

    public static string[] Elements(string? text)
    {
        var normalized = (text ?? "").Trim().Normalize(NormalizationForm.FormC);
        var elements = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(normalized);
        while (e.MoveNext()) elements.Add(e.GetTextElement());
        return [.. elements];
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions, each 1) in two rows of memory.</summary>
    public static int Distance(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        for (var j = 0; j <= b.Count; j++) previous[j] = j;
        for (var i = 1; i <= a.Count; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Count; j++)
            {
                var substitution = previous[j - 1] + (string.Equals(a[i - 1], b[j - 1], StringComparison.Ordinal) ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Count];
    }
}
