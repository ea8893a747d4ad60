using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Subsidies;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Subsidies;

public sealed record SubsidyBatchView(int Id, DateTimeOffset CreatedAt, string CreatedBy, int Count, Money Total, SubsidyBatchStatus Status,
    DateTimeOffset? PaidAt, string? PaymentReference, int Revision);

/// <summary>
/// Approved claims go to the human-resources bureau in batches: a batch takes every approved claim not yet in one, is
/// exported as Excel, and is marked paid once the bureau has paid, which marks each of its claims paid.
/// </summary>
public static class SubsidyBatches
{
    public sealed record PaidCommand
    {
        [System.ComponentModel.DataAnnotations.StringLength(100, ErrorMessage = "The payment reference is at most 100 characters.")]
        public string? Reference { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CurrentUser current, TimeProvider clock, AuditLog.AuditTrail audit,
        Privacy.PersonalDataAccess personalData)
    {
        public async Task<IReadOnlyList<SubsidyBatchView>> ListAsync(CancellationToken ct)
        {
            var rows = await (from b in db.SubsidyBatches.AsNoTracking()
                              join u in db.Users on b.CreatedById equals u.Id
                              orderby b.Id descending
                              select new { b, By = u.DisplayName ?? u.Email }).ToListAsync(ct);
            return [.. rows.Select(r => View(r.b, r.By ?? ""))];
        }

        public async Task<SubsidyBatchView> OneAsync(int id, CancellationToken ct) =>
            (await ListAsync(ct)).SingleOrDefault(b => b.Id == id) ?? throw new NotFoundException();

        /// <summary>
        /// A batch of every approved claim not in one yet. Each claim's revision is its concurrency token, so two admins
        /// batching at once cannot put one claim in two batches: the later one is a 409.
        /// </summary>
        public async Task<SubsidyBatchView> CreateAsync(CancellationToken ct)
        {
            var by = current.RequiredId;
            try
            {
                var id = await db.InTransactionAsync(async token =>
                {
                    db.ChangeTracker.Clear();
                    var now = clock.GetUtcNow();
                    var claims = await db.SubsidyApplications.Include(a => a.History)
                        .Where(a => a.Status == SubsidyApplicationStatus.Approved && a.BatchId == null).OrderBy(a => a.Id).ToListAsync(token);
                    var batch = new SubsidyBatch(by, claims.Count, claims.Sum(c => c.Amount), now);
                    db.SubsidyBatches.Add(batch);
                    await db.SaveChangesAsync(token);
                    foreach (var claim in claims) claim.AddToBatch(batch.Id, by, now);
                    await db.SaveChangesAsync(token);
                    return batch.Id;
                }, ct);
                return await OneAsync(id, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConflictViolation("subsidy-batch.stale", "Another batch took these claims at the same moment; look at the batches again.");
            }
        }

        public async Task<SubsidyBatchView> MarkPaidAsync(int id, PaidCommand command, CancellationToken ct)
        {
            var by = current.RequiredId;
            try
            {
                await db.InTransactionAsync(async token =>
                {
                    db.ChangeTracker.Clear();
                    var now = clock.GetUtcNow();
                    var batch = await db.SubsidyBatches.SingleOrDefaultAsync(b => b.Id == id, token) ?? throw new NotFoundException();
                    batch.MarkPaid(by, command.Reference, now);
                    foreach (var claim in await db.SubsidyApplications.Include(a => a.History).Where(a => a.BatchId == id).ToListAsync(token))
                        claim.MarkPaid(by, command.Reference, now);
                    audit.Record(AuditLog.AuditActor.Of(current), AuditLog.AuditActions.SubsidyBatchPaid, AuditLog.AuditTargets.SubsidyBatch,
                        id.ToString(System.Globalization.CultureInfo.InvariantCulture), detail: $"{batch.Count} ¥{batch.Total:0.00} {command.Reference}".Trim());
                    await db.SaveChangesAsync(token);
                    return 0;
                }, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConflictViolation("subsidy-batch.paid", "This batch is marked paid already.");
            }
            return await OneAsync(id, ct);
        }

        /// <summary>The batch as the bureau's list: one row per claim, every text cell escaped against formula injection.</summary>
        public async Task<(string Name, byte[] Xlsx)> ExportAsync(int id, CancellationToken ct)
        {
            var batch = await db.SubsidyBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct) ?? throw new NotFoundException();
            var rows = await (from a in db.SubsidyApplications.AsNoTracking()
                              where a.BatchId == id
                              join c in db.Certificates on a.CertificateId equals c.Id
                              join p in db.SubsidyPolicies on a.PolicyVersionId equals p.Id
                              join profile in db.LearnerProfiles on a.LearnerId equals profile.UserId into profiles
                              from profile in profiles.DefaultIfEmpty()
                              orderby a.Id
                              select new
                              {
                                  a.Id, c.Name, c.IdType, c.IdNumber, Phone = profile == null ? null : profile.Phone,
                                  Employment = profile == null ? null : profile.Employment, c.Occupation, c.Level, c.LevelName, c.Number, c.IssuedOn,
                                  c.Organisation, Policy = p.Name, PolicyVersion = p.Version, a.Amount, a.SubmittedOn,
                              }).ToListAsync(ct);
            // The bureau needs full identity and phone numbers: an administrator's need, written to the audit log.
            await personalData.RecordRevealAsync(AuditLog.AuditTargets.SubsidyBatch, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "subsidy batch export", rows.Count);
            using var book = new XLWorkbook();
            var sheet = book.AddWorksheet("补贴申领批次");
            string[] header = ["申请编号", "姓名", "证件类型", "证件号码", "手机号", "人员类别", "职业（工种）", "等级", "等级名称", "证书编号", "发证日期",
                "评价机构", "补贴政策", "政策版本", "补贴金额（元）", "申请日期"];
            for (var i = 0; i < header.Length; i++)
            {
                sheet.Cell(1, i + 1).SetValue(header[i]);
                sheet.Cell(1, i + 1).Style.Font.Bold = true;
            }
            var row = 2;
            foreach (var r in rows)
            {
                object?[] cells = [r.Id, r.Name, r.IdType, r.IdNumber, r.Phone, r.Employment?.ToString(), r.Occupation, r.Level, r.LevelName, r.Number,
                    r.IssuedOn.ToString("yyyy-MM-dd"), r.Organisation, r.Policy, r.PolicyVersion, r.Amount, r.SubmittedOn.ToString("yyyy-MM-dd")];
                for (var i = 0; i < cells.Length; i++)
                {
                    var cell = sheet.Cell(row, i + 1);
                    switch (cells[i])
                    {
                        case int n: cell.SetValue(n); break;
                        case decimal d: cell.SetValue(d); cell.Style.NumberFormat.Format = "#,##0.00"; break;
                        case string s: cell.SetValue(SpreadsheetCells.Escape(s)); break;
                    }
                }
                row++;
            }
            sheet.Cell(row, 14).SetValue("合计");
            sheet.Cell(row, 15).SetValue(batch.Total);
            sheet.Cell(row, 15).Style.NumberFormat.Format = "#,##0.00";
            // Widths set, not measured: measuring needs the fonts ClosedXML's graphics engine looks for on the server.
            foreach (var (column, width) in new[] { (2, 12), (3, 12), (4, 22), (5, 14), (7, 16), (10, 26), (11, 12), (12, 28), (13, 28), (15, 14), (16, 12) })
                sheet.Column(column).Width = width;
            using var stream = new MemoryStream();
            book.SaveAs(stream);
            return ($"subsidy-batch-{id}.xlsx", stream.ToArray());
        }

        private static SubsidyBatchView View(SubsidyBatch b, string by) =>
            new(b.Id, b.CreatedAt, by, b.Count, Money.Cny(b.Total), b.Status, b.PaidAt, b.PaymentReference, b.Revision);
    }
}
