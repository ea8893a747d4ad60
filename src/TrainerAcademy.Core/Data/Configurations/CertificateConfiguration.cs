using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Data.Configurations;

public class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> b)
    {
        b.Property(x => x.Number).HasMaxLength(CertificateNumber.Length).IsFixedLength(false);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.IdType).HasMaxLength(40);
        b.Property(x => x.IdNumber).HasMaxLength(PersonalDataColumns.MaxLength); // ciphertext (IPersonalDataProtector)
        b.Property(x => x.Occupation).HasMaxLength(40);
        b.Property(x => x.Direction).HasMaxLength(40);
        b.Property(x => x.LevelName).HasMaxLength(20);
        b.Property(x => x.Organisation).HasMaxLength(100);
        b.Property(x => x.KeyId).HasMaxLength(SigningKeyId.MaxLength);
        b.Property(x => x.Code).HasMaxLength(VerificationCode.MaxLength);
        b.Property(x => x.PdfFile).HasMaxLength(200);
        b.Property(x => x.PdfSha256).HasMaxLength(64);
        b.Property(x => x.PdfSeal).HasMaxLength(100);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.RevokedReason).HasMaxLength(Certificate.MaxReason);
        b.Property(x => x.RevokedById).HasMaxLength(450);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.Ignore(x => x.Facts);
        b.HasOne<ExamRegistration>().WithMany().HasForeignKey(x => x.RegistrationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ExamSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.LearnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.Number).IsUnique();
        // One certificate per result and edition: a retry, a double click or a second server never issues two.
        b.HasIndex(x => new { x.RegistrationId, x.Edition }).IsUnique();
        b.HasIndex(x => new { x.LearnerId, x.Level, x.Status });
        b.HasIndex(x => x.SessionId);
    }
}

public class CertificateSerialConfiguration : IEntityTypeConfiguration<CertificateSerial>
{
    public void Configure(EntityTypeBuilder<CertificateSerial> b)
    {
        b.HasKey(x => new { x.CenterId, x.Year, x.Level });
        b.HasOne<TrainingCenter>().WithMany().HasForeignKey(x => x.CenterId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("CK_CertificateSerials_Last", "\"Last\" >= 0 AND \"Last\" <= 999999"));
    }
}

public class CertificateSigningKeyConfiguration : IEntityTypeConfiguration<CertificateSigningKey>
{
    public void Configure(EntityTypeBuilder<CertificateSigningKey> b)
    {
        b.Property(x => x.Id).HasMaxLength(SigningKeyId.MaxLength);
        b.Property(x => x.PublicKey).HasMaxLength(400);
        b.Property(x => x.ProtectedPrivateKey).HasMaxLength(2000);
    }
}

public class CertificateBatchConfiguration : IEntityTypeConfiguration<CertificateBatch>
{
    public void Configure(EntityTypeBuilder<CertificateBatch> b)
    {
        b.Property(x => x.PublicBase).HasMaxLength(200);
        b.Property(x => x.ArchiveFile).HasMaxLength(200);
        b.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Items).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasOne<ExamSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.SessionId);
    }
}

public class CertificateBatchItemConfiguration : IEntityTypeConfiguration<CertificateBatchItem>
{
    public void Configure(EntityTypeBuilder<CertificateBatchItem> b)
    {
        b.Property(x => x.Error).HasMaxLength(CertificateBatchItem.MaxError);
        b.Ignore(x => x.Done);
        b.HasIndex(x => new { x.BatchId, x.RegistrationId }).IsUnique();
    }
}
