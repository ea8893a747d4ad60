using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data.Configurations;

public class TrainingCenterConfiguration : IEntityTypeConfiguration<TrainingCenter>
{
    public void Configure(EntityTypeBuilder<TrainingCenter> b)
    {
        b.ToTable("Centers");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.OrganisationCode).HasMaxLength(4).IsFixedLength();
        b.Property(x => x.ProvinceCode).HasMaxLength(2).IsFixedLength();
        b.Property(x => x.City).HasMaxLength(50);
        b.Property(x => x.Address).HasMaxLength(200);
        b.HasIndex(x => x.OrganisationCode).IsUnique();
        b.Property(x => x.RefundLateShare).HasPrecision(5, 4);
        b.Ignore(x => x.RefundPolicy);
    }
}
