using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Data.Configurations;

public class ExamAttemptConfiguration : IEntityTypeConfiguration<ExamAttempt>
{
    public void Configure(EntityTypeBuilder<ExamAttempt> b)
    {
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        // A paper prepared ahead of the window is nobody's attempt yet: only the start and the preparation ask for it.
        b.HasQueryFilter(ExamAttempt.PreparedFilter, x => x.Status != AttemptStatus.Prepared);
        b.Property(x => x.Component).HasConversion<string>().HasMaxLength(20);
        b.Ignore(x => x.AwaitingExaminers);
        b.Property(x => x.PassMark).HasPrecision(5, 2);
        b.Property(x => x.Score).HasPrecision(5, 2);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasOne<ExamRegistration>().WithMany().HasForeignKey(x => x.RegistrationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ExamSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.LearnerId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<ExamBlueprint>().WithMany().HasForeignKey(x => x.BlueprintId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<SkillBlueprint>().WithMany().HasForeignKey(x => x.SkillBlueprintId).OnDelete(DeleteBehavior.NoAction);
        // One attempt per registration and component: a second start resumes it, and two racing starts cannot both insert.
        b.HasIndex(x => new { x.RegistrationId, x.Component }).IsUnique();
        b.HasIndex(x => new { x.SessionId, x.Status });
        b.HasIndex(x => new { x.Status, x.Deadline });
        b.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.AttemptId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Items).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(x => x.Tasks).WithOne().HasForeignKey(x => x.AttemptId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Tasks).UsePropertyAccessMode(PropertyAccessMode.Field);
        // A theory attempt is drawn by a theory blueprint; a skill attempt or a comprehensive review by a skill blueprint.
        b.ToTable(t => t.HasCheckConstraint("CK_ExamAttempts_Blueprint",
            "(\"Component\" = 'Theory' AND \"BlueprintId\" IS NOT NULL AND \"SkillBlueprintId\" IS NULL) OR (\"Component\" IN ('Skill', 'Review') AND \"SkillBlueprintId\" IS NOT NULL AND \"BlueprintId\" IS NULL)"));
    }
}
