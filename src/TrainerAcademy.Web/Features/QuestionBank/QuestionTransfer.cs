using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.QuestionBank;

/// <summary>One problem of an import file: the spreadsheet row (the header is row 1), the column's header and what is wrong.</summary>
public sealed record ImportError(int Row, string Column, string Message);

public sealed record ImportResult(int Rows, int Created, int Edited, int NewVersions, int Unchanged, IReadOnlyList<ImportError> Errors)
{
    public bool Imported => Errors.Count == 0;
}

/// <summary>
/// The question bank as a spreadsheet (.xlsx or .csv), one row per question. An import checks every row before it
/// writes any, reports every problem with its row and column, and then writes all rows in one transaction or none;
/// questions are matched by code and change by the same versioning rule as an edit on the page.
/// </summary>
public static class QuestionTransfer
{
    public const string Code = "编号", Level = "等级", WorkFunction = "职业功能", Type = "题型", Difficulty = "难度", Stem = "题干",
        Answer = "答案", Explanation = "解析";

    public static readonly string[] OptionColumns = ["选项A", "选项B", "选项C", "选项D", "选项E", "选项F"];

    public static readonly string[] Columns = [Code, Level, WorkFunction, Type, Difficulty, Stem, .. OptionColumns, Answer, Explanation];

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A row as read from the file: its spreadsheet row number and its cells by header.</summary>
    public sealed record Row(int Number, IReadOnlyDictionary<string, string> Cells)
    {
        public string this[string column] => Cells.TryGetValue(column, out var v) ? SpreadsheetCells.Unescape(v.Trim()) : "";
    }

    public static IReadOnlyList<string> Cells(Question q)
    {
        var v = q.Current;
        var options = v.Options;
        var answer = v.Type == QuestionType.TrueFalse ? (v.Answer == "true" ? "正确" : "错误") : v.Answer;
        return [q.Code, q.Level.ToString(CultureInfo.InvariantCulture), q.WorkFunctionCode, QuestionTypeNames.Chinese(v.Type),
            v.Difficulty.ToString(CultureInfo.InvariantCulture), v.Stem,
            .. OptionColumns.Select((_, i) => i < options.Count ? options[i] : ""), answer, v.Explanation];
    }

