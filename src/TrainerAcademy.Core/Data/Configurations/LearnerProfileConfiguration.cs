using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data.Configurations;

public class LearnerProfileConfiguration : IEntityTypeConfiguration<LearnerProfile>
{
    public void Configure(EntityTypeBuilder<LearnerProfile> b)
    {
        b.HasKey(x => x.UserId);
        b.HasOne<ApplicationUser>().WithOne().HasForeignKey<LearnerProfile>(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.RealName).HasMaxLength(50);
        b.Property(x => x.IdType).HasConversion<string>().HasMaxLength(40);
        // Ciphertext (IPersonalDataProtector): the plain values are at most 20 characters.
        b.Property(x => x.IdNumber).HasMaxLength(PersonalDataColumns.MaxLength);
        b.Property(x => x.Phone).HasMaxLength(PersonalDataColumns.MaxLength);
        b.Property(x => x.IdNumberHash).HasMaxLength(64);
        // One person, one account: the keyed hash of the document type and number is unique.
        b.HasIndex(x => new { x.IdType, x.IdNumberHash }).IsUnique();
        b.Property(x => x.Employment).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Education).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.SocialInsuranceCity).HasMaxLength(50);
        b.Property(x => x.HukouCity).HasMaxLength(50);
        b.HasOne<Domain.Files.StoredFile>().WithMany().HasForeignKey(x => x.PhotoFileId).OnDelete(DeleteBehavior.Restrict);
    }
}
