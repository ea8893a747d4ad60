using System.Buffers.Binary;
using System.Text;

namespace TrainerAcademy.Infrastructure.Pdf;

/// <summary>One face of a font file: its index in the collection, names and outline format.</summary>
internal sealed record SfntFace(int Index, string FamilyName, string SubfamilyName, bool IsCff);

/// <summary>
/// Reads the faces of a TrueType/OpenType font or collection (.ttf, .otf, .ttc) and writes one face out as a
/// standalone sfnt, because PDFsharp reads single fonts only and every CJK font Debian ships is a collection.
/// </summary>
internal static class SfntFaces
{
    // What PDFsharp reads for metrics, mapping, subsetting and embedding; layout (GSUB/GPOS), bitmaps and
    // signatures are left behind, since PDFsharp does no shaping and a DSIG would no longer match.
    private static readonly HashSet<string> KeptTables =
    [
        "cmap", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post",
        "glyf", "loca", "cvt ", "fpgm", "prep", "gasp", "CFF ", "CFF2", "VORG", "vhea", "vmtx",
    ];

    private const uint TrueTypeVersion = 0x00010000;
    private const uint CffVersion = 0x4F54544F; // 'OTTO'
    private const uint CollectionTag = 0x74746366; // 'ttcf'

    public static IReadOnlyList<SfntFace> List(ReadOnlySpan<byte> file)
    {
        var offsets = FaceOffsets(file);
        var faces = new List<SfntFace>(offsets.Length);
        for (var i = 0; i < offsets.Length; i++)
        {
            var tables = ReadTableDirectory(file, offsets[i]);
            var (family, subfamily) = tables.TryGetValue("name", out var name)
                ? ReadNames(Slice(file, name))
                : ("", "");
            faces.Add(new SfntFace(i, family, subfamily, tables.ContainsKey("CFF ") || tables.ContainsKey("CFF2")));
        }
        return faces;
    }

    /// <summary>Writes face <paramref name="index"/> as a standalone font with its own offsets and checksums.</summary>
    public static byte[] Extract(ReadOnlySpan<byte> file, int index)
    {
        var offsets = FaceOffsets(file);
        if (index < 0 || index >= offsets.Length)
            throw new ArgumentOutOfRangeException(nameof(index), $"The font has {offsets.Length} face(s).");
        var sfntVersion = BinaryPrimitives.ReadUInt32BigEndian(file[offsets[index]..]);
        var tables = new List<(string Tag, byte[] Body)>();
        foreach (var (tag, record) in ReadTableDirectory(file, offsets[index]))
            if (KeptTables.Contains(tag)) tables.Add((tag, Slice(file, record).ToArray()));
        return Write(sfntVersion, tables);
    }

    /// <summary>The tables of a standalone font, by tag.</summary>
    public static Dictionary<string, TableRecord> Tables(ReadOnlySpan<byte> font) => ReadTableDirectory(font, 0);

