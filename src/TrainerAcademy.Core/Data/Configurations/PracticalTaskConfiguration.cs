using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Data.Configurations;

public class PracticalTaskConfiguration : IEntityTypeConfiguration<PracticalTask>
{
    public void Configure(EntityTypeBuilder<PracticalTask> b)
    {
        b.Property(x => x.Code).HasMaxLength(PracticalTask.MaxCode);
        b.Property(x => x.Title).HasMaxLength(PracticalTask.MaxTitle);
        b.Property(x => x.Category).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Scoring).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Component).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Points).HasPrecision(5, 2);
        b.Property(x => x.Instructions).HasMaxLength(PracticalTask.MaxInstructions);
        // JSON as text on every provider (nvarchar(max) on SQL Server, varchar(n) on PostgreSQL): the entity parses and
        // checks it, and no query looks inside it.
        b.Property(x => x.ContentJson).HasMaxLength(PracticalTaskContent.MaxLength);
        b.Property(x => x.RubricJson).HasMaxLength(PracticalTask.MaxRubricJson);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.Ignore(x => x.Rubric);
        b.Ignore(x => x.Kind);
        b.Ignore(x => x.Content);
        b.HasIndex(x => x.Code).IsUnique();
        b.HasIndex(x => new { x.Level, x.Category, x.Active });
        b.ToTable(t => t.HasCheckConstraint("CK_PracticalTasks_Level", "\"Level\" BETWEEN 1 AND 5"));
    }
}
