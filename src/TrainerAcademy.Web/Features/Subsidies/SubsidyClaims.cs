using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Subsidies;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Subsidies;

public sealed record SubsidyDecisionView(SubsidyAction Action, SubsidyApplicationStatus? FromStatus, SubsidyApplicationStatus ToStatus, string By,
    DateTimeOffset At, string? Reason, Guid? FileId, string? FileName);

public sealed record SubsidyApplicationView(int Id, int CertificateId, string CertificateNumber, string LearnerName, string Occupation, int Level,
    Money Amount, SubsidyApplicationStatus Status, string PolicyCode, int PolicyVersion, string PolicyName, DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt, int? BatchId, int Revision, IReadOnlyList<SubsidyDecisionView> History)
{
    /// <summary>The reviewer's latest request or reason, which the learner answers.</summary>
    public string? LatestReason => History.LastOrDefault(h => h.Action is SubsidyAction.DocumentsRequested or SubsidyAction.Rejected)?.Reason;
}

/// <summary>
/// Claims: a learner applies with a certificate, follows the claim and answers a request for documents; admins approve,
/// reject with a reason or request documents. Every step is a <see cref="SubsidyDecision"/> with who, when and why.
/// </summary>
public static class SubsidyClaims
{
    public sealed record ApplyCommand
    {
        [Range(1, int.MaxValue, ErrorMessage = "Choose a certificate.")]
        public int CertificateId { get; init; }
    }

    public sealed record DecisionCommand
    {
        [StringLength(SubsidyApplication.MaxReason, ErrorMessage = "At most 1000 characters.")]
        public string? Reason { get; init; }

        /// <summary>The revision the reviewer saw; a claim that moved on since is a 409.</summary>
        public int? Revision { get; init; }
    }

    public enum Decision { Approve, Reject, RequestDocuments }

    public sealed class Handler(AcademyDbContext db, SubsidyEligibility eligibility, CurrentUser current, TimeProvider clock, FileStore files,
        AuditLog.AuditTrail audit)
    {
        /// <summary>
        /// Applies for the subsidy with a certificate: assessed again here, refused with every rule when not eligible; the
        /// unique index on the certificate decides between parallel requests, and the loser is told the claim exists.
        /// </summary>
        public async Task<SubsidyApplicationView> ApplyAsync(ApplyCommand command, CancellationToken ct)
        {
            var learnerId = current.RequiredId;
            var (view, assessment) = await eligibility.ForCertificateAsync(learnerId, command.CertificateId, ct);
            if (assessment is null || !view.Eligible) throw new SubsidyRefused(view);
            var certificate = await db.Certificates.AsNoTracking().SingleAsync(c => c.Id == command.CertificateId, ct);
            var application = new SubsidyApplication(certificate.Id, learnerId, assessment, certificate.Occupation, certificate.Level, clock.Today(), clock.GetUtcNow());
            db.SubsidyApplications.Add(application);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                if (await db.SubsidyApplications.AnyAsync(a => a.CertificateId == command.CertificateId, ct))
                    throw new ConflictViolation("subsidy.claimed", "This certificate has been claimed already.", "certificateId");
                throw;
            }
            return await OneAsync(application.Id, ct);
        }

        public async Task<IReadOnlyList<SubsidyApplicationView>> MineAsync(CancellationToken ct)
        {
            var learnerId = current.RequiredId;
            return await ViewsAsync(db.SubsidyApplications.Where(a => a.LearnerId == learnerId).OrderByDescending(a => a.SubmittedAt), ct);
        }

        /// <summary>A claim, for its learner and admins; anybody else gets a 404.</summary>
        public async Task<SubsidyApplicationView> OneAsync(int id, CancellationToken ct)
        {
            var learnerId = current.RequiredId;
            var admin = current.IsAdmin;
            var views = await ViewsAsync(db.SubsidyApplications.Where(a => a.Id == id && (admin || a.LearnerId == learnerId)), ct);
            return views.SingleOrDefault() ?? throw new NotFoundException();
        }

        /// <summary>The review queue: claims of a status (all awaiting a decision by default), oldest first.</summary>
        public Task<IReadOnlyList<SubsidyApplicationView>> QueueAsync(SubsidyApplicationStatus? status, CancellationToken ct)
        {
            var query = status is { } s
                ? db.SubsidyApplications.Where(a => a.Status == s)
                : db.SubsidyApplications.Where(a => a.Status == SubsidyApplicationStatus.Submitted || a.Status == SubsidyApplicationStatus.DocumentsRequested);
            return ViewsAsync(query.OrderBy(a => a.SubmittedAt).Take(500), ct);
        }

