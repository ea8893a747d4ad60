using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Data.Configurations;

public class AttemptTaskConfiguration : IEntityTypeConfiguration<AttemptTask>
{
    public void Configure(EntityTypeBuilder<AttemptTask> b)
    {
        b.Property(x => x.Code).HasMaxLength(PracticalTask.MaxCode);
        b.Property(x => x.Title).HasMaxLength(PracticalTask.MaxTitle);
        b.Property(x => x.Category).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Scoring).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Points).HasPrecision(5, 2);
        b.Property(x => x.Awarded).HasPrecision(5, 2);
        b.Property(x => x.Instructions).HasMaxLength(PracticalTask.MaxInstructions);
        b.Property(x => x.ContentJson).HasMaxLength(PracticalTaskContent.MaxLength);
        b.Property(x => x.RubricJson).HasMaxLength(PracticalTask.MaxRubricJson);
        b.Property(x => x.Response).HasMaxLength(AttemptTask.MaxResponse);
        b.Property(x => x.BreakdownJson).HasMaxLength(20_000);
        b.Ignore(x => x.Rubric);
        b.Ignore(x => x.Breakdown);
        b.Ignore(x => x.Content);
        b.Ignore(x => x.ScoredByPlatform);
        b.HasOne<PracticalTask>().WithMany().HasForeignKey(x => x.PracticalTaskId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.AttemptId, x.Position }).IsUnique();
        b.HasIndex(x => x.PracticalTaskId);
    }
}
