using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data.Configurations;

public class CohortConfiguration : IEntityTypeConfiguration<Cohort>
{
    public void Configure(EntityTypeBuilder<Cohort> b)
    {
        b.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Venue>().WithMany().HasForeignKey(x => x.VenueId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Pattern).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Revision).IsConcurrencyToken();

        // The daily slots are one value: "09:00-12:00; 13:30-17:30".
        b.Property<List<TimeSlot>>("_slots")
            .HasColumnName("Slots")
            .HasMaxLength(200)
            .HasConversion(
                v => TimeSlot.Format(v),
                v => TimeSlot.ParseList(v).ToList(),
                new ValueComparer<List<TimeSlot>>((l, r) => l!.SequenceEqual(r!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)), v => v.ToList()));
        b.Ignore(x => x.Slots);

        b.HasIndex(x => new { x.Status, x.StartsOn });
        b.HasIndex(x => new { x.CenterId, x.StartsOn });
        b.HasIndex(x => x.CourseId);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Cohorts_Capacity", "\"Capacity\" > 0");
            t.HasCheckConstraint("CK_Cohorts_Seats", "\"SeatsTaken\" >= 0 AND \"SeatsTaken\" <= \"Capacity\"");
        });
    }
}
