using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data.Configurations;

public class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> b)
    {
        b.HasOne<Cohort>().WithMany().HasForeignKey(x => x.CohortId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.LearnerId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Funding).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.CloseReason).HasMaxLength(40);
        b.Property(x => x.Revision).IsConcurrencyToken();

        // One live place per learner and cohort, whatever races the application loses.
        b.HasIndex(x => new { x.CohortId, x.LearnerId })
            .IsUnique()
            .HasFilter("\"Status\" IN ('PendingPayment', 'Confirmed', 'Waitlisted')")
            .HasDatabaseName("UX_Enrollments_LivePlace");
        b.HasIndex(x => new { x.CohortId, x.Status, x.CreatedAt });
        b.HasIndex(x => new { x.Status, x.HoldExpiresAt });
        b.HasIndex(x => x.LearnerId);
        // Reports count places by the month they were confirmed, platform-wide or for one center.
        b.HasIndex(x => x.ConfirmedAt);
        b.HasIndex(x => new { x.CenterId, x.ConfirmedAt });
    }
}