    /// <summary>A standalone font of <paramref name="tables"/>, in tag order, with its offsets and checksums.</summary>
    public static byte[] Write(uint sfntVersion, IReadOnlyCollection<(string Tag, byte[] Body)> tables)
    {
        var sorted = tables.OrderBy(t => t.Tag, StringComparer.Ordinal).ToList();
        var numTables = sorted.Count;
        var headerLength = 12 + 16 * numTables;
        var total = headerLength + sorted.Sum(t => Pad4(t.Body.Length));
        var output = new byte[total];
        var span = output.AsSpan();

        var pow2 = 1;
        var log2 = 0;
        while (pow2 * 2 <= numTables) { pow2 *= 2; log2++; }
        BinaryPrimitives.WriteUInt32BigEndian(span, sfntVersion);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)numTables);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(pow2 * 16));
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)log2);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)(numTables * 16 - pow2 * 16));

        var position = headerLength;
        var headOffset = -1;
        for (var i = 0; i < numTables; i++)
        {
            var (tag, body) = sorted[i];
            body.CopyTo(span[position..]);
            if (tag == "head")
            {
                headOffset = position;
                BinaryPrimitives.WriteUInt32BigEndian(span[(position + 8)..], 0); // checkSumAdjustment
            }
            var entry = span[(12 + 16 * i)..];
            Encoding.ASCII.GetBytes(tag, entry);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], Checksum(span.Slice(position, Pad4(body.Length))));
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)position);
            BinaryPrimitives.WriteUInt32BigEndian(entry[12..], (uint)body.Length);
            position += Pad4(body.Length);
        }
        if (headOffset < 0) throw new InvalidDataException("The font face has no 'head' table.");
        BinaryPrimitives.WriteUInt32BigEndian(span[(headOffset + 8)..], unchecked(0xB1B0AFBA - Checksum(span)));
        return output;
    }

    private static int[] FaceOffsets(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12) throw new InvalidDataException("Not a font file: too short.");
        var tag = BinaryPrimitives.ReadUInt32BigEndian(file);
        if (tag == TrueTypeVersion || tag == CffVersion || tag == 0x74727565 /* 'true' */)
            return [0];
        if (tag != CollectionTag) throw new InvalidDataException($"Not a TrueType/OpenType font or collection (tag 0x{tag:X8}).");
        var count = BinaryPrimitives.ReadUInt32BigEndian(file[8..]);
        if (count == 0 || count > 1000 || 12 + 4 * count > file.Length) throw new InvalidDataException("Bad font collection header.");
        var offsets = new int[count];
        for (var i = 0; i < count; i++)
        {
            offsets[i] = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file[(12 + 4 * i)..]));
            if (offsets[i] + 12 > file.Length) throw new InvalidDataException("Bad face offset in font collection.");
        }
        return offsets;
    }

    internal readonly record struct TableRecord(int Offset, int Length);

    private static Dictionary<string, TableRecord> ReadTableDirectory(ReadOnlySpan<byte> file, int faceOffset)
    {
        int numTables = BinaryPrimitives.ReadUInt16BigEndian(file[(faceOffset + 4)..]);
        if (faceOffset + 12 + 16 * numTables > file.Length) throw new InvalidDataException("Bad font table directory.");
        var tables = new Dictionary<string, TableRecord>(numTables, StringComparer.Ordinal);
        for (var i = 0; i < numTables; i++)
        {
            var entry = file[(faceOffset + 12 + 16 * i)..];
            var tag = Encoding.ASCII.GetString(entry[..4]);
            var offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(entry[8..]));
            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(entry[12..]));
            if ((long)offset + length > file.Length) throw new InvalidDataException($"Font table '{tag}' lies outside the file.");
            tables[tag] = new TableRecord(offset, length);
        }
        return tables;
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> file, TableRecord record) => file.Slice(record.Offset, record.Length);

    private static int Pad4(int length) => (length + 3) & ~3;

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var whole = data.Length & ~3;
        for (var i = 0; i < whole; i += 4) sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
        if (whole < data.Length)
        {
            Span<byte> last = stackalloc byte[4];
            last.Clear();
            data[whole..].CopyTo(last);
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(last));
        }
        return sum;
    }

    /// <summary>Family and subfamily (typographic names 16/17 when present), English Windows names preferred.</summary>
    private static (string Family, string Subfamily) ReadNames(ReadOnlySpan<byte> name)
    {
        if (name.Length < 6) return ("", "");
        int count = BinaryPrimitives.ReadUInt16BigEndian(name[2..]);
        int stringOffset = BinaryPrimitives.ReadUInt16BigEndian(name[4..]);
        var best = new Dictionary<int, (int Score, string Value)>();
        for (var i = 0; i < count && 6 + 12 * (i + 1) <= name.Length; i++)
        {
            var record = name[(6 + 12 * i)..];
            int platform = BinaryPrimitives.ReadUInt16BigEndian(record);
            int encoding = BinaryPrimitives.ReadUInt16BigEndian(record[2..]);
            int language = BinaryPrimitives.ReadUInt16BigEndian(record[4..]);
            int nameId = BinaryPrimitives.ReadUInt16BigEndian(record[6..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(record[8..]);
            int offset = BinaryPrimitives.ReadUInt16BigEndian(record[10..]);
            if (nameId is not (1 or 2 or 16 or 17) || stringOffset + offset + length > name.Length) continue;
            var bytes = name.Slice(stringOffset + offset, length);
            (int Score, string Value) candidate = (platform, encoding) switch
            {
                (3, 1 or 10) => (language == 0x0409 ? 3 : 2, Encoding.BigEndianUnicode.GetString(bytes)),
                (0, _) => (2, Encoding.BigEndianUnicode.GetString(bytes)),
                (1, 0) => (1, Encoding.Latin1.GetString(bytes)),
                _ => (0, ""),
            };
            if (candidate.Score > 0 && (!best.TryGetValue(nameId, out var current) || candidate.Score > current.Score))
                best[nameId] = candidate;
        }
        string Get(int preferred, int fallback) =>
            best.TryGetValue(preferred, out var p) ? p.Value : best.TryGetValue(fallback, out var f) ? f.Value : "";
        return (Get(16, 1), Get(17, 2));
    }
}
