using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrainerAcademy.Data.Configurations;

public class RateLimitCounterConfiguration : IEntityTypeConfiguration<RateLimitCounter>
{
    public void Configure(EntityTypeBuilder<RateLimitCounter> b)
    {
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(RateLimitCounter.MaxKey);
        b.HasIndex(x => x.ExpiresAt);
    }
}
