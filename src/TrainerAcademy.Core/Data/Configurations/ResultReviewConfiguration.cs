using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Data.Configurations;

public class ResultReviewConfiguration : IEntityTypeConfiguration<ResultReview>
{
    public void Configure(EntityTypeBuilder<ResultReview> b)
    {
        b.Property(x => x.Component).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Reason).HasMaxLength(ResultReview.ReasonMaxLength);
        b.Property(x => x.Resolution).HasMaxLength(ResultReview.ReasonMaxLength);
        b.Property(x => x.PreviousScore).HasPrecision(5, 2);
        b.Property(x => x.ResolvedScore).HasPrecision(5, 2);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.Ignore(x => x.IsOpen);
        b.HasOne<ExamAttempt>().WithMany().HasForeignKey(x => x.AttemptId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ExamRegistration>().WithMany().HasForeignKey(x => x.RegistrationId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<ExamSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.LearnerId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.ResolvedById).OnDelete(DeleteBehavior.NoAction);
        // One review per attempt (component of a registration): two racing requests cannot both insert.
        b.HasIndex(x => x.AttemptId).IsUnique();
        b.HasIndex(x => new { x.Status, x.RequestedAt });
        b.HasIndex(x => x.RegistrationId);
        b.HasIndex(x => new { x.CenterId, x.Status });
    }
}
