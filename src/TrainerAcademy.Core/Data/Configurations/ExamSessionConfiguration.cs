using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Data.Configurations;

public class ExamSessionConfiguration : IEntityTypeConfiguration<ExamSession>
{
    public void Configure(EntityTypeBuilder<ExamSession> b)
    {
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.Mode).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.Ignore(x => x.ResultsReleased);
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Venue>().WithMany().HasForeignKey(x => x.VenueId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ExamBlueprint>().WithMany().HasForeignKey(x => x.BlueprintId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Domain.Practical.SkillBlueprint>().WithMany().HasForeignKey(x => x.SkillBlueprintId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Domain.Practical.SkillBlueprint>().WithMany().HasForeignKey(x => x.ReviewBlueprintId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SkillLevel>().WithMany().HasForeignKey(x => x.Level).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.Level, x.WindowStart });
        b.HasIndex(x => new { x.CenterId, x.WindowStart });
        // Reports count results by the month they were released.
        b.HasIndex(x => x.ResultsReleasedAt);
        // Seats are counted by a conditional UPDATE; the database refuses a count outside 0..Capacity whatever the code does.
        b.ToTable(t => t.HasCheckConstraint("CK_ExamSessions_Registered", "\"Registered\" >= 0 AND \"Registered\" <= \"Capacity\""));
    }
}
