using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;
using TrainerAcademy.Auth;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Reports;

/// <summary>A table of the dashboard as it is downloaded: Chinese headers, then rows of text, whole numbers and amounts.</summary>
public sealed record ReportTable(string Key, string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>Every table of the dashboard, by key, as Excel (ClosedXML) or CSV (CsvHelper, UTF-8 with a byte order mark).</summary>
public static class ReportTables
{
    public static readonly string[] Keys =
        ["funnel-months", "funnel-cohorts", "results-months", "results-levels", "results-centers", "results-work-functions", "results-cohorts", "money-months", "money-centers"];

    public sealed class Handler(ReportScope scope, ReportDashboard dashboard)
    {
        public async Task<ReportTable> TableAsync(string key, ReportQuery query, CancellationToken ct = default)
        {
            if (!Keys.Contains(key)) throw new NotFoundException();
            var f = await scope.ResolveAsync(query, ct);
            if (key.StartsWith("funnel", StringComparison.Ordinal))
            {
                var funnel = await dashboard.FunnelAsync(f, ct);
                var stageHeaders = funnel.Stages.Select(s => s.Label).ToList();
                IReadOnlyList<object?> Counts(FunnelRow r) => [.. funnel.Stages.Select(s => (object?)r.At(s.Key)), r.PassRate];
                return key == "funnel-months"
                    ? new ReportTable(key, "报名到取证（按确认月份）", ["月份", .. stageHeaders, "通过率 %"], [.. funnel.Months.Append(funnel.Total).Select(r => (IReadOnlyList<object?>)[r.Label, .. Counts(r)])])
                    : new ReportTable(key, "报名到取证（按班级）", ["班级 ID", "班级", .. stageHeaders, "通过率 %"], [.. funnel.Cohorts.Select(r => (IReadOnlyList<object?>)[r.Key, r.Label, .. Counts(r)])]);
            }
            if (key.StartsWith("results", StringComparison.Ordinal))
            {
                var results = await dashboard.ResultsAsync(f, ct);
                var (title, first, rows) = key switch
                {
                    "results-months" => ("通过率（按发布月份）", "月份", results.Months.Append(results.Total)),
                    "results-levels" => ("通过率（按等级）", "等级", results.Levels),
                    "results-centers" => ("通过率（按机构）", "机构", results.Centers),
                    "results-work-functions" => ("通过率（按职业功能）", "职业功能", results.WorkFunctions),
                    _ => ("通过率（按班级）", "班级", results.Cohorts),
                };
                return new ReportTable(key, title, [first, "参加考核", "通过", "通过率 %"],
                    [.. rows.Select(r => (IReadOnlyList<object?>)[r.Label, r.Assessed, r.Passed, r.Rate])]);
            }
            var money = await dashboard.MoneyAsync(f, ct);
            var figureHeaders = money.Figures.Select(m => m.Label + "（元）").ToList();
            IReadOnlyList<object?> Amounts(MoneyRow r) => [.. money.Figures.Select(m => (object?)r.At(m.Key)), r.Net, r.Payments];
            return key == "money-months"
                ? new ReportTable(key, "收入与退款（按付款月份）", ["月份", .. figureHeaders, "净收入（元）", "付款笔数"], [.. money.Months.Append(money.Total).Select(r => (IReadOnlyList<object?>)[r.Label, .. Amounts(r)])])
                : new ReportTable(key, "收入与退款（按机构）", ["机构", .. figureHeaders, "净收入（元）", "付款笔数"], [.. money.Centers.Select(r => (IReadOnlyList<object?>)[r.Label, .. Amounts(r)])]);
        }
    }

    public static byte[] Xlsx(ReportTable table)
    {
        using var book = new XLWorkbook();
        var ws = book.Worksheets.Add(table.Title.Length > 31 ? table.Title[..31] : table.Title);
        for (var c = 0; c < table.Headers.Count; c++)
        {
            ws.Cell(1, c + 1).SetValue(table.Headers[c]);
            ws.Cell(1, c + 1).Style.Font.Bold = true;
            // Widths set, not measured: measuring needs fonts ClosedXML looks for on the server.
            ws.Column(c + 1).Width = c == 0 || table.Headers[c] is "班级" or "机构" ? 30 : 14;
        }
        for (var r = 0; r < table.Rows.Count; r++)
            for (var c = 0; c < table.Rows[r].Count; c++)
            {
                var cell = ws.Cell(r + 2, c + 1);
                switch (table.Rows[r][c])
                {
                    case int n: cell.SetValue(n); break;
                    case decimal d: cell.SetValue(d); cell.Style.NumberFormat.Format = "0.00"; break;
                    case null: break;
                    case var text: cell.SetValue(SpreadsheetCells.Escape(Convert.ToString(text, CultureInfo.InvariantCulture))); break;
                }
            }
        ws.SheetView.FreezeRows(1);
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>UTF-8 with a byte order mark, so Excel opens the Chinese text correctly; numbers in invariant form.</summary>
    public static byte[] Csv(ReportTable table)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true }, leaveOpen: true))
        {
            csv.WriteRecord(table.Headers.ToArray());
            foreach (var row in table.Rows)
                csv.WriteRecord(row.Select(v => v switch
                {
                    null => "",
                    decimal d => d.ToString("0.00", CultureInfo.InvariantCulture),
                    IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
                    _ => SpreadsheetCells.Escape(v.ToString()),
                }).ToArray());
            csv.Flush();
        }
        return stream.ToArray();
    }
}
