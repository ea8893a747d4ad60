using System.Globalization;
using static System.FormattableString;

namespace TrainerAcademy.Domain.Practical;

public enum CellProblem
{
    Missing,
    BadFormat,
    Outlier,
}

/// <summary>How a column's cleaned value is compared: text exactly (trimmed), numbers by value, dates as yyyy-MM-dd.</summary>
public enum ColumnKind
{
    Text,
    Number,
    Date,
}

public sealed record CleaningColumn(string Name, ColumnKind Kind);

/// <summary>One injected fault: the cell as written in the dirty file and the value the instructions make of it.</summary>
public sealed record DirtyCell(string Column, CellProblem Problem, string DirtyValue, string CleanValue);

/// <summary>A record of the dataset, keyed by its id, with its clean values in column order and the faults injected into it.</summary>
public sealed record CleanRecord(string Id, IReadOnlyList<string> Values, IReadOnlyList<DirtyCell> Faults)
{
    public bool NeedsFix => Faults.Count > 0;
}

/// <summary>A line of the dirty file that repeats record <see cref="Id"/> and is to be deleted.</summary>
public sealed record DuplicateRow(int Line, string Id);

/// <summary>
/// What the generator knows about its dirty file: the columns (the first is the record id), every record's clean
/// values and faults, and the lines that repeat an earlier record.
/// </summary>
public sealed record CleaningGroundTruth(IReadOnlyList<CleaningColumn> Columns, IReadOnlyList<CleanRecord> Records, IReadOnlyList<DuplicateRow> Duplicates)
{
    public string IdColumn => Columns[0].Name;

    /// <summary>Rows the candidate has to do something about: each record with a fault and each duplicate line.</summary>
    public int RowsToFix => Records.Count(r => r.NeedsFix) + Duplicates.Count;
}

/// <summary>
/// Scores a data-cleaning task from the candidate's cleaned CSV, record by record (rows are matched on the id
/// column; column order is free). A faulty record whose row now equals the clean values is fixed, otherwise
/// missed; a duplicate is fixed when one row of its id remains. A record whose id is gone was wrongly deleted; a
/// record without faults that was altered was wrongly changed. The score is
/// max(0, fixed − missed − wrongly deleted − wrongly changed) ÷ rows to fix, of the points. Extra columns are
/// tolerated and reported; rows with an id the file never had are reported and otherwise ignored.
/// </summary>
public static class DataCleaning
{
    public static TaskScore Score(CleaningGroundTruth truth, CsvTable cleaned, decimal points)
    {
        var positions = truth.Columns.Select(c => cleaned.ColumnOf(c.Name)).ToArray();
        if (positions.Any(p => p < 0))
            throw new RuleViolation("practical.csv-header", "The cleaned file lacks a column of the original header.", "file");
        var extraColumns = cleaned.Header.Where(h => !truth.Columns.Any(c => c.Name == h)).ToList();
        var rowsById = cleaned.Rows.GroupBy(r => r.Fields[positions[0]].Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var duplicatesById = truth.Duplicates.GroupBy(d => d.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        int fixedRows = 0, missed = 0, deleted = 0, changed = 0;
        var details = new List<ScoreLine>();
        foreach (var record in truth.Records)
        {
            var rows = rowsById.GetValueOrDefault(record.Id) ?? [];
            var duplicates = duplicatesById.GetValueOrDefault(record.Id);
            if (duplicates > 0)
            {
                if (rows.Count <= 1) fixedRows += duplicates;
                else
                {
                    var kept = Math.Min(rows.Count - 1, duplicates);
                    missed += kept;
                    fixedRows += duplicates - kept;
                    details.Add(new($"duplicate-kept:{record.Id}", Invariant($"编号 {record.Id}：重复行未删除（保留了 {rows.Count} 行）"), kept));
                }
            }
            if (rows.Count == 0)
            {
                deleted++;
                details.Add(new($"deleted:{record.Id}", Invariant($"编号 {record.Id}：不应删除的行被删除"), 1));
                continue;
            }
            var wrong = WrongColumns(truth, record, rows[0], positions);
            if (record.NeedsFix && wrong.Count == 0) fixedRows++;
            else if (record.NeedsFix)
            {
                missed++;
                details.Add(new($"missed:{record.Id}", $"编号 {record.Id}：{string.Join("、", wrong)} 未按要求清洗", 1));
            }
            else if (wrong.Count > 0)
            {
                changed++;
                details.Add(new($"changed:{record.Id}", $"编号 {record.Id}：原本正确的 {string.Join("、", wrong)} 被改动", 1));
            }
        }
        var known = truth.Records.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = rowsById.Where(g => !known.Contains(g.Key)).Sum(g => g.Value.Count);

        var toFix = truth.RowsToFix;
        var net = fixedRows - missed - deleted - changed;
        var fraction = toFix == 0 ? (net == 0 && deleted == 0 && changed == 0 ? 1m : 0m) : Math.Max(0, net) / (decimal)toFix;
        var lines = new List<ScoreLine>
        {
            new("rows-to-fix", Invariant($"需处理的行 {toFix} 行（有问题的记录 {truth.Records.Count(r => r.NeedsFix)} 条，重复行 {truth.Duplicates.Count} 行）"), toFix),
            new("fixed", Invariant($"已修正 {fixedRows} 行"), fixedRows),
            new("missed", Invariant($"未修正 {missed} 行"), missed),
            new("wrongly-deleted", Invariant($"误删 {deleted} 行"), deleted),
            new("wrongly-changed", Invariant($"误改原本正确的行 {changed} 行"), changed),
            new("net", Invariant($"得分行数 = 已修正 − 未修正 − 误删 − 误改 = {net}（不低于 0），占需处理行的比例 {fraction:0.####}"), PracticalScoring.RoundRatio(fraction)),
        };
        if (extraColumns.Count > 0)
            lines.Add(new("extra-columns", $"多出的列（不计分）：{string.Join("、", extraColumns)}", extraColumns.Count));
        if (unknown > 0)
            lines.Add(new("unknown-rows", Invariant($"原文件中没有的编号的行（不计分）：{unknown} 行"), unknown));
        lines.AddRange(details);
        return TaskScore.FromFraction(fraction, points, lines);
    }

    private static List<string> WrongColumns(CleaningGroundTruth truth, CleanRecord record, TableRow row, int[] positions)
    {
        var wrong = new List<string>();
        for (var c = 1; c < truth.Columns.Count; c++)
            if (!Same(truth.Columns[c].Kind, record.Values[c], row.Fields[positions[c]]))
                wrong.Add(truth.Columns[c].Name);
        return wrong;
    }

    public static bool Same(ColumnKind kind, string expected, string given)
    {
        expected = expected.Trim();
        given = given.Trim();
        if (expected.Length == 0 || given.Length == 0) return expected.Length == given.Length;
        return kind switch
        {
            ColumnKind.Number => decimal.TryParse(given, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var g)
                && decimal.TryParse(expected, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var e) && g == e,
            ColumnKind.Date => DateOnly.TryParseExact(given, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var gd)
                && DateOnly.TryParseExact(expected, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var ed) && gd == ed,
            _ => string.Equals(expected, given, StringComparison.Ordinal),
        };
    }
}
