using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Domain.Subsidies;

namespace TrainerAcademy.Data.Configurations;

public class SubsidyPolicyVersionConfiguration : IEntityTypeConfiguration<SubsidyPolicyVersion>
{
    public void Configure(EntityTypeBuilder<SubsidyPolicyVersion> b)
    {
        b.Property(x => x.PolicyCode).HasMaxLength(SubsidyPolicyVersion.MaxCode);
        b.Property(x => x.Name).HasMaxLength(SubsidyPolicyVersion.MaxName);
        b.Property(x => x.EnglishName).HasMaxLength(SubsidyPolicyVersion.MaxName);
        b.Property(x => x.TermsJson).HasMaxLength(8000);
        b.Property(x => x.Note).HasMaxLength(SubsidyPolicyVersion.MaxNote);
        b.Property(x => x.CreatedById).HasMaxLength(450);
        b.Ignore(x => x.Terms);
        // Two admins adding a version at once: one version number and one effective day per policy.
        b.HasIndex(x => new { x.PolicyCode, x.Version }).IsUnique();
        b.HasIndex(x => new { x.PolicyCode, x.EffectiveFrom }).IsUnique();
    }
}

public class SubsidyApplicationConfiguration : IEntityTypeConfiguration<SubsidyApplication>
{
    public void Configure(EntityTypeBuilder<SubsidyApplication> b)
    {
        b.Property(x => x.LearnerId).HasMaxLength(450);
        b.Property(x => x.PolicyCode).HasMaxLength(SubsidyPolicyVersion.MaxCode);
        b.Property(x => x.Occupation).HasMaxLength(40);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.Ignore(x => x.Counts);
        b.HasOne<Certificate>().WithMany().HasForeignKey(x => x.CertificateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.LearnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SubsidyPolicyVersion>().WithMany().HasForeignKey(x => x.PolicyVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SubsidyBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.History).WithOne().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        // One claim per certificate, whatever its outcome: parallel requests, double clicks and a second server make one.
        b.HasIndex(x => x.CertificateId).IsUnique();
        b.HasIndex(x => x.LearnerId);
        b.HasIndex(x => new { x.Status, x.SubmittedAt });
        b.HasIndex(x => x.BatchId);
        b.ToTable(t => t.HasCheckConstraint("CK_SubsidyApplications_Amount", "CAST(\"Amount\" AS DECIMAL(18, 2)) > 0"));
    }
}

public class SubsidyDecisionConfiguration : IEntityTypeConfiguration<SubsidyDecision>
{
    public void Configure(EntityTypeBuilder<SubsidyDecision> b)
    {
        b.Property(x => x.Action).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.FromStatus).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ToStatus).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ByUserId).HasMaxLength(450);
        b.Property(x => x.Reason).HasMaxLength(SubsidyApplication.MaxReason);
        b.HasIndex(x => new { x.ApplicationId, x.At });
        b.HasIndex(x => x.At);
    }
}

public class SubsidyBatchConfiguration : IEntityTypeConfiguration<SubsidyBatch>
{
    public void Configure(EntityTypeBuilder<SubsidyBatch> b)
    {
        b.Property(x => x.CreatedById).HasMaxLength(450);
        b.Property(x => x.PaidById).HasMaxLength(450);
        b.Property(x => x.PaymentReference).HasMaxLength(100);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Revision).IsConcurrencyToken();
    }
}

public class SubsidyReminderConfiguration : IEntityTypeConfiguration<SubsidyReminder>
{
    public void Configure(EntityTypeBuilder<SubsidyReminder> b)
    {
        // The key is the "once": two overlapping runs insert the same row and only one commits its e-mail.
        b.HasKey(x => new { x.CertificateId, x.DaysBefore });
        b.HasOne<Certificate>().WithMany().HasForeignKey(x => x.CertificateId).OnDelete(DeleteBehavior.Cascade);
    }
}
