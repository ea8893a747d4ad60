using System.Buffers.Binary;
using System.Text;

namespace TrainerAcademy.Infrastructure.Pdf;

/// <summary>
/// A TrueType face cut down to the characters of everyday Chinese and English text, with its glyphs numbered anew.
/// <para>
/// PDFsharp's subset of a font keeps the <c>loca</c> and <c>hmtx</c> entries of every glyph of the face, used or not:
/// for WenQuanYi Micro Hei's 49,531 glyphs that is about 420 KB a document to copy and deflate, most of what a
/// certificate cost to render. This face holds the characters of GB 2312 (all 7,445, the 6,763 hanzi included), ASCII,
/// Latin-1 and the punctuation and full-width forms, with the glyphs composite glyphs are built of (13,658 glyphs in
/// all), so each document's font program is a third of the size. Text with a character outside it is set in the whole
/// face instead (<see cref="PdfRenderer"/>).
/// </para>
/// </summary>
internal sealed class CommonFace
{
    /// <summary>Added to the family name of the cut face.</summary>
    public const string NameSuffix = "GB2312";

    private static readonly Lazy<int[]> Wanted = new(WantedCodePoints);

    private readonly bool[] _covered;

    private CommonFace(byte[] font, bool[] covered)
    {
        Font = font;
        _covered = covered;
    }

    /// <summary>The standalone TrueType font.</summary>
    public byte[] Font { get; }

    /// <summary>Whether every character of <paramref name="text"/> is in this face.</summary>
    public bool Covers(string text)
    {
        foreach (var c in text)
            if (!_covered[c]) return false;
        return true;
    }

    /// <summary>Whether <paramref name="c"/> is in this face (never a surrogate: nothing outside the BMP is kept).</summary>
    public bool Covers(char c) => _covered[c];

