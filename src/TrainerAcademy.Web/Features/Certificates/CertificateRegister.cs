using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Certificates;

/// <summary>
/// The register of issued certificates (证书发放登记表) for admins, as Excel or CSV: one row per certificate with the
/// fields the national lookup (全国联网查询) is filed with, revoked and superseded ones included with their status and
/// reason. Every text cell goes through <see cref="SpreadsheetCells.Escape(string?)"/>, so a name cannot run a formula.
/// </summary>
public static class CertificateRegister
{
    public static readonly string[] Headers =
        ["证书编号", "姓名", "证件类型", "证件号码", "职业名称", "职业方向", "职业技能等级", "评价机构名称", "发证日期", "状态", "撤销或替代原因", "验证码"];

    public sealed record Query(int? SessionId, DateOnly? From, DateOnly? To);

    /// <summary>The register has full identity numbers (the national lookup is filed with them): each download is audited.</summary>
    public sealed class Handler(AcademyDbContext db, Privacy.PersonalDataAccess personalData)
    {
        private async Task<IReadOnlyList<string[]>> AuditedRowsAsync(Query query, string format, CancellationToken ct)
        {
            var rows = await RowsAsync(query, ct);
            await personalData.RecordRevealAsync(AuditLog.AuditTargets.CertificateRegister,
                query.SessionId?.ToString(CultureInfo.InvariantCulture), $"certificate register {format}", rows.Count);
            return rows;
        }

        public async Task<IReadOnlyList<string[]>> RowsAsync(Query query, CancellationToken ct = default)
        {
            var certificates = db.Certificates.AsNoTracking();
            if (query.SessionId is { } sessionId)
            {
                if (!await db.ExamSessions.AnyAsync(s => s.Id == sessionId, ct)) throw new NotFoundException();
                certificates = certificates.Where(c => c.SessionId == sessionId);
            }
            if (query.From is { } from) certificates = certificates.Where(c => c.IssuedOn >= from);
            if (query.To is { } to) certificates = certificates.Where(c => c.IssuedOn <= to);
            var rows = await certificates.OrderBy(c => c.Number).ToListAsync(ct);
            return [.. rows.Select(c => new[]
            {
                c.Number, c.Name, c.IdType, c.IdNumber, c.Occupation, c.Direction ?? "", c.LevelName, c.Organisation,
                c.IssuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StatusText(c.Status), c.RevokedReason ?? "", c.Code,
            })];
        }

        public async Task<byte[]> XlsxAsync(Query query, CancellationToken ct = default)
        {
            var rows = await AuditedRowsAsync(query, "xlsx", ct);
            using var book = new XLWorkbook();
            var ws = book.Worksheets.Add("证书发放登记");
            for (var c = 0; c < Headers.Length; c++)
            {
                ws.Cell(1, c + 1).SetValue(Headers[c]);
                ws.Cell(1, c + 1).Style.Font.Bold = true;
            }
            for (var r = 0; r < rows.Count; r++)
                for (var c = 0; c < rows[r].Length; c++)
                    // Text, never a number or a date: an ID number or a certificate number keeps every digit.
                    ws.Cell(r + 2, c + 1).SetValue(SpreadsheetCells.Escape(rows[r][c]));
            // Widths set, not measured: measuring needs the fonts ClosedXML's graphics engine looks for on the server.
            foreach (var (column, width) in new[] { (1, 26), (2, 12), (3, 12), (4, 22), (5, 16), (7, 14), (8, 28), (9, 12), (11, 24) }) ws.Column(column).Width = width;
            ws.SheetView.FreezeRows(1);
            using var stream = new MemoryStream();
            book.SaveAs(stream);
            return stream.ToArray();
        }

        /// <summary>UTF-8 with a byte order mark, so Excel opens the Chinese text correctly.</summary>
        public async Task<byte[]> CsvAsync(Query query, CancellationToken ct = default)
        {
            var rows = await AuditedRowsAsync(query, "csv", ct);
            using var stream = new MemoryStream();
            await using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true }, leaveOpen: true))
            {
                csv.WriteRecord(Headers);
                foreach (var row in rows) csv.WriteRecord(SpreadsheetCells.Escape(row));
                await csv.FlushAsync(ct);
            }
            return stream.ToArray();
        }
    }

    private static string StatusText(CertificateStatus status) => status switch
    {
        CertificateStatus.Valid => "有效",
        CertificateStatus.Revoked => "已撤销",
        _ => "已被替代",
    };
}
