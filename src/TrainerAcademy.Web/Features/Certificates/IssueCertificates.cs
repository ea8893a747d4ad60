using Hangfire;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Certificates;

namespace TrainerAcademy.Features.Certificates;

public sealed record BatchProgress(int BatchId, int SessionId, int Total, int Issued, int Failed, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt,
    IReadOnlyList<BatchFailure> Failures, DateTimeOffset? ArchiveRequestedAt = null, DateTimeOffset? ArchiveReadyAt = null)
{
    public int Done => Issued + Failed;
    public string Status => CompletedAt is null ? "running" : "completed";
    public int Percent => Total == 0 ? 100 : Done * 100 / Total;
}

public sealed record BatchFailure(int RegistrationId, string Error);

/// <summary>
/// Admins approve a session's eligible candidates (all, or those chosen) and start issuance: a batch whose job issues
/// the certificates one by one, recording progress as it goes.
/// </summary>
public static class IssueCertificates
{
    public sealed record Command
    {
        /// <summary>The registrations approved; all eligible candidates without a certificate when left out.</summary>
        public IReadOnlyList<int>? RegistrationIds { get; init; }
    }

    /// <summary>The command with its session, as <c>POST /api/certificate-batches</c> takes it.</summary>
    public sealed record SessionCommand
    {
        [System.ComponentModel.DataAnnotations.Range(1, int.MaxValue)]
        public int SessionId { get; init; }

        public IReadOnlyList<int>? RegistrationIds { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CertificateCandidates candidates, CurrentUser user, TimeProvider clock, IBackgroundJobClient jobs,
        Infrastructure.PublicUrl publicUrl, AuditLog.AuditTrail audit)
    {
        public async Task<BatchProgress> StartAsync(int sessionId, Command command, CancellationToken ct = default)
        {
            var session = await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw new NotFoundException();
            var open = (await candidates.OfSessionAsync(sessionId, ct)).Where(c => c.Eligibility.Eligible && c.CertificateId is null).ToList();
            IReadOnlyCollection<int> approved = open.Select(c => c.RegistrationId).ToList();
            if (command.RegistrationIds is { } chosen)
            {
                if (chosen.Count > 10_000)
                    throw new RuleViolation("certificate-batch.too-many", "Choose at most 10,000 candidates at once.", "registrationIds");
                var refused = chosen.Where(id => !approved.Contains(id)).Distinct().ToList();
                if (refused.Count > 0)
                    throw new RuleViolation("certificate-batch.not-eligible",
                        $"Registrations {string.Join(", ", refused.Take(20))} are not eligible or have their certificate already.", "registrationIds");
                approved = chosen.Distinct().ToList();
            }
            var batch = new CertificateBatch(session.Id, session.CenterId, user.RequiredId, approved, publicUrl.Base, clock.GetUtcNow());
            db.CertificateBatches.Add(batch);
            await db.SaveChangesAsync(ct);
            // The batch's id is known once it is stored; its line follows in a second save, before the job is queued.
            audit.Record(AuditLog.AuditActor.Of(user), AuditLog.AuditActions.CertificateBatchStarted, AuditLog.AuditTargets.CertificateBatch,
                batch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), session.CenterId,
                $"{session.Title} · {batch.Total} approved");
            await db.SaveChangesAsync(ct);
            jobs.Enqueue<CertificateBatchJob>(j => j.RunAsync(batch.Id, CancellationToken.None));
            return await ProgressAsync(db, batch.Id, ct) ?? throw new NotFoundException();
        }
    }

