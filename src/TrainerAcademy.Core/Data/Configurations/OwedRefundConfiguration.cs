using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data.Configurations;

public class OwedRefundConfiguration : IEntityTypeConfiguration<OwedRefund>
{
    public void Configure(EntityTypeBuilder<OwedRefund> b)
    {
        b.HasOne<Payment>().WithMany().HasForeignKey(x => x.PaymentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Reason).HasMaxLength(40);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.StripeRefundId).HasMaxLength(255);
        b.Property(x => x.Revision).IsConcurrencyToken();
        // A decision is stored once, however often the event or the request that made it is repeated.
        b.HasIndex(x => new { x.PaymentId, x.Reason }).IsUnique();
        b.HasIndex(x => new { x.Status, x.CreatedAt });
        b.ToTable(t => t.HasCheckConstraint("CK_OwedRefunds_Amount", "CAST(\"Amount\" AS DECIMAL(18, 2)) > 0"));
    }
}
