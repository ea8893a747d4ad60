using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data.Configurations;

public class WorkFunctionConfiguration : IEntityTypeConfiguration<WorkFunction>
{
    public void Configure(EntityTypeBuilder<WorkFunction> b)
    {
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(40);
        b.Property(x => x.OccupationCode).HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(60);
        b.Property(x => x.EnglishName).HasMaxLength(100);
        b.HasOne<Occupation>().WithMany().HasForeignKey(x => x.OccupationCode).OnDelete(DeleteBehavior.Restrict);
    }
}
