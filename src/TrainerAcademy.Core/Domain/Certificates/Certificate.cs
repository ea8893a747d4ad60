namespace TrainerAcademy.Domain.Certificates;

public enum CertificateStatus
{
    Valid,
    Revoked,

    /// <summary>Replaced by a re-issue (e.g. a corrected name); the re-issue is the valid one.</summary>
    Superseded,
}

/// <summary>
/// A certificate issued for one passed result (a registration): its signed facts, the code that verifies them, and
/// the PDF written once with its SHA-256. A registration has one certificate per edition — the first issue is edition 1
/// and a re-issue the next — which the database holds too, so retries, double clicks and two servers issuing at once
/// never make two certificates of one result.
/// </summary>
public class Certificate : ICenterOwned
{
    public const int MaxReason = 500;

    private Certificate() { }

    public Certificate(int registrationId, int sessionId, int centerId, string learnerId, int edition, CertificateFacts facts,
        VerificationCode code, string pdfFile, string pdfSha256, string pdfSeal, int pdfBytes, DateTimeOffset now)
    {
        if (edition < 1) throw new ArgumentOutOfRangeException(nameof(edition));
        RegistrationId = registrationId;
        SessionId = sessionId;
        CenterId = centerId;
        LearnerId = learnerId;
        Edition = edition;
        Number = facts.Number;
        Name = facts.Name;
        IdType = facts.IdType;
        IdNumber = facts.IdNumber;
        Occupation = facts.Occupation;
        Direction = facts.Direction;
        Level = facts.Level;
        LevelName = facts.LevelName;
        Organisation = facts.Organisation;
        IssuedOn = facts.IssuedOn;
        IssuedAt = now;
        KeyId = code.KeyId;
        Code = code.ToString();
        PdfFile = pdfFile;
        PdfSha256 = pdfSha256;
        PdfSeal = pdfSeal;
        PdfBytes = pdfBytes;
        Status = CertificateStatus.Valid;
    }

    public int Id { get; private set; }
    public int RegistrationId { get; private set; }
    public int SessionId { get; private set; }
    public int CenterId { get; private set; }
    public string LearnerId { get; private set; } = "";
    public int Edition { get; private set; }
    public string Number { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string IdType { get; private set; } = "";
    public string IdNumber { get; private set; } = "";
    public string Occupation { get; private set; } = "";
    public string? Direction { get; private set; }
    public int Level { get; private set; }
    public string LevelName { get; private set; } = "";
    public string Organisation { get; private set; } = "";
    public DateOnly IssuedOn { get; private set; }
    public DateTimeOffset IssuedAt { get; private set; }
    public string KeyId { get; private set; } = "";

    /// <summary>The verification code printed and in the QR code.</summary>
    public string Code { get; private set; } = "";

    /// <summary>Where the PDF is kept in the file store.</summary>
    public string PdfFile { get; private set; } = "";
    public string PdfSha256 { get; private set; } = "";

    /// <summary>The signing key's signature over the number and <see cref="PdfSha256"/> (<see cref="DocumentSeal"/>).</summary>
    public string PdfSeal { get; private set; } = "";
    public int PdfBytes { get; private set; }
    public CertificateStatus Status { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public string? RevokedReason { get; private set; }

    /// <summary>The admin who revoked or re-issued it.</summary>
    public string? RevokedById { get; private set; }
    public int? SupersededById { get; private set; }
    public int Revision { get; private set; }

    public CertificateFacts Facts => new(Number, Name, IdType, IdNumber, Occupation, Direction, Level, LevelName, Organisation, IssuedOn);

    public void Revoke(string? reason, string byUserId, DateTimeOffset now)
    {
        if (Status != CertificateStatus.Valid)
            throw new ConflictViolation("certificate.not-valid", $"This certificate is {Status}; only a valid certificate can be revoked.");
        RevokedReason = Reason(reason);
        RevokedAt = now;
        RevokedById = byUserId;
        Status = CertificateStatus.Revoked;
        Revision++;
    }

    /// <summary>Replaced by <paramref name="reissue"/>: this one stays on record and verifies as superseded.</summary>
    public void SupersedeBy(Certificate reissue, string? reason, string byUserId, DateTimeOffset now)
    {
        if (Status != CertificateStatus.Valid)
            throw new ConflictViolation("certificate.not-valid", $"This certificate is {Status}; only a valid certificate can be re-issued.");
        if (reissue.RegistrationId != RegistrationId || reissue.Edition != Edition + 1)
            throw new InvalidOperationException("A re-issue is the next edition of the same result.");
        RevokedReason = Reason(reason);
        RevokedAt = now;
        RevokedById = byUserId;
        SupersededById = reissue.Id;
        Status = CertificateStatus.Superseded;
        Revision++;
    }

    private static string Reason(string? reason)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length is 0 or > MaxReason || reason.Contains('\0'))
            throw new RuleViolation("certificate.reason", $"Give the reason in at most {MaxReason} characters.", "reason");
        return reason;
    }
}
