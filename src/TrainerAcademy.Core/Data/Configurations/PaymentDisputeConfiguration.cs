using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data.Configurations;

public class PaymentDisputeConfiguration : IEntityTypeConfiguration<PaymentDispute>
{
    public void Configure(EntityTypeBuilder<PaymentDispute> b)
    {
        b.HasOne<Payment>().WithMany().HasForeignKey(x => x.PaymentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.StripeDisputeId).HasMaxLength(255);
        b.Property(x => x.Reason).HasMaxLength(60);
        b.Property(x => x.Status).HasMaxLength(40);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasIndex(x => x.StripeDisputeId).IsUnique();
        b.HasIndex(x => x.PaymentId);
    }
}
