using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data.Configurations;

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
        // Reports sum money received by the month it was paid, platform-wide or for one center.
        b.HasIndex(x => new { x.PaidAt, x.Status });
        b.HasIndex(x => new { x.CenterId, x.PaidAt });
        b.ToTable(t =>
        {
            // Cast, because SQLite keeps decimals as text, and text compares as text (and above every number).
            t.HasCheckConstraint("CK_Payments_Amount", "CAST(\"Amount\" AS DECIMAL(18, 2)) >= 0");
            t.HasCheckConstraint("CK_Payments_Refunded",
                "CAST(\"RefundedAmount\" AS DECIMAL(18, 2)) >= 0 AND CAST(\"RefundedAmount\" AS DECIMAL(18, 2)) <= CAST(\"Amount\" AS DECIMAL(18, 2))");
        });
    }
}
