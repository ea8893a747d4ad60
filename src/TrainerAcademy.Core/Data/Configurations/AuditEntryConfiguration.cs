using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain.Audit;

namespace TrainerAcademy.Data.Configurations;

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.Property(x => x.ActorId).HasMaxLength(450);
        b.Property(x => x.ActorName).HasMaxLength(AuditEntry.MaxActorName);
        b.Property(x => x.Action).HasMaxLength(AuditEntry.MaxAction);
        b.Property(x => x.TargetType).HasMaxLength(AuditEntry.MaxTargetType);
        b.Property(x => x.TargetId).HasMaxLength(AuditEntry.MaxTargetId);
        b.Property(x => x.Detail).HasMaxLength(AuditEntry.MaxDetail);
        b.Property(x => x.ClientIp).HasMaxLength(AuditEntry.MaxClientIp);
        // No foreign keys: a line outlives what it names (an account or a center) and is never changed to follow it.

        // The log page's filters, newest first: by time alone, and by time within an actor, an action, a target or a center.
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.ActorId, x.At });
        b.HasIndex(x => new { x.Action, x.At });
        b.HasIndex(x => new { x.TargetType, x.TargetId, x.At });
        b.HasIndex(x => new { x.CenterId, x.At });
    }
}
