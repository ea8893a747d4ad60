using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Infrastructure.Files;
using TrainerAcademy.Infrastructure.Pdf;

namespace TrainerAcademy.Features.Certificates;

/// <summary>The "Certificates" section.</summary>
public sealed class CertificateOptions
{
    /// <summary>S: a social training-evaluation organisation; Y: an employer.</summary>
    public char OrganisationType { get; set; } = 'S';

    /// <summary>The national lookup address printed on every certificate.</summary>
    public string NationalLookupUrl { get; set; } = "http://zscx.osta.org.cn";

    /// <summary>The occupation printed on certificates.</summary>
    public string Occupation { get; set; } = "人工智能训练师";
}

/// <summary>
/// Issues the certificate of one eligible result: the next serial of the center (as the site), the year in Beijing time
/// and the level, taken in the same transaction as the certificate so a failed issue gives its number back; the facts
/// signed with the active key; the PDF rendered and written once to the document store; the learner told by e-mail.
/// Issuing a result that has its certificate returns that one, and the database's unique (result, edition) index
/// decides between two issuers at once.
/// </summary>
[FeatureService]
public sealed class CertificateIssuer(AcademyDbContext db, CertificateKeys keys, CertificateDocument document, CertificateCandidates candidates,
    IDocumentStore store, TimeProvider clock, IOptions<CertificateOptions> options, IStringLocalizer<SharedResource> localizer,
    Outbox.Mailer mailer, AuditLog.AuditTrail audit, AcademyMetrics metrics)
{
    /// <summary>Issues edition 1 of a registration's certificate; <paramref name="approvedBy"/> is who the audit log names (the admin who approved the batch; the platform when unnamed).</summary>
    public async Task<int> IssueAsync(int registrationId, string publicBase, CancellationToken ct = default, AuditLog.AuditActor? approvedBy = null)
    {
        var sessionId = await db.ExamRegistrations.Where(r => r.Id == registrationId).Select(r => (int?)r.SessionId).SingleOrDefaultAsync(ct)
                        ?? throw new NotFoundException();
        // This registration only: checking the whole session each time would grow with it.
        var candidate = await candidates.OfRegistrationAsync(sessionId, registrationId, ct);
        return await IssueAsync(registrationId, sessionId, candidate, publicBase, ct, approvedBy);
    }

    /// <summary>
    /// Issues edition 1 of a registration whose candidacy was read just before (<see cref="CertificateCandidates"/>; a
    /// batch reads a chunk of candidates at once); <paramref name="candidate"/> is null when the registration is not
    /// registered any more. <paramref name="recordIssued"/>, when given, records the new certificate's id in the
    /// transaction that issues it (a batch's progress, so a certificate and its item are committed together, with one
    /// commit to wait for); it is not called when the certificate was issued before.
    /// </summary>
    public async Task<int> IssueAsync(int registrationId, int sessionId, CertificateCandidate? candidate, string publicBase, CancellationToken ct = default,
        AuditLog.AuditActor? approvedBy = null, Func<int, CancellationToken, Task>? recordIssued = null)
    {
        if (candidate?.CertificateId is { } issued) return issued;
        if (candidate is null)
            return await ExistingAsync(registrationId, 1, ct)
                   ?? throw new RuleViolation("certificate.not-eligible", "This registration was withdrawn; it has no result to certify.");
        if (!candidate.Eligibility.Eligible)
            throw new RuleViolation("certificate.not-eligible",
                $"This candidate is not eligible for a certificate: {string.Join(", ", candidate.Eligibility.Holds)}.");
        return await IssueEditionAsync(registrationId, sessionId, candidate.LearnerId, 1, null, approvedBy ?? AuditLog.AuditActor.Platform, publicBase, ct,
            recordIssued);
    }

    /// <summary>
    /// Re-issues a valid certificate with the holder's facts as they are now (e.g. a corrected name): the next edition with
    /// a new number, the old one superseded with the reason, both in one transaction.
    /// </summary>
    public async Task<int> ReissueAsync(int certificateId, string? reason, AuditLog.AuditActor by, string publicBase, CancellationToken ct = default)
    {
        var old = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == certificateId, ct) ?? throw new NotFoundException();
        if (old.Status != CertificateStatus.Valid)
            throw new ConflictViolation("certificate.not-valid", $"This certificate is {old.Status}; only a valid certificate can be re-issued.");
        var registration = await db.ExamRegistrations.AsNoTracking().SingleAsync(r => r.Id == old.RegistrationId, ct);
        return await IssueEditionAsync(registration.Id, registration.SessionId, registration.LearnerId, old.Edition + 1, (old.Id, reason, by.UserId ?? ""), by,
            publicBase, ct);
    }

    private async Task<int> IssueEditionAsync(int registrationId, int sessionId, string learnerId, int edition, (int Id, string? Reason, string By)? replacing,
        AuditLog.AuditActor actor, string publicBase, CancellationToken ct, Func<int, CancellationToken, Task>? recordIssued = null)
    {
        if (!_sessions.TryGetValue(sessionId, out var known)) _sessions[sessionId] = known = await SessionAsync(sessionId, ct);
        var (session, center, levelName) = known;
        var holder = await HolderOf.For(db)(db, learnerId, ct);
        if (holder is not { RealName: { } realName, IdNumber: { } idNumber })
            throw new RuleViolation("certificate.profile", "The candidate's real name and identity document are missing from their profile.");
        var (email, photo) = (holder.Email, holder.Photo);

        var now = clock.GetUtcNow();
        var issuedOn = clock.Today();
        document.EnsurePrintable();
        var (keyId, signingKey) = await keys.ActiveAsync(ct);
        await EnsureSerialRowAsync(center.Id, issuedOn.Year, session.Level, ct);
        try
        {
            var issued = await db.InTransactionAsync(async token =>
            {
                db.ChangeTracker.Clear();
                var serial = await NextSerialAsync(center.Id, issuedOn.Year, session.Level, token);
                var number = CertificateNumber.Format(options.Value.OrganisationType, center.OrganisationCode, center.ProvinceCode, center.Id,
                    issuedOn.Year, session.Level, serial);
                var facts = new CertificateFacts(number, realName, IdTypeName(holder.IdType), idNumber, options.Value.Occupation, null,
                    session.Level, levelName, center.Name, issuedOn).Checked();
                var code = VerificationCode.Sign(facts, keyId, signingKey);
                var pdf = document.Render(facts, code, VerifyUrl(publicBase, code), options.Value.NationalLookupUrl, photo);
                var sha = CertificateFacts.Sha256(pdf);
                var file = $"certificates/{issuedOn.Year}/{number}-{sha[..16]}.pdf";
                await store.WriteOnceAsync(file, pdf, token);
                var seal = DocumentSeal.Sign(number, sha, signingKey);
                var certificate = new Certificate(registrationId, session.Id, session.CenterId, learnerId, edition, facts, code, file, sha, seal,
                    pdf.Length, now);
                db.Certificates.Add(certificate);
                await db.SaveChangesAsync(token);
                var certificateId = certificate.Id.ToString(CultureInfo.InvariantCulture);
                if (replacing is { } replaced)
                {
                    var old = await db.Certificates.SingleAsync(c => c.Id == replaced.Id, token);
                    old.SupersedeBy(certificate, replaced.Reason, replaced.By, now);
                    audit.Record(actor, AuditLog.AuditActions.CertificateReissued, AuditLog.AuditTargets.Certificate, certificateId, session.CenterId,
                        $"{number} replaces {old.Number} · {old.RevokedReason}");
                }
                else
                {
                    audit.Record(actor, AuditLog.AuditActions.CertificateIssued, AuditLog.AuditTargets.Certificate, certificateId, session.CenterId,
                        $"{number} · registration {registrationId}");
                }
                if (recordIssued is not null) await recordIssued(certificate.Id, token);
                // The audit line (and what recordIssued changed) is saved with the e-mail, or alone when the learner has no address.
                if (email is null) await db.SaveChangesAsync(token);
                else
                    await mailer.SendAsync(email, $"证书已颁发 · Certificate issued — {number}",
                        $"<p>{WebUtility.HtmlEncode(facts.Name)}，您好：</p><p>您的{facts.Occupation}（{facts.LevelName}）职业技能等级证书已颁发，证书编号 {number}。</p>"
                        + $"<p><a href=\"{publicBase}/certificates\">查看并下载证书 View and download</a></p>"
                        + $"<p>任何人可通过此地址验证证书 Anyone can verify it at: <a href=\"{VerifyUrl(publicBase, code)}\">{VerifyUrl(publicBase, code)}</a></p>", token);
                return certificate.Id;
            }, ct);
            metrics.CertificateIssued(edition);
            return issued;
        }
        catch (DbUpdateException)
        {
            // Another issuer (a retry, a second server) issued this edition first; this transaction gave its serial back.
            db.ChangeTracker.Clear();
            if (await ExistingAsync(registrationId, edition, ct) is { } won) return won;
            throw;
        }
    }

    /// <summary>
    /// The session, its center and its level's name, read once for each session in this scope: a batch issues a
    /// session's certificates one after another, and its facts are those of the batch's start.
    /// </summary>
    private readonly Dictionary<int, (ExamSession Session, Domain.TrainingCenter Center, string LevelName)> _sessions = [];

    private async Task<(ExamSession, Domain.TrainingCenter, string)> SessionAsync(int sessionId, CancellationToken ct)
    {
        var session = await db.ExamSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId, ct);
        var center = await db.Centers.AsNoTracking().SingleAsync(c => c.Id == session.CenterId, ct);
        var levelName = await db.SkillLevels.AsNoTracking().Where(l => l.Level == session.Level).Select(l => l.Name).SingleAsync(ct);
        return (session, center, levelName);
    }

    public static string VerifyUrl(string publicBase, VerificationCode code) => $"{publicBase.TrimEnd('/')}/verify/{code}";

    private Task<int?> ExistingAsync(int registrationId, int edition, CancellationToken ct) =>
        db.Certificates.AsNoTracking().Where(c => c.RegistrationId == registrationId && c.Edition == edition).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);

    /// <summary>The serial rows known to exist (they are never removed): a batch looks each up once.</summary>
    private readonly HashSet<(int CenterId, int Year, int Level)> _serialRows = [];

    private async Task EnsureSerialRowAsync(int centerId, int year, int level, CancellationToken ct)
    {
        if (_serialRows.Contains((centerId, year, level))) return;
        if (!await db.CertificateSerials.AnyAsync(s => s.CenterId == centerId && s.Year == year && s.Level == level, ct))
        {
            db.CertificateSerials.Add(new CertificateSerial(centerId, year, level));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Made by another issuer at the same moment.
            }
            db.ChangeTracker.Clear();
        }
        _serialRows.Add((centerId, year, level));
    }

    /// <summary>The next serial: an increment the database does, so concurrent issuers wait for each other's commit.</summary>
    private async Task<int> NextSerialAsync(int centerId, int year, int level, CancellationToken ct)
    {
        var changed = await db.CertificateSerials.Where(s => s.CenterId == centerId && s.Year == year && s.Level == level)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Last, x => x.Last + 1), ct);
        if (changed != 1) throw new InvalidOperationException("The certificate serial row is missing.");
        return await SerialLast.For(db)(db, centerId, year, level, ct);
    }

    /// <summary>What a certificate prints of its holder, the address it is sent to and the photo (null when there is none).</summary>
    private sealed record Holder(string? RealName, IdType IdType, string? IdNumber, string? Email, byte[]? Photo);

    // The reads of every certificate of a batch, compiled once: each is a single row, and EF's per-call expression walk
    // and cache lookup would cost as much as the read.
    private static readonly PerModel<Func<AcademyDbContext, string, CancellationToken, Task<Holder?>>> HolderOf =
        new(() => EF.CompileAsyncQuery((AcademyDbContext db, string learnerId, CancellationToken _) =>
            db.LearnerProfiles.Where(p => p.UserId == learnerId)
                .Select(p => new Holder(p.RealName, p.IdType, p.IdNumber, db.Users.Single(u => u.Id == p.UserId).Email,
                    db.StoredFiles.Where(f => f.Id == p.PhotoFileId).Select(f => f.Content).SingleOrDefault()))
                .SingleOrDefault()));

    private static readonly PerModel<Func<AcademyDbContext, int, int, int, CancellationToken, Task<int>>> SerialLast =
        new(() => EF.CompileAsyncQuery((AcademyDbContext db, int centerId, int year, int level, CancellationToken _) =>
            db.CertificateSerials.Where(s => s.CenterId == centerId && s.Year == year && s.Level == level).Select(s => s.Last).Single()));

    private string IdTypeName(IdType type) => InCulture.Text("zh-CN", () => localizer["IdType." + type]);
}
