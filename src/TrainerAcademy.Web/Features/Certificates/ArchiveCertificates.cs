using System.Globalization;
using System.IO.Compression;
using System.Text;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Infrastructure.Files;

namespace TrainerAcademy.Features.Certificates;

/// <summary>
/// All PDFs of a finished batch in one zip, for the center's print shop or records: asked for by an admin, built by a
/// job (a batch can hold thousands of certificates), written once to the document store and then offered for download.
/// The zip holds each PDF as written at issue (its name is the certificate number) and a manifest with each SHA-256.
/// </summary>
public static class ArchiveCertificates
{
    public sealed class Handler(AcademyDbContext db, TimeProvider clock, IBackgroundJobClient jobs, IDocumentStore store)
    {
        public async Task<BatchProgress> RequestAsync(int batchId, CancellationToken ct = default)
        {
            var batch = await db.CertificateBatches.SingleOrDefaultAsync(b => b.Id == batchId, ct) ?? throw new NotFoundException();
            batch.RequestArchive(clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            jobs.Enqueue<CertificateArchiveJob>(j => j.RunAsync(batchId, CancellationToken.None));
            return await IssueCertificates.ProgressAsync(db, batchId, ct) ?? throw new NotFoundException();
        }

        public async Task<(string Name, byte[] Zip)> DownloadAsync(int batchId, CancellationToken ct = default)
        {
            var batch = await db.CertificateBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, ct) ?? throw new NotFoundException();
            if (batch.ArchiveFile is null)
                throw new Domain.ConflictViolation("certificate-batch.archive-not-ready", "The zip is not ready: ask for it, then download it once the batch shows it is ready.");
            var zip = await store.ReadAsync(batch.ArchiveFile, ct)
                ?? throw new InvalidOperationException($"The zip of batch {batchId} is missing from the document store.");
            return ($"certificates-batch-{batchId}.zip", zip);
        }
    }
}

/// <summary>Builds the zip of a batch; run again (a retry, a second server) it writes another file and the last one counts.</summary>
public sealed class CertificateArchiveJob(AcademyDbContext db, IDocumentStore store, TimeProvider clock)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(int batchId, CancellationToken ct)
    {
        var certificates = await (
            from i in db.Set<CertificateBatchItem>()
            where i.BatchId == batchId && i.CertificateId != null
            join c in db.Certificates on i.CertificateId equals c.Id
            orderby c.Number
            select new { c.Number, c.Name, c.PdfFile, c.PdfSha256 }).AsNoTracking().ToListAsync(ct);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var manifest = new StringBuilder("证书编号,姓名,SHA-256\n");
            foreach (var c in certificates)
            {
                var pdf = await store.ReadAsync(c.PdfFile, ct) ?? throw new InvalidOperationException($"The PDF of certificate {c.Number} is missing.");
                // PDFs are compressed already: stored as they are, so the zip is built at the speed of the disk.
                await using (var entry = await zip.CreateEntry($"{c.Number}.pdf", CompressionLevel.NoCompression).OpenAsync(ct))
                    await entry.WriteAsync(pdf, ct);
                manifest.Append(c.Number).Append(',').Append(SpreadsheetCells.Escape(c.Name)).Append(',').Append(c.PdfSha256).Append('\n');
            }
            await using var list = await zip.CreateEntry("manifest.csv").OpenAsync(ct);
            await list.WriteAsync(Encoding.UTF8.GetPreamble(), ct);
            await list.WriteAsync(Encoding.UTF8.GetBytes(manifest.ToString()), ct);
        }
        var now = clock.GetUtcNow();
        var file = $"exports/batch-{batchId}-{now.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}.zip";
        await store.WriteOnceAsync(file, buffer.ToArray(), ct);
        var batch = await db.CertificateBatches.SingleAsync(b => b.Id == batchId, ct);
        batch.ArchiveWritten(file, now);
        await db.SaveChangesAsync(ct);
        return certificates.Count;
    }
}
