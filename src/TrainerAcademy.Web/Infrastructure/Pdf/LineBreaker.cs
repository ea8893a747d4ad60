using System.Text;

namespace TrainerAcademy.Infrastructure.Pdf;

/// <summary>
/// Greedy line breaking for mixed Chinese and Latin text. A line may break between any two Chinese characters and
/// at spaces, never inside a Latin word or number (unless the word alone is wider than the line); closing punctuation
/// never starts a line and opening punctuation never ends one (the basic rules of 避头尾). PDFsharp's XTextFormatter
/// breaks at spaces only, so a Chinese sentence, which has none, would run off the page.
/// </summary>
internal static class LineBreaker
{
    private const string Closing = "，。、；：？！）」』》〉】〕〗”’…—％‰·,.;:!?)]}%";
    private const string Opening = "（「『《〈【〔〖“‘([{";

    /// <summary>Lines of <paramref name="text"/> no wider than <paramref name="width"/>, as measured by <paramref name="measure"/> (widths add up: no kerning).</summary>
    public static List<string> Wrap(string text, double width, Func<string, double> measure)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
            WrapParagraph(paragraph, width, measure, lines);
        return lines;
    }

    private static void WrapParagraph(string paragraph, double width, Func<string, double> measure, List<string> lines)
    {
        var line = new StringBuilder();
        var lineWidth = 0.0;
        var first = lines.Count;
        foreach (var atom in Atoms(paragraph))
        {
            var atomWidth = measure(atom);
            if (lineWidth + atomWidth <= width)
            {
                if (line.Length == 0 && string.IsNullOrWhiteSpace(atom)) continue;
                line.Append(atom);
                lineWidth += atomWidth;
                continue;
            }
            if (string.IsNullOrWhiteSpace(atom))
            {
                // A space at the end of a full line is where the line breaks; it is not carried over.
                Flush();
                continue;
            }
            if (line.Length > 0) Flush();
            if (atomWidth <= width)
            {
                line.Append(atom);
                lineWidth = atomWidth;
                continue;
            }
            // A word wider than the whole line (a long reference number, a URL) is cut where it must be.
            foreach (var rune in atom.EnumerateRunes())
            {
                var piece = rune.ToString();
                var pieceWidth = measure(piece);
                if (line.Length > 0 && lineWidth + pieceWidth > width) Flush();
                line.Append(piece);
                lineWidth += pieceWidth;
            }
        }
        if (line.Length > 0 || lines.Count == first) Flush();

        void Flush()
        {
            lines.Add(line.ToString().TrimEnd());
            line.Clear();
            lineWidth = 0;
        }
    }

    /// <summary>The pieces a line may break between: one Chinese character, one Latin word, or one run of spaces.</summary>
    internal static IEnumerable<string> Atoms(string text)
    {
        var atoms = new List<string>();
        var current = new StringBuilder();
        var currentIsWord = false;
        var glueNext = false;

        foreach (var rune in text.EnumerateRunes())
        {
            var s = rune.ToString();
            if (current.Length > 0 && (glueNext || IsClosing(rune) && !IsSpace(current)))
            {
                // Opening punctuation holds on to what follows it, closing punctuation to what precedes it.
                current.Append(s);
                glueNext = IsOpening(rune);
                // "2,600.00" and "(abc)" stay one word; "师," does not make what follows part of a word.
                currentIsWord = !IsCjk(rune) && !Rune.IsWhiteSpace(rune) && (currentIsWord || !IsClosing(rune));
                continue;
            }
            if (Rune.IsWhiteSpace(rune))
            {
                if (!IsSpace(current)) Next();
                current.Append(s);
                currentIsWord = false;
                continue;
            }
            if (IsCjk(rune) || IsOpening(rune))
            {
                Next();
                current.Append(s);
                glueNext = IsOpening(rune);
                currentIsWord = false;
                continue;
            }
            if (!currentIsWord) Next();
            current.Append(s);
            currentIsWord = true;
        }
        Next();
        return atoms;

        void Next()
        {
            if (current.Length > 0) atoms.Add(current.ToString());
            current.Clear();
            glueNext = false;
        }
    }

    private static bool IsSpace(StringBuilder s) => s.Length > 0 && char.IsWhiteSpace(s[0]);

    private static bool IsClosing(Rune r) => r.IsBmp && Closing.Contains((char)r.Value);

    private static bool IsOpening(Rune r) => r.IsBmp && Opening.Contains((char)r.Value);

    internal static bool IsCjk(Rune r) => r.Value switch
    {
        >= 0x2E80 and <= 0x9FFF => true,   // radicals, CJK punctuation, kana, ideographs
        >= 0xAC00 and <= 0xD7AF => true,   // Hangul
        >= 0xF900 and <= 0xFAFF => true,   // compatibility ideographs
        >= 0xFE30 and <= 0xFE4F => true,   // compatibility forms
        >= 0xFF00 and <= 0xFFEF => true,   // full-width forms
        >= 0x20000 and <= 0x3FFFF => true, // extension ideographs (rare names)
        _ => false,
    };
}
