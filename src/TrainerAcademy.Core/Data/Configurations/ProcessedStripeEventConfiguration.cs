using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data.Configurations;

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
