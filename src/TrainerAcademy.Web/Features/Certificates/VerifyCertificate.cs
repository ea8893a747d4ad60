using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.Certificates;

/// <summary>
/// What the verify page and <c>GET /api/verify/{code}</c> say about a code: <c>Found</c> is false for a code that is
/// malformed or names no certificate; <c>SignatureValid</c> says the code's signature matches the certificate's facts as
/// stored, under the key it names.
/// </summary>
public sealed record Verification(
    bool Found, bool SignatureValid, string? Number, CertificateStatus? Status, string? MaskedName, string? MaskedIdNumber, string? IdType,
    string? Occupation, string? LevelName, string? Organisation, DateOnly? IssuedOn, DateTimeOffset? RevokedAt, string? RevokedReason,
    string? SupersededBy, string? KeyId, string? PdfSha256, string? PdfSeal, bool PdfSealValid)
{
    public static readonly Verification NotFound = new(false, false, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, false);

    public bool Valid => Found && SignatureValid && Status == CertificateStatus.Valid;

    /// <summary>The holder as the contract names it: the masked name.</summary>
    public string? Holder => MaskedName;

    /// <summary>The level as printed (三级/高级工).</summary>
    public string? Level => LevelName;

    /// <summary>The evaluation organisation that issued it.</summary>
    public string? Issuer => Organisation;
}

/// <summary>
/// Anyone checks a certificate by its code: the signature is verified against the facts the platform holds, so a code
/// altered or copied onto other facts does not verify; the status (revoked, superseded) shows as soon as it changes.
/// Only what an employer needs is shown: the name and the identity number masked.
/// </summary>
[FeatureService]
public sealed class VerifyCertificate(AcademyDbContext db, CertificateKeys keys)
{
    public async Task<Verification> VerifyAsync(string? code, CancellationToken ct = default)
    {
        if (VerificationCode.Parse(code) is not { } parsed) return Verification.NotFound;
        var certificate = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Number == parsed.Number, ct);
        if (certificate is null) return Verification.NotFound;
        using var key = await keys.PublicAsync(parsed.KeyId, ct);
        var facts = certificate.Facts;
        var valid = key is not null && parsed.KeyId == certificate.KeyId && parsed.Verifies(facts, key);
        var sealValid = key is not null && DocumentSeal.Verifies(certificate.Number, certificate.PdfSha256, certificate.PdfSeal, key);
        var supersededBy = certificate.SupersededById is { } next
            ? await db.Certificates.AsNoTracking().Where(c => c.Id == next).Select(c => c.Number).SingleOrDefaultAsync(ct)
            : null;
        return new Verification(true, valid, certificate.Number, certificate.Status, PostedName.Of(facts.Name), ChineseIdNumber.Mask(facts.IdNumber),
            facts.IdType, facts.Occupation, facts.LevelName, facts.Organisation, facts.IssuedOn, certificate.RevokedAt, certificate.RevokedReason,
            supersededBy, certificate.KeyId, certificate.PdfSha256, certificate.PdfSeal, sealValid);
    }
}
