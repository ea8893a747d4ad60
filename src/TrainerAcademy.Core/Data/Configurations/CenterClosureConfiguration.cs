using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Data.Configurations;

public class CenterClosureConfiguration : IEntityTypeConfiguration<CenterClosure>
{
    public void Configure(EntityTypeBuilder<CenterClosure> b)
    {
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Reason).HasMaxLength(50);
        b.HasIndex(x => new { x.CenterId, x.Date }).IsUnique();
    }
}
