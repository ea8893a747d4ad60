using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Data.Configurations;

public class QuestionConfiguration : IEntityTypeConfiguration<Question>
{
    public void Configure(EntityTypeBuilder<Question> b)
    {
        b.Property(x => x.Code).HasMaxLength(40);
        b.Property(x => x.WorkFunctionCode).HasMaxLength(40);
        b.HasIndex(x => x.Code).IsUnique();
        b.HasIndex(x => new { x.Level, x.WorkFunctionCode, x.Retired });
        b.HasOne<WorkFunction>().WithMany().HasForeignKey(x => x.WorkFunctionCode).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Versions).WithOne(v => v.Question).HasForeignKey(v => v.QuestionId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Versions).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(x => x.Current);
    }
}

public class QuestionVersionConfiguration : IEntityTypeConfiguration<QuestionVersion>
{
    public void Configure(EntityTypeBuilder<QuestionVersion> b)
    {
        b.Property(x => x.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Stem).HasMaxLength(QuestionContent.MaxStem);
        b.Property(x => x.OptionsJson).HasMaxLength(4000);
        b.Property(x => x.Answer).HasMaxLength(10);
        b.Property(x => x.Explanation).HasMaxLength(1000);
        b.Ignore(x => x.Options);
        b.Ignore(x => x.Content);
        b.HasIndex(x => new { x.QuestionId, x.Number }).IsUnique();
        b.ToTable(t => t.HasCheckConstraint("CK_QuestionVersions_Difficulty", "\"Difficulty\" BETWEEN 1 AND 3"));
    }
}

public class ExamBlueprintConfiguration : IEntityTypeConfiguration<ExamBlueprint>
{
    public void Configure(EntityTypeBuilder<ExamBlueprint> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.PassMark).HasPrecision(5, 2);
        b.Ignore(x => x.ItemCount);
        b.HasOne<SkillLevel>().WithMany().HasForeignKey(x => x.Level).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.Level, x.Active });
        b.OwnsMany(x => x.Lines, l =>
        {
            l.ToTable("BlueprintLines");
            l.WithOwner().HasForeignKey("BlueprintId");
            l.Property<int>("Id");
            l.HasKey("Id");
            l.Property(x => x.WorkFunctionCode).HasMaxLength(40);
            l.Property(x => x.Type).HasConversion<string>().HasMaxLength(20);
            l.Property(x => x.Points).HasPrecision(5, 2);
            l.Ignore(x => x.Total);
        });
    }
}

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
        b.HasOne<SkillLevel>().WithMany().HasForeignKey(x => x.Level).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.Level, x.WindowStart });
        b.HasIndex(x => new { x.CenterId, x.WindowStart });
        // Seats are counted by a conditional UPDATE; the database refuses a count outside 0..Capacity whatever the code does.
        b.ToTable(t => t.HasCheckConstraint("CK_ExamSessions_Registered", "\"Registered\" >= 0 AND \"Registered\" <= \"Capacity\""));
    }
}

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

public class ExamAttemptConfiguration : IEntityTypeConfiguration<ExamAttempt>
{
    public void Configure(EntityTypeBuilder<ExamAttempt> b)
    {
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.PassMark).HasPrecision(5, 2);
        b.Property(x => x.Score).HasPrecision(5, 2);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasOne<ExamRegistration>().WithMany().HasForeignKey(x => x.RegistrationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ExamSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.LearnerId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<ExamBlueprint>().WithMany().HasForeignKey(x => x.BlueprintId).OnDelete(DeleteBehavior.NoAction);
        // One attempt per registration: a second start resumes it, and two racing starts cannot both insert.
        b.HasIndex(x => x.RegistrationId).IsUnique();
        b.HasIndex(x => new { x.SessionId, x.Status });
        b.HasIndex(x => new { x.Status, x.Deadline });
        b.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.AttemptId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Items).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

public class AttemptItemConfiguration : IEntityTypeConfiguration<AttemptItem>
{
    public void Configure(EntityTypeBuilder<AttemptItem> b)
    {
        b.Property(x => x.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.WorkFunctionCode).HasMaxLength(40);
        b.Property(x => x.OptionOrder).HasMaxLength(10);
        b.Property(x => x.Points).HasPrecision(5, 2);
        b.Property(x => x.Awarded).HasPrecision(5, 2);
        b.Property(x => x.Response).HasMaxLength(10);
        b.HasOne<QuestionVersion>().WithMany().HasForeignKey(x => x.QuestionVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.AttemptId, x.Position }).IsUnique();
        b.HasIndex(x => x.QuestionVersionId);
    }
}

public class AttemptEventConfiguration : IEntityTypeConfiguration<AttemptEvent>
{
    public void Configure(EntityTypeBuilder<AttemptEvent> b)
    {
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Detail).HasMaxLength(200);
        b.HasOne<ExamAttempt>().WithMany().HasForeignKey(x => x.AttemptId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.AttemptId, x.At });
    }
}
