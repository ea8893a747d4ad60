using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Marking;

namespace TrainerAcademy.Features.Marking;

/// <summary>A center staff account and its examiner grant, if any.</summary>
public sealed record ExaminerAccount(string UserId, string Email, string? DisplayName, int CenterId, string CenterName,
    ExaminerScope? Scope, DateTimeOffset? GrantedAt, int ScriptsMarked);

/// <summary>Admins grant the examiner permission to center staff accounts, for their own center or platform-wide, and revoke it.</summary>
public static class Examiners
{
    public sealed record Command
    {
        [Required(ErrorMessage = "Choose where the examiner marks.")]
        public ExaminerScope? Scope { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, UserManager<ApplicationUser> users, CurrentUser user, TimeProvider clock, AuditLog.AuditTrail audit)
    {
        /// <summary>Every center staff account, examiners first.</summary>
        public async Task<IReadOnlyList<ExaminerAccount>> ListAsync(CancellationToken ct = default)
        {
            var staff = await users.GetUsersInRoleAsync(Roles.CenterStaff);
            var ids = staff.Select(s => s.Id).ToList();
            var grants = await db.ExaminerGrants.AsNoTracking().Where(g => ids.Contains(g.UserId)).ToDictionaryAsync(g => g.UserId, ct);
            var marked = await db.ScriptMarks.AsNoTracking().Where(m => ids.Contains(m.ExaminerId) && m.SubmittedAt != null)
                .GroupBy(m => m.ExaminerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            var centers = await db.Centers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
            return staff.Where(s => s.CenterId is not null)
                .Select(s =>
                {
                    grants.TryGetValue(s.Id, out var grant);
                    return new ExaminerAccount(s.Id, s.Email ?? "", s.DisplayName, s.CenterId!.Value, centers.GetValueOrDefault(s.CenterId.Value, ""),
                        grant?.Scope, grant?.GrantedAt, marked.GetValueOrDefault(s.Id));
                })
                .OrderBy(a => a.Scope is null).ThenBy(a => a.CenterName).ThenBy(a => a.Email, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>Grants or changes the permission; only a center staff account can be an examiner.</summary>
        public async Task<ExaminerAccount> GrantAsync(string userId, Command command, CancellationToken ct = default)
        {
            var account = await StaffAsync(userId);
            var scope = command.Scope ?? throw new RuleViolation("examiner.scope", "An examiner marks for their own center or platform-wide.", "scope");
            var grant = await db.ExaminerGrants.SingleOrDefaultAsync(g => g.UserId == userId, ct);
            var before = grant?.Scope;
            if (grant is null)
                db.ExaminerGrants.Add(new ExaminerGrant(userId, account.CenterId!.Value, scope, user.RequiredId, clock.GetUtcNow()));
            else
                grant.Change(scope, user.RequiredId, clock.GetUtcNow());
            audit.Record(AuditLog.AuditActor.Of(user), AuditLog.AuditActions.ExaminerGranted, AuditLog.AuditTargets.Account, userId, account.CenterId,
                $"{account.Email} · {scope}" + (before is { } was ? $" (was {was})" : ""));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Granted by another admin at the same moment: theirs stands, and this request may simply be repeated.
                throw new ConflictViolation("examiner.changed", "Someone changed this examiner's permission at the same moment. Reload and try again.");
            }
            return (await ListAsync(ct)).Single(a => a.UserId == userId);
        }

        /// <summary>Revokes the permission; marks already given stay. Revoking twice is not an error.</summary>
        public async Task RevokeAsync(string userId, CancellationToken ct = default)
        {
            var account = await StaffAsync(userId);
            await db.InTransactionAsync(async token =>
            {
                // Recorded only when there was a grant to revoke, in the transaction that removes it.
                if (await db.ExaminerGrants.Where(g => g.UserId == userId).ExecuteDeleteAsync(token) == 0) return;
                audit.Record(AuditLog.AuditActor.Of(user), AuditLog.AuditActions.ExaminerRevoked, AuditLog.AuditTargets.Account, userId, account.CenterId,
                    account.Email);
                await db.SaveChangesAsync(token);
            }, ct);
        }

        private async Task<ApplicationUser> StaffAsync(string userId)
        {
            var account = await users.FindByIdAsync(userId) ?? throw new NotFoundException();
            if (account.CenterId is null || !await users.IsInRoleAsync(account, Roles.CenterStaff))
                throw new RuleViolation("examiner.not-staff", "Examiners are chosen from center staff accounts.", "userId");
            return account;
        }
    }
}
