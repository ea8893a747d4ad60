using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Data.Configurations;

public class AttemptItemConfiguration : IEntityTypeConfiguration<AttemptItem>
{
    public void Configure(EntityTypeBuilder<AttemptItem> b)
    {
        b.Property(x => x.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.WorkFunctionCode).HasMaxLength(40);
        b.Property(x => x.OptionOrder).HasMaxLength(10);
        b.Property(x => x.Points).HasPrecision(5, 2);
        b.Property(x => x.Awarded).HasPrecision(5, 2);
        b.Property(x => x.Response).HasMaxLength(10);
        b.HasOne<QuestionVersion>().WithMany().HasForeignKey(x => x.QuestionVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.AttemptId, x.Position }).IsUnique();
        b.HasIndex(x => x.QuestionVersionId);
    }
}
