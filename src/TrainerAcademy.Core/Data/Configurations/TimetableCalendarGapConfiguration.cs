using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Data.Configurations;

public class TimetableCalendarGapConfiguration : IEntityTypeConfiguration<TimetableCalendarGap>
{
    public void Configure(EntityTypeBuilder<TimetableCalendarGap> b)
    {
        b.HasKey(x => new { x.CohortId, x.Year });
        b.HasOne<Cohort>().WithMany().HasForeignKey(x => x.CohortId).OnDelete(DeleteBehavior.Cascade);
        // The publishing job looks a year's cohorts up.
        b.HasIndex(x => x.Year);
    }
}
