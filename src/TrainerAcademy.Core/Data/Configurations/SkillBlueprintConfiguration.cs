using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Data.Configurations;

public class SkillBlueprintConfiguration : IEntityTypeConfiguration<SkillBlueprint>
{
    public void Configure(EntityTypeBuilder<SkillBlueprint> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Component).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.PassMark).HasPrecision(5, 2);
        b.Ignore(x => x.TaskCount);
        b.HasOne<SkillLevel>().WithMany().HasForeignKey(x => x.Level).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.Level, x.Name }).IsUnique();
        b.OwnsMany(x => x.Lines, l =>
        {
            l.ToTable("SkillBlueprintLines");
            l.WithOwner().HasForeignKey("SkillBlueprintId");
            l.Property<int>("Id");
            l.HasKey("Id");
            l.Property(x => x.Category).HasConversion<string>().HasMaxLength(40);
            l.Property(x => x.Points).HasPrecision(5, 2);
            l.Ignore(x => x.Total);
        });
    }
}
