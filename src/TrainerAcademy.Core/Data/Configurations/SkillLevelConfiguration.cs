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
