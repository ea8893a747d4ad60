using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain.Audit;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.AuditLog;

public static class AuditKit
{
    /// <summary>The audit lines of one action on one target, oldest first.</summary>
    public static Task<List<AuditEntry>> AuditAsync(this AcademyFactory factory, string action, string? targetId) =>
        factory.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == action && e.TargetId == targetId).OrderBy(e => e.Id).ToListAsync());

    /// <summary>Exactly one line of the action on the target, by the actor named, with a client address when a request made it.</summary>
    public static async Task<AuditEntry> SingleAuditAsync(this AcademyFactory factory, string action, string? targetId, string? actorId, bool fromRequest = true)
    {
        var entry = Assert.Single(await factory.AuditAsync(action, targetId));
        Assert.Equal(actorId, entry.ActorId);
        Assert.False(string.IsNullOrEmpty(entry.ActorName));
        if (fromRequest) Assert.False(string.IsNullOrEmpty(entry.ClientIp));
        return entry;
    }

    public static Task<string> UserIdAsync(this AcademyFactory factory, string email) =>
        factory.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
}
