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
    }
}

public class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.HasOne<Enrollment>().WithMany().HasForeignKey(x => x.EnrollmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.LearnerId).HasMaxLength(450);
        b.Property(x => x.Method).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(x => x.StripeCheckoutSessionId).HasMaxLength(255);
        b.Property(x => x.StripePaymentIntentId).HasMaxLength(255);
        b.Property(x => x.Reference).HasMaxLength(100);
        b.Property(x => x.RecordedBy).HasMaxLength(450);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasIndex(x => x.StripeCheckoutSessionId).IsUnique();
        b.HasIndex(x => x.StripePaymentIntentId);
        b.HasIndex(x => x.EnrollmentId);
        b.ToTable(t =>
        {
            // Cast, because SQLite keeps decimals as text, and text compares as text (and above every number).
            t.HasCheckConstraint("CK_Payments_Amount", "CAST(\"Amount\" AS DECIMAL(18, 2)) >= 0");
            t.HasCheckConstraint("CK_Payments_Refunded",
                "CAST(\"RefundedAmount\" AS DECIMAL(18, 2)) >= 0 AND CAST(\"RefundedAmount\" AS DECIMAL(18, 2)) <= CAST(\"Amount\" AS DECIMAL(18, 2))");
        });
    }
}

public class ProcessedStripeEventConfiguration : IEntityTypeConfiguration<ProcessedStripeEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedStripeEvent> b)
    {
        b.HasKey(x => x.EventId);
        b.Property(x => x.EventId).HasMaxLength(255);
        b.Property(x => x.Type).HasMaxLength(100);
        b.Property(x => x.AwaitingPaymentIntentId).HasMaxLength(255);
        b.HasIndex(x => x.AwaitingPaymentIntentId);
    }
}
