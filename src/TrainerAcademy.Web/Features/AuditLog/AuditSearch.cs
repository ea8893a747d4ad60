using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Audit;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.AuditLog;

public sealed record AuditRow(long Id, DateTimeOffset At, string? ActorId, string ActorName, string Action, string TargetType, string? TargetId,
    int? CenterId, string? Detail, string? ClientIp);

public sealed record AuditPage(IReadOnlyList<AuditRow> Items, int Page, int PageSize, int Total)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Admins read the audit log: newest first, filtered by actor (an account's e-mail or id, or the name typed at a failed
/// sign-in), action, Beijing dates from/to, and target (type and id); a page at a time, or all of it as Excel or CSV.
/// Each filter is a column of one of the log's indexes, so a page is found without reading the whole log.
/// </summary>
public static class AuditSearch
{
    public const int MaxPageSize = 200;
    public const int MaxExportRows = 100_000;

    /// <summary>The filters as the page's query string and the API take them.</summary>
    public sealed record Query
    {
        public string? Actor { get; init; }
        public string? Action { get; init; }
        public DateOnly? From { get; init; }
        public DateOnly? To { get; init; }
        public string? TargetType { get; init; }
        public string? TargetId { get; init; }
        public int? Page { get; init; }
        public int? PageSize { get; init; }
    }

    public static readonly string[] Headers = ["时间（北京）", "操作人", "操作人账号 ID", "操作", "对象类型", "对象 ID", "培训机构 ID", "说明", "客户端 IP"];

    public sealed class Handler(AcademyDbContext db)
    {
        public async Task<AuditPage> PageAsync(Query query, CancellationToken ct = default)
        {
            var size = Math.Clamp(query.PageSize ?? 50, 1, MaxPageSize);
            var page = Math.Max(1, query.Page ?? 1);
            var rows = await FilteredAsync(query, ct);
            var total = await rows.CountAsync(ct);
            var items = await Ordered(rows).Skip((page - 1) * size).Take(size).Select(Row).ToListAsync(ct);
            return new AuditPage(items, page, size, total);
        }

        public async Task<IReadOnlyList<AuditRow>> AllAsync(Query query, CancellationToken ct = default) =>
            await Ordered(await FilteredAsync(query, ct)).Take(MaxExportRows).Select(Row).ToListAsync(ct);

        public async Task<byte[]> XlsxAsync(Query query, CancellationToken ct = default)
        {
            var rows = Cells(await AllAsync(query, ct));
            using var book = new XLWorkbook();
            var ws = book.Worksheets.Add("审计日志");
            for (var c = 0; c < Headers.Length; c++)
            {
                ws.Cell(1, c + 1).SetValue(Headers[c]);
                ws.Cell(1, c + 1).Style.Font.Bold = true;
            }
            for (var r = 0; r < rows.Count; r++)
                for (var c = 0; c < rows[r].Length; c++)
                    ws.Cell(r + 2, c + 1).SetValue(SpreadsheetCells.Escape(rows[r][c]));
            // Widths set, not measured: measuring needs fonts ClosedXML looks for on the server.
            foreach (var (column, width) in new[] { (1, 20), (2, 22), (3, 38), (4, 22), (5, 16), (6, 38), (7, 10), (8, 60), (9, 16) }) ws.Column(column).Width = width;
            ws.SheetView.FreezeRows(1);
            using var stream = new MemoryStream();
            book.SaveAs(stream);
            return stream.ToArray();
        }

        /// <summary>UTF-8 with a byte order mark, so Excel opens the Chinese text correctly.</summary>
        public async Task<byte[]> CsvAsync(Query query, CancellationToken ct = default)
        {
            var rows = Cells(await AllAsync(query, ct));
            using var stream = new MemoryStream();
            await using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true }, leaveOpen: true))
            {
                csv.WriteRecord(Headers);
                foreach (var row in rows) csv.WriteRecord(SpreadsheetCells.Escape(row));
                await csv.FlushAsync(ct);
            }
            return stream.ToArray();
        }

        private static List<string[]> Cells(IReadOnlyList<AuditRow> rows) =>
        [
            .. rows.Select(r => new[]
            {
                r.At.InChina().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.ActorName, r.ActorId ?? "", r.Action, r.TargetType,
                r.TargetId ?? "", r.CenterId?.ToString(CultureInfo.InvariantCulture) ?? "", r.Detail ?? "", r.ClientIp ?? "",
            }),
        ];

        private async Task<IQueryable<AuditEntry>> FilteredAsync(Query query, CancellationToken ct)
        {
            if (query.From is { } f && query.To is { } t && t < f)
                throw new RuleViolation("audit.range", "The end date is on or after the start date.", "to");
            var rows = db.AuditEntries.AsNoTracking();
            if (query.Actor?.Trim() is { Length: > 0 } actor)
            {
                // An account by its e-mail or id goes through the (actor, time) index; a name typed at a failed sign-in by itself.
                var id = await db.Users.AsNoTracking().Where(u => u.Id == actor || u.NormalizedEmail == actor.ToUpperInvariant())
                    .Select(u => u.Id).FirstOrDefaultAsync(ct);
                rows = id is not null ? rows.Where(e => e.ActorId == id) : rows.Where(e => e.ActorName == actor);
            }
            if (query.Action?.Trim() is { Length: > 0 } action) rows = rows.Where(e => e.Action == action);
            if (query.TargetType?.Trim() is { Length: > 0 } type) rows = rows.Where(e => e.TargetType == type);
            if (query.TargetId?.Trim() is { Length: > 0 } target) rows = rows.Where(e => e.TargetId == target);
            if (query.From is { } from)
            {
                var start = AcademyTime.FromChina(from.ToDateTime(TimeOnly.MinValue));
                rows = rows.Where(e => e.At >= start);
            }
            if (query.To is { } to)
            {
                var end = AcademyTime.FromChina(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
                rows = rows.Where(e => e.At < end);
            }
            return rows;
        }

        private static IQueryable<AuditEntry> Ordered(IQueryable<AuditEntry> rows) => rows.OrderByDescending(e => e.At).ThenByDescending(e => e.Id);

        private static readonly System.Linq.Expressions.Expression<Func<AuditEntry, AuditRow>> Row = e =>
            new AuditRow(e.Id, e.At, e.ActorId, e.ActorName, e.Action, e.TargetType, e.TargetId, e.CenterId, e.Detail, e.ClientIp);
    }
}
