using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Infrastructure.Files;

namespace TrainerAcademy.Features.Certificates;

public sealed record CertificateView(int Id, string Number, int Edition, string Name, string IdType, string IdNumber, string Occupation,
    string? Direction, int Level, string LevelName, string Organisation, DateOnly IssuedOn, CertificateStatus Status, DateTimeOffset? RevokedAt,
    string? RevokedReason, int? SupersededById, string Code, string VerifyUrl, string PdfSha256, int PdfBytes, int RegistrationId, int SessionId);

/// <summary>Certificates as their holders and admins read them, and the PDF as it was written.</summary>
[FeatureService]
public sealed class CertificateQueries(AcademyDbContext db, CurrentUser user, IDocumentStore store, PublicUrl publicUrl)
{
    /// <summary>The signed-in learner's certificates, newest first.</summary>
    public async Task<IReadOnlyList<CertificateView>> MineAsync(CancellationToken ct = default)
    {
        var me = user.RequiredId;
        var rows = await db.Certificates.AsNoTracking().Where(c => c.LearnerId == me).OrderByDescending(c => c.IssuedAt).ToListAsync(ct);
        return [.. rows.Select(View)];
    }

    /// <summary>A certificate for its holder or an admin; anybody else is told it does not exist.</summary>
    public async Task<CertificateView> OneAsync(int id, CancellationToken ct = default) => View(await OwnedAsync(id, ct));

    public async Task<(string FileName, byte[] Pdf)> PdfAsync(int id, CancellationToken ct = default)
    {
        var certificate = await OwnedAsync(id, ct);
        var pdf = await store.ReadAsync(certificate.PdfFile, ct)
            ?? throw new InvalidOperationException($"The PDF of certificate {certificate.Number} is missing from the document store.");
        return ($"certificate-{certificate.Number}.pdf", pdf);
    }

    /// <summary>The certificate for its holder or an admin; anybody else is told it does not exist.</summary>
    public async Task<Certificate> OwnedAsync(int id, CancellationToken ct)
    {
        var certificate = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (certificate is null || !(certificate.LearnerId == user.Id || user.IsAdmin)) throw new NotFoundException();
        return certificate;
    }

    /// <summary>
    /// The holder sees the full identity number (their own, and the signed facts an offline check needs); anyone else (an
    /// administrator) sees it masked: the register export is the audited full view.
    /// </summary>
    public CertificateView View(Certificate c) => new(c.Id, c.Number, c.Edition, c.Name, c.IdType, c.LearnerId == user.Id ? c.IdNumber : Privacy.PersonalDataMask.IdNumber(c.IdNumber)!, c.Occupation, c.Direction, c.Level,
        c.LevelName, c.Organisation, c.IssuedOn, c.Status, c.RevokedAt, c.RevokedReason, c.SupersededById, c.Code, $"{publicUrl.Base}/verify/{c.Code}",
        c.PdfSha256, c.PdfBytes, c.RegistrationId, c.SessionId);
}
