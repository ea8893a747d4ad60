using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Data.Configurations;

public class QuestionVersionConfiguration : IEntityTypeConfiguration<QuestionVersion>
{
    public void Configure(EntityTypeBuilder<QuestionVersion> b)
    {
        b.Property(x => x.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Stem).HasMaxLength(QuestionContent.MaxStem);
        b.Property(x => x.OptionsJson).HasMaxLength(4000);
        b.Property(x => x.Answer).HasMaxLength(10);
        b.Property(x => x.Explanation).HasMaxLength(1000);
        b.Ignore(x => x.Options);
        b.Ignore(x => x.Content);
        b.HasIndex(x => new { x.QuestionId, x.Number }).IsUnique();
        b.ToTable(t => t.HasCheckConstraint("CK_QuestionVersions_Difficulty", "\"Difficulty\" BETWEEN 1 AND 3"));
    }
}
