using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Data.Configurations;

public class QuestionConfiguration : IEntityTypeConfiguration<Question>
{
    public void Configure(EntityTypeBuilder<Question> b)
    {
        b.Property(x => x.Code).HasMaxLength(40);
        b.Property(x => x.WorkFunctionCode).HasMaxLength(40);
        b.HasIndex(x => x.Code).IsUnique();
        b.HasIndex(x => new { x.Level, x.WorkFunctionCode, x.Retired });
        b.HasOne<WorkFunction>().WithMany().HasForeignKey(x => x.WorkFunctionCode).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Versions).WithOne(v => v.Question).HasForeignKey(v => v.QuestionId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Versions).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(x => x.Current);
    }
}
