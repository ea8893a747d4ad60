using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Data.Configurations;

public class ExamBlueprintConfiguration : IEntityTypeConfiguration<ExamBlueprint>
{
    public void Configure(EntityTypeBuilder<ExamBlueprint> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.PassMark).HasPrecision(5, 2);
        b.Ignore(x => x.ItemCount);
        b.HasOne<SkillLevel>().WithMany().HasForeignKey(x => x.Level).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.Level, x.Active });
        b.OwnsMany(x => x.Lines, l =>
        {
            l.ToTable("BlueprintLines");
            l.WithOwner().HasForeignKey("BlueprintId");
            l.Property<int>("Id");
            l.HasKey("Id");
            l.Property(x => x.WorkFunctionCode).HasMaxLength(40);
            l.Property(x => x.Type).HasConversion<string>().HasMaxLength(20);
            l.Property(x => x.Points).HasPrecision(5, 2);
            l.Ignore(x => x.Total);
        });
    }
}
