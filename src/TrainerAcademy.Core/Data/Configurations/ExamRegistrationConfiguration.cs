using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Data.Configurations;

public class ExamRegistrationConfiguration : IEntityTypeConfiguration<ExamRegistration>
{
    public void Configure(EntityTypeBuilder<ExamRegistration> b)
    {
        b.Property(x => x.TicketNumber).HasMaxLength(30);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.PriorCertificateNumber).HasMaxLength(40);
        b.Property(x => x.ConditionsVersion).HasMaxLength(20);
        b.HasOne<ExamSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.LearnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.TicketNumber).IsUnique();
        // One live registration per candidate and session, whatever races the application loses.
        b.HasIndex(x => new { x.SessionId, x.LearnerId })
            .IsUnique()
            .HasFilter("\"Status\" = 'Registered'")
            .HasDatabaseName("UX_ExamRegistrations_Live");
        b.HasIndex(x => x.LearnerId);
    }
}
