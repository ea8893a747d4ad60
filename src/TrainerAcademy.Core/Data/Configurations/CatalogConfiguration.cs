using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data.Configurations;

public class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> b)
    {
        b.Property(x => x.OccupationCode).HasMaxLength(20);
        b.Property(x => x.Title).HasMaxLength(120);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Occupation>().WithMany().HasForeignKey(x => x.OccupationCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SkillLevel>().WithMany().HasForeignKey(x => x.Level).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CenterId, x.Level });
        b.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Courses_Hours", "\"TheoryHours\" > 0 AND \"PracticeHours\" > 0");
            t.HasCheckConstraint("CK_Courses_Fee", "CAST(\"Fee\" AS DECIMAL(18, 2)) >= 0");
        });
    }
}

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

public class LearnerProfileConfiguration : IEntityTypeConfiguration<LearnerProfile>
{
    public void Configure(EntityTypeBuilder<LearnerProfile> b)
    {
        b.HasKey(x => x.UserId);
        b.HasOne<ApplicationUser>().WithOne().HasForeignKey<LearnerProfile>(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.RealName).HasMaxLength(50);
        b.Property(x => x.IdType).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.IdNumber).HasMaxLength(20);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.Employment).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Education).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.SocialInsuranceCity).HasMaxLength(50);
        b.Property(x => x.HukouCity).HasMaxLength(50);
    }
}

public class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("Outbox");
        b.Property(x => x.To).HasMaxLength(256);
        b.Property(x => x.Subject).HasMaxLength(300);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.HasIndex(x => x.SentAt);
    }
}

public class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> b)
    {
        b.Property(x => x.DisplayName).HasMaxLength(100);
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.Restrict);
    }
}
