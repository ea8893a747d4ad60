using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Data.Configurations;

public class TimetableConflictConfiguration : IEntityTypeConfiguration<TimetableConflict>
{
    public void Configure(EntityTypeBuilder<TimetableConflict> b)
    {
        b.HasKey(x => x.CohortId);
        b.Property(x => x.CohortId).ValueGeneratedNever();
        b.HasOne<Cohort>().WithMany().HasForeignKey(x => x.CohortId).OnDelete(DeleteBehavior.Cascade);
    }
}
