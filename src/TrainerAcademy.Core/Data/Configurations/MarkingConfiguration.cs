using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Marking;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Data.Configurations;

public class ExaminerGrantConfiguration : IEntityTypeConfiguration<ExaminerGrant>
{
    public void Configure(EntityTypeBuilder<ExaminerGrant> b)
    {
        b.HasKey(x => x.UserId);
        b.Property(x => x.Scope).HasConversion<string>().HasMaxLength(20);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.CenterId);
    }
}

public class ScriptMarkConfiguration : IEntityTypeConfiguration<ScriptMark>
{
    public void Configure(EntityTypeBuilder<ScriptMark> b)
    {
        b.Property(x => x.Total).HasPrecision(5, 2);
        b.Property(x => x.LinesJson).HasMaxLength(20_000);
        b.Property(x => x.Comment).HasMaxLength(ScriptMark.MaxComment);
        b.Ignore(x => x.Lines);
        b.Ignore(x => x.Submitted);
        b.HasOne<AttemptTask>().WithMany().HasForeignKey(x => x.AttemptTaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ExamAttempt>().WithMany().HasForeignKey(x => x.AttemptId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.ExaminerId).OnDelete(DeleteBehavior.Restrict);
        // One mark per script and round, one per script and examiner: two examiners never take the same round and
        // nobody marks a script twice, whatever arrives at once.
        b.HasIndex(x => new { x.AttemptTaskId, x.Round }).IsUnique();
        b.HasIndex(x => new { x.AttemptTaskId, x.ExaminerId }).IsUnique();
        b.HasIndex(x => new { x.ExaminerId, x.SubmittedAt });
        b.HasIndex(x => x.SessionId);
        b.ToTable(t => t.HasCheckConstraint("CK_ScriptMarks_Round", "\"Round\" BETWEEN 1 AND 3"));
    }
}
