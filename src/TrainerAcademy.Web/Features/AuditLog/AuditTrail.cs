using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Audit;

namespace TrainerAcademy.Features.AuditLog;

/// <summary>The codes of what the audit log records; each has its words under <c>AuditAction.{code}</c>.</summary>
public static class AuditActions
{
    public const string SignedIn = "auth.signed-in";
    public const string SignInFailed = "auth.sign-in-failed";
    public const string StaffCreated = "account.staff-created";
    public const string AdminCreated = "account.admin-created";
    public const string ExaminerGranted = "examiner.granted";
    public const string ExaminerRevoked = "examiner.revoked";
    public const string ResultsReleased = "results.released";
    public const string ReviewResolved = "review.resolved";
    public const string CertificateBatchStarted = "certificate.batch-started";
    public const string CertificateIssued = "certificate.issued";
    public const string CertificateRevoked = "certificate.revoked";
    public const string CertificateReissued = "certificate.reissued";
    public const string SubsidyApproved = "subsidy.approved";
    public const string SubsidyRejected = "subsidy.rejected";
    public const string SubsidyDocumentsRequested = "subsidy.documents-requested";
    public const string SubsidyBatchPaid = "subsidy.batch-paid";
    public const string PersonalDataRevealed = "personal-data.revealed";
    public const string DeletionRequested = "privacy.deletion-requested";
    public const string DeletionCompleted = "privacy.deletion-completed";

    /// <summary>Every code, in the order the log page offers them.</summary>
    public static readonly string[] All =
    [
        SignedIn, SignInFailed, StaffCreated, AdminCreated, ExaminerGranted, ExaminerRevoked, ResultsReleased, ReviewResolved,
        CertificateBatchStarted, CertificateIssued, CertificateRevoked, CertificateReissued,
        SubsidyApproved, SubsidyRejected, SubsidyDocumentsRequested, SubsidyBatchPaid,
        PersonalDataRevealed, DeletionRequested, DeletionCompleted,
    ];
}

/// <summary>The kinds of record an audit line names.</summary>
public static class AuditTargets
{
    public const string Account = "account";
    public const string ExamSession = "exam-session";
    public const string Review = "review";
    public const string Certificate = "certificate";
    public const string CertificateBatch = "certificate-batch";
    public const string SubsidyClaim = "subsidy-claim";
    public const string SubsidyBatch = "subsidy-batch";
    public const string CertificateRegister = "certificate-register";

    public static readonly string[] All = [Account, ExamSession, Review, Certificate, CertificateBatch, SubsidyClaim, SubsidyBatch, CertificateRegister];
}

/// <summary>Who acted, as the log keeps it: the account (none for the platform), its name then, and the client's address.</summary>
public sealed record AuditActor(string? UserId, string Name, string? ClientIp)
{
    /// <summary>The platform itself: demo data, start-up, a job with nobody behind it.</summary>
    public static readonly AuditActor Platform = new(null, "系统", null);

    /// <summary>An operator at the server's command line (<c>admin create</c>).</summary>
    public static readonly AuditActor CommandLine = new(null, "命令行", null);

    /// <summary>The signed-in user of the current request.</summary>
    public static AuditActor Of(CurrentUser user) => new(user.Id, user.DisplayName ?? user.Id ?? "?", user.ClientAddress);
}

/// <summary>
/// Writes audit lines. <see cref="Record"/> only adds the line to the context: the caller's own <c>SaveChanges</c> (inside its
/// transaction) stores it together with the change it records, or neither. Built from the context and the clock alone, so
/// jobs use it as requests do; the caller says who acted.
/// </summary>
[FeatureService]
public sealed class AuditTrail(AcademyDbContext db, TimeProvider clock)
{
    public AuditEntry Record(AuditActor actor, string action, string targetType, string? targetId, int? centerId = null, string? detail = null)
    {
        var entry = new AuditEntry(clock.GetUtcNow(), actor.UserId, actor.Name, action, targetType, targetId, centerId, detail, actor.ClientIp);
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>Records an event that changes nothing else (a sign-in) and stores it at once.</summary>
    public async Task RecordNowAsync(AuditActor actor, string action, string targetType, string? targetId, int? centerId = null, string? detail = null)
    {
        Record(actor, action, targetType, targetId, centerId, detail);
        await db.SaveChangesAsync();
    }

    /// <summary>An account as an actor when no request carries it (a job acting for the admin who started it).</summary>
    public async Task<AuditActor> ActorAsync(string? userId, CancellationToken ct = default)
    {
        if (userId is null) return AuditActor.Platform;
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.Email }).SingleOrDefaultAsync(ct);
        return new AuditActor(userId, user?.DisplayName ?? user?.Email ?? userId, null);
    }
}
