namespace TrainerAcademy.Domain.Certificates;

/// <summary>
/// An issuance an admin started for the approved candidates of one session: one item per registration, done when its
/// certificate is issued or it has failed with a reason. The batch job works through the items not done, so a run
/// that stopped (a crash, a deploy) resumes where it was; progress is the share of items done.
/// </summary>
public class CertificateBatch : ICenterOwned
{
    private readonly List<CertificateBatchItem> _items = [];

    private CertificateBatch() { }

    public CertificateBatch(int sessionId, int centerId, string requestedById, IReadOnlyCollection<int> registrationIds, string publicBase, DateTimeOffset now)
    {
        if (registrationIds.Count == 0)
            throw new RuleViolation("certificate-batch.empty", "Choose at least one eligible candidate.", "registrationIds");
        SessionId = sessionId;
        CenterId = centerId;
        RequestedById = requestedById;
        PublicBase = publicBase;
        CreatedAt = now;
        _items.AddRange(registrationIds.Distinct().Select(id => new CertificateBatchItem(id)));
        Total = _items.Count;
    }

    public int Id { get; private set; }
    public int SessionId { get; private set; }
    public int CenterId { get; private set; }
    public string RequestedById { get; private set; } = "";

    /// <summary>The platform's public address when the batch was started, which the certificates' verification links use.</summary>
    public string PublicBase { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public int Total { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public IReadOnlyList<CertificateBatchItem> Items => _items;

    public void Complete(DateTimeOffset now) => CompletedAt ??= now;

    /// <summary>The zip of the batch's PDFs in the document store, once built.</summary>
    public string? ArchiveFile { get; private set; }
    public DateTimeOffset? ArchiveRequestedAt { get; private set; }
    public DateTimeOffset? ArchiveReadyAt { get; private set; }

    /// <summary>Asks for the zip of the PDFs: only once every certificate of the batch is issued or has failed.</summary>
    public void RequestArchive(DateTimeOffset now)
    {
        if (CompletedAt is null)
            throw new ConflictViolation("certificate-batch.not-complete", "The batch is still issuing; the PDFs can be downloaded together once it is done.");
        ArchiveRequestedAt = now;
        ArchiveFile = null;
        ArchiveReadyAt = null;
    }

    public void ArchiveWritten(string file, DateTimeOffset now)
    {
        ArchiveFile = file;
        ArchiveReadyAt = now;
    }
}

public class CertificateBatchItem
{
    public const int MaxError = 300;

    private CertificateBatchItem() { }

    public CertificateBatchItem(int registrationId) => RegistrationId = registrationId;

    public int Id { get; private set; }
    public int BatchId { get; private set; }
    public int RegistrationId { get; private set; }
    public int? CertificateId { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset? DoneAt { get; private set; }

    public bool Done => DoneAt is not null;

    public void Issued(int certificateId, DateTimeOffset now)
    {
        CertificateId = certificateId;
        Error = null;
        DoneAt = now;
    }

    public void Failed(string error, DateTimeOffset now)
    {
        Error = error.Length > MaxError ? error[..MaxError] : error;
        DoneAt = now;
    }
}