    /// <summary>
    /// Cuts <paramref name="font"/> (a standalone glyf-outline TrueType font, as <see cref="SfntFaces.Extract"/>
    /// writes) down to the common characters, or null when the font has no glyf outlines or no Unicode cmap.
    /// </summary>
    public static CommonFace? Create(byte[] font)
    {
        var tables = SfntFaces.Tables(font);
        if (!tables.ContainsKey("glyf") || !tables.ContainsKey("loca") || !tables.ContainsKey("cmap")) return null;
        ReadOnlySpan<byte> Table(string tag) => font.AsSpan(tables[tag].Offset, tables[tag].Length);
        foreach (var tag in new[] { "head", "maxp", "hhea", "hmtx" })
            if (!tables.ContainsKey(tag)) return null;

        var head = Table("head");
        int numGlyphs = BinaryPrimitives.ReadUInt16BigEndian(Table("maxp")[4..]);
        int numberOfHMetrics = BinaryPrimitives.ReadUInt16BigEndian(Table("hhea")[34..]);
        var longLoca = BinaryPrimitives.ReadInt16BigEndian(head[50..]) == 1;
        var (locaAt, glyfAt) = (tables["loca"].Offset, tables["glyf"].Offset);
        int Offset(int glyph) => longLoca
            ? checked((int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(locaAt + 4 * glyph)))
            : 2 * BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(locaAt + 2 * glyph));
        byte[] Glyph(int glyph) => font.AsSpan(glyfAt + Offset(glyph), Offset(glyph + 1) - Offset(glyph)).ToArray();
        var hmtxAt = tables["hmtx"].Offset;
        ushort Advance(int at) => BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(hmtxAt + at));
        short Bearing(int at) => BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(hmtxAt + at));

        var map = UnicodeMap(Table("cmap"));
        if (map is null) return null;

        (ushort Advance, short Bearing) Metrics(int glyph) => glyph < numberOfHMetrics
            ? (Advance(4 * glyph), Bearing(4 * glyph + 2))
            : (Advance(4 * (numberOfHMetrics - 1)), Bearing(4 * numberOfHMetrics + 2 * (glyph - numberOfHMetrics)));

        // The glyphs kept: each wanted character's and the glyphs a composite glyph is built from.
        var kept = new List<int>();
        var seen = new HashSet<int> { 0 };
        var mapped = new List<(int CodePoint, int Glyph)>();
        foreach (var codePoint in Wanted.Value)
        {
            if (!map.TryGetValue(codePoint, out var glyph) || glyph == 0 || glyph >= numGlyphs) continue;
            Keep(glyph);
            mapped.Add((codePoint, glyph));
        }

        void Keep(int glyph)
        {
            if (!seen.Add(glyph)) return;
            kept.Add(glyph);
            foreach (var component in Components(Glyph(glyph)))
                if (component < numGlyphs) Keep(component);
        }

        // Numbered anew: .notdef first, then the glyphs of other widths, then those of the width most glyphs have (a
        // CJK font's em square), whose hmtx entries are side bearings alone. PDFsharp embeds the whole hmtx table in
        // every document's subset, so this halves it.
        var common = kept.GroupBy(g => Metrics(g).Advance).MaxBy(g => g.Count())?.Key ?? 0;
        List<int> order = [0, .. kept.Where(g => Metrics(g).Advance != common), .. kept.Where(g => Metrics(g).Advance == common)];
        var hMetrics = Math.Min(order.Count, order.FindIndex(1, g => Metrics(g).Advance == common) is var first and > 0 ? first + 1 : order.Count);
        var renumbered = new Dictionary<int, int>(order.Count);
        for (var i = 0; i < order.Count; i++) renumbered[order[i]] = i;
        mapped = [.. mapped.Select(m => (m.CodePoint, renumbered[m.Glyph]))];

        var cmap = Cmap(mapped);
        if (cmap is null) return null;

        // glyf and loca (long offsets), with the components of composite glyphs renumbered.
        var newGlyf = new MemoryStream();
        var newLoca = new byte[4 * (order.Count + 1)];
        for (var i = 0; i < order.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * i), (uint)newGlyf.Position);
            var data = Glyph(order[i]);
            foreach (var at in ComponentOffsets(data))
                BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(at), (ushort)renumbered[BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at))]);
            newGlyf.Write(data);
            while (newGlyf.Position % 4 != 0) newGlyf.WriteByte(0);
        }
        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * order.Count), (uint)newGlyf.Position);

        // hmtx: an advance and a side bearing for the first hMetrics glyphs, a side bearing for the rest.
        var newHmtx = new byte[4 * hMetrics + 2 * (order.Count - hMetrics)];
        for (var i = 0; i < order.Count; i++)
        {
            var (advance, bearing) = Metrics(order[i]);
            if (i < hMetrics)
            {
                BinaryPrimitives.WriteUInt16BigEndian(newHmtx.AsSpan(4 * i), advance);
                BinaryPrimitives.WriteInt16BigEndian(newHmtx.AsSpan(4 * i + 2), bearing);
            }
            else BinaryPrimitives.WriteInt16BigEndian(newHmtx.AsSpan(4 * hMetrics + 2 * (i - hMetrics)), bearing);
        }

        var newHead = head.ToArray();
        BinaryPrimitives.WriteInt16BigEndian(newHead.AsSpan(50), 1);
        var newMaxp = Table("maxp").ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(newMaxp.AsSpan(4), (ushort)order.Count);
        var newHhea = Table("hhea").ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(newHhea.AsSpan(34), (ushort)hMetrics);

        var output = new List<(string Tag, byte[] Body)>
        {
            ("cmap", cmap), ("glyf", newGlyf.ToArray()), ("head", newHead), ("hhea", newHhea), ("hmtx", newHmtx),
            ("loca", newLoca), ("maxp", newMaxp),
        };
        if (tables.ContainsKey("post") && tables["post"].Length >= 32)
        {
            // Version 3: no glyph names, which were numbered for the whole face.
            var post = Table("post")[..32].ToArray();
            BinaryPrimitives.WriteUInt32BigEndian(post, 0x00030000);
            output.Add(("post", post));
        }
        // Names of its own: PDFsharp keeps one face per full name, and would take this face for the whole one.
        var face = SfntFaces.List(font) is [var only] ? only : throw new InvalidDataException("The font is not a single face.");
        output.Add(("name", NameTable(face.FamilyName + " " + NameSuffix, face.SubfamilyName)));
        // Tables that name no glyph are kept as they are; vertical metrics (numbered for the whole face) are not.
        foreach (var tag in new[] { "OS/2", "cvt ", "fpgm", "prep", "gasp" })
            if (tables.ContainsKey(tag)) output.Add((tag, Table(tag).ToArray()));

        var covered = new bool[0x10000];
        foreach (var (codePoint, _) in mapped) covered[codePoint] = true;
        return new CommonFace(SfntFaces.Write(0x00010000, output), covered);
    }

    /// <summary>
    /// The characters kept: GB 2312 (read through its code page), printable ASCII, Latin-1, Latin Extended-A, general
    /// punctuation, letterlike symbols, number forms, arrows, CJK symbols and punctuation, full-width forms.
    /// </summary>
    private static int[] WantedCodePoints()
    {
        var wanted = new SortedSet<int>();
        void Range(int first, int last) { for (var c = first; c <= last; c++) wanted.Add(c); }
        Range(0x20, 0x7E);
        Range(0xA0, 0x17F);
        Range(0x2000, 0x206F);
        Range(0x2100, 0x21FF);
        Range(0x3000, 0x303F);
        Range(0xFF00, 0xFFEF);

        var gb2312 = CodePagesEncodingProvider.Instance.GetEncoding(20936)
                     ?? throw new InvalidOperationException("The GB 2312 code page is not available.");
        Span<byte> pair = stackalloc byte[2];
        for (var row = 0xA1; row <= 0xF7; row++)
        for (var cell = 0xA1; cell <= 0xFE; cell++)
        {
            pair[0] = (byte)row;
            pair[1] = (byte)cell;
            var text = gb2312.GetString(pair);
            if (text.Length == 1 && text[0] is not ('?' or '\uFFFD') && !char.IsSurrogate(text[0])) wanted.Add(text[0]);
        }
        return [.. wanted];
    }

    /// <summary>The BMP mapping of the Windows Unicode format 4 subtable, or null when there is none.</summary>
    private static Dictionary<int, int>? UnicodeMap(ReadOnlySpan<byte> cmap)
    {
        int count = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
        for (var i = 0; i < count; i++)
        {
            var record = cmap[(4 + 8 * i)..];
            int platform = BinaryPrimitives.ReadUInt16BigEndian(record);
            int encoding = BinaryPrimitives.ReadUInt16BigEndian(record[2..]);
            var offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[4..]));
            if (platform != 3 || encoding is not (1 or 10) || BinaryPrimitives.ReadUInt16BigEndian(cmap[offset..]) != 4) continue;

            var table = cmap[offset..];
            var segments = BinaryPrimitives.ReadUInt16BigEndian(table[6..]) / 2;
            var map = new Dictionary<int, int>();
            for (var s = 0; s < segments; s++)
            {
                int end = BinaryPrimitives.ReadUInt16BigEndian(table[(14 + 2 * s)..]);
                int start = BinaryPrimitives.ReadUInt16BigEndian(table[(16 + 2 * segments + 2 * s)..]);
                int delta = BinaryPrimitives.ReadInt16BigEndian(table[(16 + 4 * segments + 2 * s)..]);
                var rangeOffsetAt = 16 + 6 * segments + 2 * s;
                int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(table[rangeOffsetAt..]);
                for (var c = start; c <= end && c != 0xFFFF; c++)
                {
                    int glyph;
                    if (rangeOffset == 0) glyph = (c + delta) & 0xFFFF;
                    else
                    {
                        var at = rangeOffsetAt + rangeOffset + 2 * (c - start);
                        if (at + 2 > table.Length) continue;
                        glyph = BinaryPrimitives.ReadUInt16BigEndian(table[at..]);
                        if (glyph != 0) glyph = (glyph + delta) & 0xFFFF;
                    }
                    if (glyph != 0) map[c] = glyph;
                }
            }
            return map;
        }
        return null;
    }

    /// <summary>
    /// A cmap with one format 4 subtable (for Windows and Unicode platforms): a segment of glyph numbers for each run
    /// of code points no more than 16 apart, or a delta where a run's glyphs are consecutive. Null when it would not fit
    /// format 4's 64 KB.
    /// </summary>
    private static byte[]? Cmap(List<(int CodePoint, int Glyph)> mapped)
    {
        var segments = new List<(int Start, int End, bool Delta)>();
        var first = 0;
        for (var i = 1; i <= mapped.Count; i++)
        {
            if (i < mapped.Count && mapped[i].CodePoint - mapped[i - 1].CodePoint <= 16) continue;
            var consecutive = true;
            for (var k = first + 1; k < i && consecutive; k++)
                consecutive = mapped[k].CodePoint == mapped[k - 1].CodePoint + 1 && mapped[k].Glyph == mapped[k - 1].Glyph + 1;
            segments.Add((first, i - 1, consecutive));
            first = i;
        }

        var segCount = segments.Count + 1; // and the closing 0xFFFF segment
        var arrayLength = segments.Where(s => !s.Delta).Sum(s => mapped[s.End].CodePoint - mapped[s.Start].CodePoint + 1);
        var length = 16 + 8 * segCount + 2 * arrayLength;
        if (length > ushort.MaxValue) return null;

        var table = new byte[20 + length];
        var span = table.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, 0); // version
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], 2);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], 0); // Unicode platform, BMP
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], 3);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], 20);
        BinaryPrimitives.WriteUInt16BigEndian(span[12..], 3); // Windows platform, Unicode BMP
        BinaryPrimitives.WriteUInt16BigEndian(span[14..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(span[16..], 20);

        var sub = span[20..];
        var searchRange = 2;
        var entrySelector = 0;
        while (searchRange * 2 <= 2 * segCount) { searchRange *= 2; entrySelector++; }
        BinaryPrimitives.WriteUInt16BigEndian(sub, 4);
        BinaryPrimitives.WriteUInt16BigEndian(sub[2..], (ushort)length);
        BinaryPrimitives.WriteUInt16BigEndian(sub[6..], (ushort)(2 * segCount));
        BinaryPrimitives.WriteUInt16BigEndian(sub[8..], (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(sub[10..], (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(sub[12..], (ushort)(2 * segCount - searchRange));
        var ends = 14;
        var starts = 16 + 2 * segCount;
        var deltas = 16 + 4 * segCount;
        var rangeOffsets = 16 + 6 * segCount;
        var array = 16 + 8 * segCount;
        var arrayAt = 0;
        for (var s = 0; s < segCount; s++)
        {
            var (start, end, delta, rangeOffset) = (0xFFFF, 0xFFFF, 1, 0);
            if (s < segments.Count)
            {
                var segment = segments[s];
                start = mapped[segment.Start].CodePoint;
                end = mapped[segment.End].CodePoint;
                if (segment.Delta) (delta, rangeOffset) = (mapped[segment.Start].Glyph - start, 0);
                else
                {
                    (delta, rangeOffset) = (0, 2 * (segCount - s) + 2 * arrayAt);
                    for (var k = segment.Start; k <= segment.End; k++)
                        BinaryPrimitives.WriteUInt16BigEndian(sub[(array + 2 * (arrayAt + mapped[k].CodePoint - start))..], (ushort)mapped[k].Glyph);
                    arrayAt += end - start + 1;
                }
            }
            BinaryPrimitives.WriteUInt16BigEndian(sub[(ends + 2 * s)..], (ushort)end);
            BinaryPrimitives.WriteUInt16BigEndian(sub[(starts + 2 * s)..], (ushort)start);
            BinaryPrimitives.WriteInt16BigEndian(sub[(deltas + 2 * s)..], unchecked((short)delta));
            BinaryPrimitives.WriteUInt16BigEndian(sub[(rangeOffsets + 2 * s)..], (ushort)rangeOffset);
        }
        return table;
    }

    /// <summary>
    /// A name table of family, subfamily, full and PostScript names, for Windows (UTF-16, US English) as PDFsharp reads
    /// them and for Macintosh (Roman) as older readers do.
    /// </summary>
    private static byte[] NameTable(string family, string subfamily)
    {
        var full = family + " " + subfamily;
        var postScript = new string((family.Replace(" ", "") + "-" + subfamily.Replace(" ", "")).Where(c => c is > ' ' and < '\x7F').ToArray());
        (int Id, string Text)[] names = [(1, family), (2, subfamily), (3, full), (4, full), (6, postScript)];

        var strings = new MemoryStream();
        var records = new List<(int Platform, int Encoding, int Language, int Id, int Offset, int Length)>();
        foreach (var (platform, encoding, language, text) in new (int, int, int, Func<string, byte[]>)[]
                 {
                     (1, 0, 0, s => Encoding.Latin1.GetBytes(new string(s.Select(c => c < 0x80 ? c : '?').ToArray()))),
                     (3, 1, 0x409, Encoding.BigEndianUnicode.GetBytes),
                 })
        foreach (var (id, value) in names)
        {
            var bytes = text(value);
            records.Add((platform, encoding, language, id, (int)strings.Position, bytes.Length));
            strings.Write(bytes);
        }

        var table = new byte[6 + 12 * records.Count + strings.Length];
        var span = table.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)records.Count);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)(6 + 12 * records.Count));
        for (var i = 0; i < records.Count; i++)
        {
            var record = span[(6 + 12 * i)..];
            var (platform, encoding, language, id, offset, length) = records[i];
            BinaryPrimitives.WriteUInt16BigEndian(record, (ushort)platform);
            BinaryPrimitives.WriteUInt16BigEndian(record[2..], (ushort)encoding);
            BinaryPrimitives.WriteUInt16BigEndian(record[4..], (ushort)language);
            BinaryPrimitives.WriteUInt16BigEndian(record[6..], (ushort)id);
            BinaryPrimitives.WriteUInt16BigEndian(record[8..], (ushort)length);
            BinaryPrimitives.WriteUInt16BigEndian(record[10..], (ushort)offset);
        }
        strings.ToArray().CopyTo(span[(6 + 12 * records.Count)..]);
        return table;
    }

    /// <summary>The glyph numbers a composite glyph is built from; none for a simple glyph.</summary>
    private static IEnumerable<int> Components(byte[] glyph) =>
        ComponentOffsets(glyph).Select(at => (int)BinaryPrimitives.ReadUInt16BigEndian(glyph.AsSpan(at)));

    /// <summary>Where in a composite glyph each component's glyph number is written.</summary>
    private static List<int> ComponentOffsets(byte[] glyph)
    {
        var offsets = new List<int>();
        if (glyph.Length < 10 || BinaryPrimitives.ReadInt16BigEndian(glyph) >= 0) return offsets;
        const int argsAreWords = 0x0001, haveScale = 0x0008, moreComponents = 0x0020, haveXyScale = 0x0040, haveTwoByTwo = 0x0080;
        var at = 10;
        int flags;
        do
        {
            if (at + 4 > glyph.Length) break;
            flags = BinaryPrimitives.ReadUInt16BigEndian(glyph.AsSpan(at));
            offsets.Add(at + 2);
            at += 4 + ((flags & argsAreWords) != 0 ? 4 : 2);
            at += (flags & haveScale) != 0 ? 2 : (flags & haveXyScale) != 0 ? 4 : (flags & haveTwoByTwo) != 0 ? 8 : 0;
        } while ((flags & moreComponents) != 0);
        return offsets;
    }
}
