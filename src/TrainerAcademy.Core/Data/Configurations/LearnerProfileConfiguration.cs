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
        b.Property(x => x.IdNumber).HasMaxLength(20);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.Employment).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Education).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.SocialInsuranceCity).HasMaxLength(50);
        b.Property(x => x.HukouCity).HasMaxLength(50);
        b.HasOne<Domain.Files.StoredFile>().WithMany().HasForeignKey(x => x.PhotoFileId).OnDelete(DeleteBehavior.Restrict);
    }
}