    public static byte[] WriteXlsx(IEnumerable<Question> questions)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("题库");
        // Text cells throughout, so a stem like "0.50" or "2021-1-1" comes back as it was written.
        sheet.Style.NumberFormat.Format = "@";
        for (var c = 0; c < Columns.Length; c++) sheet.Cell(1, c + 1).SetValue(Columns[c]);
        sheet.Row(1).Style.Font.Bold = true;
        var r = 2;
        foreach (var q in questions)
        {
            var cells = Cells(q);
            for (var c = 0; c < cells.Count; c++)
                if (cells[c].Length > 0) sheet.Cell(r, c + 1).SetValue(SpreadsheetCells.Escape(cells[c])).DataType = XLDataType.Text;
            r++;
        }
        sheet.Column(6).Width = 60;
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    public static byte[] WriteCsv(IEnumerable<Question> questions)
    {
        using var stream = new MemoryStream();
        // With a byte-order mark, so Excel opens the Chinese text as UTF-8.
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, leaveOpen: true))
        {
            csv.WriteRecord(Columns);
            foreach (var q in questions) csv.WriteRecord(SpreadsheetCells.Escape(Cells(q)));
        }
        return stream.ToArray();
    }

    /// <summary>Reads an .xlsx or .csv file (by name, else by content) into rows; null when it is neither.</summary>
    public static IReadOnlyList<Row>? Read(Stream content, string fileName)
    {
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        buffer.Position = 0;
        var isZip = buffer.Length > 2 && buffer.GetBuffer()[0] == 'P' && buffer.GetBuffer()[1] == 'K';
        try
        {
            if (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || isZip) return ReadXlsx(buffer);
            if (fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || fileName.Length == 0) return ReadCsv(buffer);
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or FileFormatException or CsvFormatException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static List<Row> ReadXlsx(Stream stream)
    {
        using var workbook = new XLWorkbook(stream);
        var sheet = workbook.Worksheets.First();
        var header = sheet.FirstRowUsed();
        if (header is null) return [];
        var names = header.CellsUsed().ToDictionary(c => c.Address.ColumnNumber, c => c.GetString().Trim());
        var rows = new List<Row>();
        var last = sheet.LastRowUsed()?.RowNumber() ?? header.RowNumber();
        for (var r = header.RowNumber() + 1; r <= last; r++)
        {
            var cells = names.ToDictionary(n => n.Value, n => sheet.Cell(r, n.Key).GetString());
            if (cells.Values.All(string.IsNullOrWhiteSpace)) continue;
            rows.Add(new Row(r, cells));
        }
        return [new Row(header.RowNumber(), names.Values.ToDictionary(n => n, n => n)), .. rows];
    }

    private static List<Row> ReadCsv(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = CsvReader.Create(reader, CsvReaderOptions.Default, leaveOpen: true);
        var rows = new List<Row>();
        string[]? names = null;
        while (csv.Read())
        {
            if (names is null)
            {
                names = [.. (csv.Headers ?? []).Select(h => h.Trim())];
                rows.Add(new Row(1, names.Distinct().ToDictionary(n => n, n => n)));
            }
            var cells = new Dictionary<string, string>();
            for (var i = 0; i < names.Length; i++) cells[names[i]] = i < csv.FieldCount ? csv.GetString(i) ?? "" : "";
            if (cells.Values.All(string.IsNullOrWhiteSpace)) continue;
            // RowNumber counts records after the header; the spreadsheet's row 1 is the header.
            rows.Add(new Row((int)csv.RowNumber + 1, cells));
        }
        if (names is null && csv.Headers is { Count: > 0 } only) rows.Add(new Row(1, only.Select(h => h.Trim()).Distinct().ToDictionary(n => n, n => n)));
        return rows;
    }

    public sealed class Handler(AcademyDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> L)
    {
        /// <summary>Checks every row; writes them all in one transaction when none is wrong, and nothing otherwise.</summary>
        public async Task<ImportResult> ImportAsync(Stream content, string fileName, CancellationToken ct = default)
        {
            var read = Read(content, fileName);
            if (read is null || read.Count == 0)
                return Rejected(0, [new ImportError(1, "", L["The file is not an .xlsx or .csv spreadsheet of questions."])]);
            var header = read[0];
            var missing = Columns.Where(c => c is not ("选项E" or "选项F" or "解析") && !header.Cells.ContainsKey(c)).ToList();
            if (missing.Count > 0)
                return Rejected(0, [.. missing.Select(c => new ImportError(header.Number, c, L["The column {0} is missing.", c]))]);

            var rows = read.Skip(1).ToList();
            var functions = await db.WorkFunctions.AsNoTracking().ToDictionaryAsync(w => w.Code, ct);
            var codes = rows.Select(r => r[Code]).Where(c => c.Length > 0).Distinct().ToList();
            var existing = await db.Questions.AsNoTracking().Include(q => q.Versions).Where(q => codes.Contains(q.Code)).ToDictionaryAsync(q => q.Code, ct);
            var currentIds = existing.Values.Select(q => q.Current.Id).ToList();
            var used = (await db.AttemptItems.Where(i => currentIds.Contains(i.QuestionVersionId)).Select(i => i.QuestionVersionId).Distinct().ToListAsync(ct)).ToHashSet();

            var errors = new List<ImportError>();
            var drafts = new List<QuestionDraft>();
            var seen = new Dictionary<string, int>();
            foreach (var row in rows)
            {
                var draft = Check(row, functions, errors);
                if (draft is null) continue;
                if (seen.TryGetValue(draft.Code, out var first))
                {
                    errors.Add(new ImportError(row.Number, Code, L["The code {0} is also on row {1}.", draft.Code, first]));
                    continue;
                }
                seen[draft.Code] = row.Number;
                if (existing.TryGetValue(draft.Code, out var q) && used.Contains(q.Current.Id) && (q.Level != draft.Level || q.WorkFunctionCode != draft.WorkFunctionCode))
                {
                    errors.Add(new ImportError(row.Number, q.Level != draft.Level ? Level : WorkFunction, Rule(new RuleViolation("question.retag-used",
                        "A question already on a paper keeps its level and work function; add a new question instead."))));
                    continue;
                }
                drafts.Add(draft);
            }
            if (errors.Count > 0) return Rejected(rows.Count, errors);

            var result = await db.InTransactionAsync(async token =>
            {
                var upserted = await QuestionBankStore.UpsertAsync(db, drafts, clock.GetUtcNow(), token);
                await db.SaveChangesAsync(token);
                return upserted;
            }, ct);
            return new ImportResult(rows.Count, result.Created, result.Edited, result.NewVersions, result.Unchanged, []);
        }

        private static ImportResult Rejected(int rows, IReadOnlyList<ImportError> errors) => new(rows, 0, 0, 0, 0, errors);

        private string Rule(RuleViolation v) => ProblemExceptionHandler.Localize(v, L);

        private QuestionDraft? Check(Row row, IReadOnlyDictionary<string, WorkFunction> functions, List<ImportError> errors)
        {
            var before = errors.Count;
            void Add(string column, string message) => errors.Add(new ImportError(row.Number, column, message));

            var code = row[Code];
            if (code.Length is 0 or > 40) Add(Code, L["Enter a code of at most 40 characters."]);
            if (!int.TryParse(row[Level], NumberStyles.None, CultureInfo.InvariantCulture, out var level) || level is < 1 or > 5)
                Add(Level, L["The level is a whole number from 1 to 5."]);
            var functionText = row[WorkFunction];
            var function = functions.Values.FirstOrDefault(f => f.Code == functionText || f.Name == functionText);
            if (function is null) Add(WorkFunction, L["Unknown work function {0}.", functionText]);
            else if (level is >= 1 and <= 5 && !function.AppliesTo(level))
                Add(WorkFunction, Rule(new RuleViolation("question.work-function-level", "That work function is not assessed at this level.")));
            var type = QuestionTypeNames.Parse(row[Type]);
            if (type is null) Add(Type, L["The type is 判断, 单选 or 多选."]);
            if (!int.TryParse(row[Difficulty], NumberStyles.None, CultureInfo.InvariantCulture, out var difficulty) || difficulty is < 1 or > 3)
                Add(Difficulty, L["The difficulty is 1, 2 or 3."]);

            var options = OptionColumns.Select(c => row[c]).ToList();
            while (options.Count > 0 && options[^1].Length == 0) options.RemoveAt(options.Count - 1);
            var gap = options.FindIndex(o => o.Length == 0);
            if (gap >= 0) Add(OptionColumns[gap], L["An option is empty before a filled one."]);
            if (errors.Count > before) return null;

            try
            {
                var answer = row[Answer];
                var content = new QuestionContent(type!.Value, difficulty, row[Stem], options, answer, row[Explanation]);
                return new QuestionDraft(code, level, function!.Code, content);
            }
            catch (RuleViolation v)
            {
                Add(v.Field switch
                {
                    "type" => Type,
                    "difficulty" => Difficulty,
                    "stem" => Stem,
                    "options" => OptionColumns[0],
                    "answer" => Answer,
                    "explanation" => Explanation,
                    _ => "",
                }, Rule(v));
                return null;
            }
        }
    }
}
