using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data;

/// <param name="personalData">
/// Encrypts the columns that hold identity and phone numbers and keys their hash; the app always gives one, design-time
/// tooling none (the columns are strings either way).
/// </param>
public class AcademyDbContext(DbContextOptions<AcademyDbContext> options, IPersonalDataProtector? personalData = null)
    : IdentityDbContext<ApplicationUser>(options)
{
    /// <summary>The protector the model's value converters use; part of the model cache key (<see cref="ModelCacheKeys"/>).</summary>
    public IPersonalDataProtector? PersonalData { get; } = personalData;

    public DbSet<Domain.Privacy.PersonalDataKey> PersonalDataKeys => Set<Domain.Privacy.PersonalDataKey>();
    public DbSet<Domain.Privacy.DeletionRequest> DeletionRequests => Set<Domain.Privacy.DeletionRequest>();
    public DbSet<RateLimitCounter> RateLimitCounters => Set<RateLimitCounter>();

    public DbSet<SkillLevel> SkillLevels => Set<SkillLevel>();
    public DbSet<Occupation> Occupations => Set<Occupation>();
    public DbSet<WorkFunction> WorkFunctions => Set<WorkFunction>();
    public DbSet<ReferenceDataSet> ReferenceDataSets => Set<ReferenceDataSet>();
    public DbSet<Domain.Scheduling.StatutoryCalendarEntry> StatutoryCalendar => Set<Domain.Scheduling.StatutoryCalendarEntry>();
    public DbSet<Domain.Scheduling.StatutoryCalendarYear> StatutoryCalendarYears => Set<Domain.Scheduling.StatutoryCalendarYear>();
    public DbSet<Domain.Scheduling.TimetableCalendarGap> TimetableCalendarGaps => Set<Domain.Scheduling.TimetableCalendarGap>();
    public DbSet<Domain.Scheduling.CohortSession> CohortSessions => Set<Domain.Scheduling.CohortSession>();
    public DbSet<Domain.Scheduling.TimetableConflict> TimetableConflicts => Set<Domain.Scheduling.TimetableConflict>();
    public DbSet<Domain.Scheduling.CalendarFeed> CalendarFeeds => Set<Domain.Scheduling.CalendarFeed>();
    public DbSet<Domain.Scheduling.CenterClosure> CenterClosures => Set<Domain.Scheduling.CenterClosure>();
    public DbSet<Domain.Attendance.AttendanceRecord> AttendanceRecords => Set<Domain.Attendance.AttendanceRecord>();
    public DbSet<TrainingCenter> Centers => Set<TrainingCenter>();
    public DbSet<Venue> Venues => Set<Venue>();
    public DbSet<Instructor> Instructors => Set<Instructor>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<Cohort> Cohorts => Set<Cohort>();
    public DbSet<LearnerProfile> LearnerProfiles => Set<LearnerProfile>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<Enrollment> Enrollments => Set<Enrollment>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<ProcessedStripeEvent> ProcessedStripeEvents => Set<ProcessedStripeEvent>();
    public DbSet<OwedRefund> OwedRefunds => Set<OwedRefund>();
    public DbSet<PaymentDispute> PaymentDisputes => Set<PaymentDispute>();
    public DbSet<Domain.Exams.Question> Questions => Set<Domain.Exams.Question>();
    public DbSet<Domain.Exams.QuestionVersion> QuestionVersions => Set<Domain.Exams.QuestionVersion>();
    public DbSet<Domain.Practical.PracticalTask> PracticalTasks => Set<Domain.Practical.PracticalTask>();
    public DbSet<Domain.Exams.ExamBlueprint> ExamBlueprints => Set<Domain.Exams.ExamBlueprint>();
    public DbSet<Domain.Exams.ExamSession> ExamSessions => Set<Domain.Exams.ExamSession>();
    public DbSet<Domain.Exams.ExamRegistration> ExamRegistrations => Set<Domain.Exams.ExamRegistration>();
    public DbSet<Domain.Exams.ExamAttempt> ExamAttempts => Set<Domain.Exams.ExamAttempt>();
    public DbSet<Domain.Exams.AttemptItem> AttemptItems => Set<Domain.Exams.AttemptItem>();
    public DbSet<Domain.Practical.AttemptTask> AttemptTasks => Set<Domain.Practical.AttemptTask>();
    public DbSet<Domain.Practical.SkillBlueprint> SkillBlueprints => Set<Domain.Practical.SkillBlueprint>();
    public DbSet<Domain.Exams.AttemptEvent> AttemptEvents => Set<Domain.Exams.AttemptEvent>();
    public DbSet<Domain.Certificates.Certificate> Certificates => Set<Domain.Certificates.Certificate>();
    public DbSet<Domain.Certificates.CertificateSerial> CertificateSerials => Set<Domain.Certificates.CertificateSerial>();
    public DbSet<Domain.Certificates.CertificateSigningKey> CertificateSigningKeys => Set<Domain.Certificates.CertificateSigningKey>();
    public DbSet<Domain.Certificates.CertificateBatch> CertificateBatches => Set<Domain.Certificates.CertificateBatch>();
    public DbSet<Domain.Results.ResultReview> ResultReviews => Set<Domain.Results.ResultReview>();
    public DbSet<Domain.Marking.ExaminerGrant> ExaminerGrants => Set<Domain.Marking.ExaminerGrant>();
    public DbSet<Domain.Marking.ScriptMark> ScriptMarks => Set<Domain.Marking.ScriptMark>();
    public DbSet<Domain.Files.StoredFile> StoredFiles => Set<Domain.Files.StoredFile>();
    public DbSet<Domain.Subsidies.SubsidyPolicyVersion> SubsidyPolicies => Set<Domain.Subsidies.SubsidyPolicyVersion>();
    public DbSet<Domain.Subsidies.SubsidyApplication> SubsidyApplications => Set<Domain.Subsidies.SubsidyApplication>();
    public DbSet<Domain.Subsidies.SubsidyDecision> SubsidyDecisions => Set<Domain.Subsidies.SubsidyDecision>();
    public DbSet<Domain.Subsidies.SubsidyBatch> SubsidyBatches => Set<Domain.Subsidies.SubsidyBatch>();
    public DbSet<Domain.Subsidies.SubsidyReminder> SubsidyReminders => Set<Domain.Subsidies.SubsidyReminder>();

    /// <summary>Append-only: lines are added in the transaction of the change they record, never changed or removed (<see cref="RefuseAuditChanges"/>).</summary>
    public DbSet<Domain.Audit.AuditEntry> AuditEntries => Set<Domain.Audit.AuditEntry>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAuditChanges();
        HashIdNumbers();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditChanges();
        HashIdNumbers();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>The audit log is append-only: a changed or removed line is a bug, and nothing is saved.</summary>
    private void RefuseAuditChanges()
    {
        if (ChangeTracker.Entries<Domain.Audit.AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("Audit entries are append-only: they are never changed or removed.");
    }

    /// <summary>Keeps each saved profile's keyed identity-number hash in step with its document type and number.</summary>
    private void HashIdNumbers()
    {
        if (PersonalData is not { } protector) return;
        foreach (var entry in ChangeTracker.Entries<LearnerProfile>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            var hash = protector.IdNumberHash(entry.Entity.IdType, entry.Entity.IdNumber);
            var property = entry.Property(p => p.IdNumberHash);
            if (!string.Equals(property.CurrentValue, hash, StringComparison.Ordinal)) property.CurrentValue = hash;
        }
    }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ReplaceService<IModelCacheKeyFactory, ModelCacheKeys>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AcademyDbContext).Assembly);
        if (PersonalData is { } protector)
        {
            // Encrypted at rest: the value converter protects on write and unprotects on read, in queries' projections too.
            // Such a column can only be compared through its hash (IdNumberHash), never by value in SQL.
            var converter = new ValueConverter<string, string>(v => protector.Protect(v), v => protector.Unprotect(v));
            var nullable = new ValueConverter<string?, string?>(v => v == null ? null : protector.Protect(v), v => v == null ? null : protector.Unprotect(v));
            builder.Entity<LearnerProfile>().Property(p => p.IdNumber).HasConversion(nullable);
            builder.Entity<LearnerProfile>().Property(p => p.Phone).HasConversion(nullable);
            builder.Entity<Domain.Certificates.Certificate>().Property(c => c.IdNumber).HasConversion(converter);
        }
    }

    /// <summary>
    /// A model per protector: the value converters hold the protector, so a context with another one (another app instance
    /// in one process, as the tests start) must not reuse a model built for the first.
    /// </summary>
    internal sealed class ModelCacheKeys : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            (context.GetType(), (context as AcademyDbContext)?.PersonalData, designTime);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // SQLite has no date-time-with-offset type; stored as a sortable integer it can still be compared and ordered in SQL.
        if (Database.IsSqlite())
            configuration.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configuration.Properties<decimal>().HavePrecision(18, 2);
    }
}
