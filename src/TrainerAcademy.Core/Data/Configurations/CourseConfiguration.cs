using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data.Configurations;

public class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> b)
    {
        b.Property(x => x.OccupationCode).HasMaxLength(20);
        b.Property(x => x.Title).HasMaxLength(120);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Occupation>().WithMany().HasForeignKey(x => x.OccupationCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SkillLevel>().WithMany().HasForeignKey(x => x.Level).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CenterId, x.Level });
        b.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Courses_Hours", "\"TheoryHours\" > 0 AND \"PracticeHours\" > 0");
            t.HasCheckConstraint("CK_Courses_Fee", "CAST(\"Fee\" AS DECIMAL(18, 2)) >= 0");
        });
    }
}
