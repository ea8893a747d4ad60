using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data.Configurations;

public class SkillLevelConfiguration : IEntityTypeConfiguration<SkillLevel>
{
    public void Configure(EntityTypeBuilder<SkillLevel> b)
    {
        b.HasKey(x => x.Level);
        b.Property(x => x.Level).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(40);
        b.Property(x => x.EnglishName).HasMaxLength(60);
    }
}

public class OccupationConfiguration : IEntityTypeConfiguration<Occupation>
{
    public void Configure(EntityTypeBuilder<Occupation> b)
    {
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(60);
        b.Property(x => x.EnglishName).HasMaxLength(100);
        b.Property(x => x.StandardEdition).HasMaxLength(20);
    }
}

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
