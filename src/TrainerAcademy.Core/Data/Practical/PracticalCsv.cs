using System.Text;
using CsvHelper;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Practical;
using static System.FormattableString;

namespace TrainerAcademy.Data.Practical;

/// <summary>
/// Reads a candidate's uploaded CSV into a <see cref="CsvTable"/> and writes generated files, so the scoring in
/// Domain/Practical sees only parsed rows. Anything that is not a UTF-8 CSV with the expected header is refused
/// with a rule a candidate can act on, never an exception from the parser.
/// </summary>
public static class PracticalCsv
{
    public const int DefaultMaxBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static CsvTable Read(ReadOnlySpan<byte> content, IReadOnlyList<string> requiredColumns, int maxBytes = DefaultMaxBytes)
    {
        if (content.Length == 0)
            throw new RuleViolation("practical.csv-empty", "The uploaded file is empty.", "file");
        if (content.Length > maxBytes)
            throw Refused("practical.csv-too-large", Invariant($"The uploaded file is larger than {maxBytes / 1024} KB."), ("maxBytes", maxBytes));
        if (content.IndexOf((byte)0) >= 0)
            throw new RuleViolation("practical.csv-binary", "The uploaded file contains NUL bytes: it is not a text CSV file.", "file");
        string text;
        try
        {
            text = StrictUtf8.GetString(content.StartsWith(Encoding.UTF8.Preamble) ? content[Encoding.UTF8.Preamble.Length..] : content);
        }
        catch (DecoderFallbackException)
        {
            throw new RuleViolation("practical.csv-encoding", "The uploaded file is not UTF-8 text; save it as CSV UTF-8 and upload it again.", "file");
        }

        var options = new CsvReaderOptions
        {
            Separator = ',',
            // A stray quote is refused rather than read on, which could swallow the rest of the file into one cell.
            MalformedData = CsvMalformedDataHandling.Throw,
            TrackLineNumbers = true,
        };
        var rows = new List<TableRow>();
        string[] header;
        try
        {
            using var csv = CsvReader.FromText(text, options);
            csv.ReadHeader();
            header = [.. (csv.Headers ?? []).Select(h => h.Trim())];
            if (header.Length == 0)
                throw new RuleViolation("practical.csv-empty", "The uploaded file is empty.", "file");
            while (csv.Read())
            {
                var line = (int)csv.LineNumber;
                if (csv.FieldCount != header.Length)
                    throw Refused("practical.csv-row-width",
                        Invariant($"Line {line} has {csv.FieldCount} fields; the header has {header.Length}."), ("line", line));
                rows.Add(new TableRow(line, [.. Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i) ?? "")]));
            }
        }
        catch (CsvFormatException e)
        {
            throw Refused("practical.csv-malformed", Invariant($"The uploaded file is not valid CSV near line {e.LineNumber}."), ("line", (int)e.LineNumber));
        }

        if (header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw Refused("practical.csv-header-duplicate", $"The header names the column {twice.Key} twice.", ("column", twice.Key));
        var missing = requiredColumns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
            throw Refused("practical.csv-header", $"The header lacks the columns {string.Join(", ", missing)}; keep the original header row.",
                ("missing", missing));
        return new CsvTable(header, rows);
    }

    /// <summary>UTF-8 with a byte-order mark, so spreadsheet programs open the Chinese text correctly.</summary>
    public static byte[] Write(CsvTable table)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { WriteByteOrderMark = true }, leaveOpen: true))
        {
            csv.WriteRecord([.. table.Header]);
            foreach (var row in table.Rows) csv.WriteRecord([.. row.Fields]);
        }
        return buffer.ToArray();
    }

    private static RuleViolation Refused(string code, string message, (string Key, object Value) detail)
    {
        var violation = new RuleViolation(code, message, "file");
        violation.Data[detail.Key] = detail.Value;
        return violation;
    }
}
