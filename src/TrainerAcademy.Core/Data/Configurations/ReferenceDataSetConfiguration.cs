using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data.Configurations;

public class ReferenceDataSetConfiguration : IEntityTypeConfiguration<ReferenceDataSet>
{
    public void Configure(EntityTypeBuilder<ReferenceDataSet> b)
    {
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(60);
        b.Property(x => x.Version).HasMaxLength(40);
        b.Property(x => x.Source).HasMaxLength(400);
    }
}