        public async Task<SubsidyApplicationView> DecideAsync(int id, Decision decision, DecisionCommand command, CancellationToken ct)
        {
            var by = current.RequiredId;
            await ChangeAsync(id, command.Revision, a =>
            {
                var now = clock.GetUtcNow();
                switch (decision)
                {
                    case Decision.Approve: a.Approve(by, command.Reason, now); break;
                    case Decision.Reject: a.Reject(by, command.Reason, now); break;
                    default: a.RequestDocuments(by, command.Reason, now); break;
                }
                var action = decision switch
                {
                    Decision.Approve => AuditLog.AuditActions.SubsidyApproved,
                    Decision.Reject => AuditLog.AuditActions.SubsidyRejected,
                    _ => AuditLog.AuditActions.SubsidyDocumentsRequested,
                };
                audit.Record(AuditLog.AuditActor.Of(current), action, AuditLog.AuditTargets.SubsidyClaim,
                    a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), detail: $"¥{a.Amount:0.00} {command.Reason}".Trim());
            }, ct);
            return await OneAsync(id, ct);
        }

        /// <summary>The learner's answer to a request for documents: a note and, optionally, a file; the claim goes back to review.</summary>
        public async Task<SubsidyApplicationView> ResubmitAsync(int id, string? note, IFormFile? file, CancellationToken ct)
        {
            var learnerId = current.RequiredId;
            if (!await db.SubsidyApplications.AnyAsync(a => a.Id == id && a.LearnerId == learnerId, ct)) throw new NotFoundException();
            var stored = file is null ? null : await files.ReadAsync(learnerId, file, ct);
            if (stored is not null) files.Add(stored);
            await ChangeAsync(id, null, a => a.Resubmit(learnerId, note, stored?.Id, clock.GetUtcNow()), ct);
            return await OneAsync(id, ct);
        }

        /// <summary>A document a learner sent with a claim, for the learner and admins.</summary>
        public async Task<Domain.Files.StoredFile> DocumentAsync(int id, Guid fileId, CancellationToken ct)
        {
            var claim = await OneAsync(id, ct);
            if (!claim.History.Any(h => h.FileId == fileId)) throw new NotFoundException();
            return await files.FindAsync(fileId, ct) ?? throw new NotFoundException();
        }

        private async Task ChangeAsync(int id, int? revision, Action<SubsidyApplication> change, CancellationToken ct)
        {
            var application = await db.SubsidyApplications.Include(a => a.History).SingleOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException();
            if (revision is { } seen && seen != application.Revision)
                throw new ConflictViolation("subsidy.stale", "This claim changed since you opened it; reload it and decide again.");
            change(application);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConflictViolation("subsidy.stale", "This claim changed since you opened it; reload it and decide again.");
            }
        }

        private async Task<IReadOnlyList<SubsidyApplicationView>> ViewsAsync(IQueryable<SubsidyApplication> query, CancellationToken ct)
        {
            var rows = await (from a in query.AsNoTracking()
                              join c in db.Certificates on a.CertificateId equals c.Id
                              join p in db.SubsidyPolicies on a.PolicyVersionId equals p.Id
                              select new { a, c.Number, Holder = c.Name, PolicyVersion = p.Version, PolicyName = p.Name, PolicyEnglishName = p.EnglishName }).ToListAsync(ct);
            var ids = rows.Select(r => r.a.Id).ToList();
            var history = await db.SubsidyDecisions.AsNoTracking().Where(d => ids.Contains(d.ApplicationId)).OrderBy(d => d.At).ThenBy(d => d.Id).ToListAsync(ct);
            var people = history.Select(h => h.ByUserId).Distinct().ToList();
            var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id))
                .Select(u => new { u.Id, Name = u.DisplayName ?? u.Email }).ToDictionaryAsync(u => u.Id, u => u.Name ?? "", ct);
            var fileIds = history.Where(h => h.FileId is not null).Select(h => h.FileId!.Value).ToList();
            var fileNames = await db.StoredFiles.AsNoTracking().Where(f => fileIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
            var zh = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";
            return [.. rows.Select(r => new SubsidyApplicationView(r.a.Id, r.a.CertificateId, r.Number, r.Holder, r.a.Occupation, r.a.Level, Money.Cny(r.a.Amount),
                r.a.Status, r.a.PolicyCode, r.PolicyVersion, zh ? r.PolicyName : r.PolicyEnglishName, r.a.SubmittedAt, r.a.UpdatedAt, r.a.BatchId, r.a.Revision,
                [.. history.Where(h => h.ApplicationId == r.a.Id).Select(h => new SubsidyDecisionView(h.Action, h.FromStatus, h.ToStatus,
                    names.GetValueOrDefault(h.ByUserId, ""), h.At, h.Reason, h.FileId, h.FileId is { } f ? fileNames.GetValueOrDefault(f) : null))]))];
        }
    }
}
