using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Data.Configurations;

public class StatutoryCalendarYearConfiguration : IEntityTypeConfiguration<StatutoryCalendarYear>
{
    public void Configure(EntityTypeBuilder<StatutoryCalendarYear> b)
    {
        b.HasKey(x => x.Year);
        b.Property(x => x.Year).ValueGeneratedNever();
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(20);
    }
}
