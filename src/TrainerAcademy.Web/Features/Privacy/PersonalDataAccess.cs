using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Features.AuditLog;

namespace TrainerAcademy.Features.Privacy;

/// <summary>A learner's identity and phone numbers in full, as an administrator reveals them.</summary>
public sealed record RevealedIdentity(string UserId, string? RealName, string IdType, string? IdNumber, string? Phone);

/// <summary>
/// Where a role needs a full identity number (an administrator checking a learner's document, the certificate register, the
/// subsidy batch for the bureau), the view is written to the audit log as <c>personal-data.revealed</c>: who, when, whose or
/// which list, and how many numbers. The numbers themselves never go into the log.
/// </summary>
[FeatureService]
public sealed class PersonalDataAccess(AcademyDbContext db, AuditTrail audit, CurrentUser current)
{
    /// <summary>Records that the current user saw full identity numbers (<paramref name="count"/> of them) and stores the line at once.</summary>
    public Task RecordRevealAsync(string targetType, string? targetId, string what, int count) =>
        audit.RecordNowAsync(AuditActor.Of(current), AuditActions.PersonalDataRevealed, targetType, targetId, detail: $"{what} · {count}");

    /// <summary>A learner's full identity and phone numbers for an administrator, audited.</summary>
    public async Task<RevealedIdentity> RevealAsync(string userId, CancellationToken ct = default)
    {
        var profile = await db.LearnerProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, ct) ?? throw new NotFoundException();
        await RecordRevealAsync(AuditTargets.Account, userId, "identity", profile.IdNumber is null ? 0 : 1);
        return new RevealedIdentity(userId, profile.RealName, profile.IdType.ToString(), profile.IdNumber, profile.Phone);
    }
}
