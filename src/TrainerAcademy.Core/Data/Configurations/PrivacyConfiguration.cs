using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain.Privacy;

namespace TrainerAcademy.Data.Configurations;

/// <summary>The width of a column that holds personal data as ciphertext.</summary>
public static class PersonalDataColumns
{
    public const int MaxLength = 400;
}

public class PersonalDataKeyConfiguration : IEntityTypeConfiguration<PersonalDataKey>
{
    public void Configure(EntityTypeBuilder<PersonalDataKey> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.ProtectedKey).HasMaxLength(1000);
    }
}

public class DeletionRequestConfiguration : IEntityTypeConfiguration<DeletionRequest>
{
    public void Configure(EntityTypeBuilder<DeletionRequest> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Reason).HasMaxLength(DeletionRequest.MaxReason);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.CompletedById).HasMaxLength(450);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.Status, x.RequestedAt });
        b.HasIndex(x => x.UserId);
    }
}