    public static async Task<BatchProgress?> ProgressAsync(AcademyDbContext db, int batchId, CancellationToken ct)
    {
        var batch = await db.CertificateBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null) return null;
        var items = await db.Set<CertificateBatchItem>().AsNoTracking().Where(i => i.BatchId == batchId)
            .Select(i => new { i.RegistrationId, i.CertificateId, i.Error, i.DoneAt }).ToListAsync(ct);
        return new BatchProgress(batch.Id, batch.SessionId, batch.Total, items.Count(i => i.CertificateId != null), items.Count(i => i.Error != null),
            batch.CreatedAt, batch.CompletedAt, [.. items.Where(i => i.Error != null).Select(i => new BatchFailure(i.RegistrationId, i.Error!))],
            batch.ArchiveRequestedAt, batch.ArchiveReadyAt);
    }
}

/// <summary>
/// Works through a batch's items not yet done: each is issued (or fails with its reason) and saved at once, so the
/// progress is live and a run that stopped resumes where it was. Issuing is idempotent per result, so an item issued
/// just before a crash is found issued on the next run, never issued twice.
/// </summary>
public sealed class CertificateBatchJob(AcademyDbContext db, CertificateIssuer issuer, CertificateCandidates candidates, TimeProvider clock,
    ILogger<CertificateBatchJob> log, AuditLog.AuditTrail audit)
{
    /// <summary>How many items' eligibility is read at once.</summary>
    private const int CandidateChunk = 50;

    [AutomaticRetry(Attempts = 5)]
    public async Task<int> RunAsync(int batchId, CancellationToken ct)
    {
        var batchInfo = await db.CertificateBatches.Where(b => b.Id == batchId).Select(b => new { b.SessionId, b.PublicBase, b.RequestedById }).SingleAsync(ct);
        var publicBase = batchInfo.PublicBase;
        // Each certificate is recorded in the name of the admin who approved the batch.
        var approvedBy = await audit.ActorAsync(batchInfo.RequestedById, ct);
        var pending = await db.Set<CertificateBatchItem>().AsNoTracking().Where(i => i.BatchId == batchId && i.DoneAt == null)
            .OrderBy(i => i.Id).Select(i => new { i.Id, i.RegistrationId }).ToListAsync(ct);
        var issued = 0;
        // One connection for the whole batch rather than one opened (and set up) for each of its queries.
        await db.Database.OpenConnectionAsync(ct);
        // Eligibility is read for a chunk of items just before they are issued: a few queries a chunk, not a few an item.
        foreach (var chunk in pending.Chunk(CandidateChunk))
        {
            db.ChangeTracker.Clear();
            var chunkCandidates = (await candidates.OfRegistrationsAsync(batchInfo.SessionId, [.. chunk.Select(i => i.RegistrationId)], ct))
                .ToDictionary(c => c.RegistrationId);
            foreach (var item in chunk)
            {
                db.ChangeTracker.Clear();
                int? certificateId = null;
                string? error = null;
                int? recordedWith = null;
                try
                {
                    // A certificate issued now is recorded on its item in the issuing transaction; one issued before (by a
                    // run that died before recording it) is recorded below.
                    certificateId = await issuer.IssueAsync(item.RegistrationId, batchInfo.SessionId, chunkCandidates.GetValueOrDefault(item.RegistrationId),
                        publicBase, ct, approvedBy, async (id, token) =>
                        {
                            (await db.Set<CertificateBatchItem>().SingleAsync(i => i.Id == item.Id, token)).Issued(id, clock.GetUtcNow());
                            recordedWith = id;
                        });
                    issued++;
                }
                catch (RuleViolation e)
                {
                    error = e.Message;
                    log.LogWarning("Certificate of registration {Registration} not issued: {Reason}", item.RegistrationId, e.Message);
                }
                db.ChangeTracker.Clear();
                if (certificateId is not null && recordedWith == certificateId) continue;
                var row = await db.Set<CertificateBatchItem>().SingleAsync(i => i.Id == item.Id, ct);
                if (certificateId is { } id) row.Issued(id, clock.GetUtcNow());
                else row.Failed(error!, clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
            }
        }
        db.ChangeTracker.Clear();
        var batch = await db.CertificateBatches.SingleAsync(b => b.Id == batchId, ct);
        batch.Complete(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return issued;
    }
}
