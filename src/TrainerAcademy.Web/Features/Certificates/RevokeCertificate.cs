using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Certificates;

namespace TrainerAcademy.Features.Certificates;

/// <summary>Admins revoke a certificate, or re-issue it with corrected facts; each with a reason, kept on the certificate.</summary>
public static class RevokeCertificate
{
    public sealed record Command
    {
        [Required(ErrorMessage = "Give the reason."), StringLength(Certificate.MaxReason)]
        public string? Reason { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CertificateIssuer issuer, CertificateQueries queries, TimeProvider clock, ILogger<Handler> log,
        CurrentUser user, Infrastructure.PublicUrl publicUrl, AuditLog.AuditTrail audit)
    {
        public async Task<CertificateView> RevokeAsync(int id, Command command, CancellationToken ct = default)
        {
            var certificate = await db.Certificates.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException();
            certificate.Revoke(command.Reason, user.RequiredId, clock.GetUtcNow());
            audit.Record(AuditLog.AuditActor.Of(user), AuditLog.AuditActions.CertificateRevoked, AuditLog.AuditTargets.Certificate,
                id.ToString(System.Globalization.CultureInfo.InvariantCulture), certificate.CenterId, $"{certificate.Number} · {certificate.RevokedReason}");
            await db.SaveChangesAsync(ct);
            log.LogInformation("Certificate {Number} revoked by {Admin}: {Reason}", certificate.Number, user.Id, command.Reason);
            return queries.View(certificate);
        }

        public async Task<CertificateView> ReissueAsync(int id, Command command, CancellationToken ct = default)
        {
            var reissued = await issuer.ReissueAsync(id, command.Reason, AuditLog.AuditActor.Of(user), publicUrl.Base, ct);
            log.LogInformation("Certificate {Id} re-issued as {Reissue} by {Admin}: {Reason}", id, reissued, user.Id, command.Reason);
            return await queries.OneAsync(reissued, ct);
        }
    }
}
