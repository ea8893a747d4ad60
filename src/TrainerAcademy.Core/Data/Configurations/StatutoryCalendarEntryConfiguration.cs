using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrainerAcademy.Data.Configurations;

public class StatutoryCalendarEntryConfiguration : IEntityTypeConfiguration<Domain.Scheduling.StatutoryCalendarEntry>
{
    public void Configure(EntityTypeBuilder<Domain.Scheduling.StatutoryCalendarEntry> b)
    {
        b.ToTable("StatutoryCalendarDays");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(50);
        b.HasIndex(x => new { x.Date, x.Kind, x.Name }).IsUnique();
    }
}
