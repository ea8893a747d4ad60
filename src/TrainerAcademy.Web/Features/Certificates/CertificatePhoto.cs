using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Files;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Infrastructure.Pdf;

namespace TrainerAcademy.Features.Certificates;

/// <summary>What the learner's certificate photo is: a PNG or JPEG of at most 2 MB, at least 200 × 250 pixels, upright.</summary>
public sealed record PhotoView(Guid Id, string Name, string ContentType, long Length, string Url);

/// <summary>
/// The photo the certificate carries (<c>PUT/GET/DELETE /api/me/photo</c>, the form on /certificates): checked by its bytes
/// (PNG or JPEG, at most <see cref="MaxBytes"/>, an image the PDF component reads, portrait and large enough to print
/// sharp), kept in the file store, and printed on every certificate issued afterwards.
/// </summary>
public static class CertificatePhoto
{
    public const long MaxBytes = 2L * 1024 * 1024;
    public const int MinWidth = 200;
    public const int MinHeight = 250;
    public const string Url = "/api/me/photo";

    private static readonly FileLimits Limits = new(MaxBytes, new HashSet<FileKind> { FileKind.Png, FileKind.Jpeg });

    public sealed class Handler(AcademyDbContext db, CurrentUser user, FileStore files, TimeProvider clock)
    {
        public async Task<PhotoView> UploadAsync(IFormFile? upload, CancellationToken ct = default)
        {
            var me = user.RequiredId;
            var file = await files.ReadAsync(me, upload, Limits, ct);
            if (PdfImages.Size(file.Content) is not var (width, height))
                throw new RuleViolation("photo.unreadable", "This file is not a picture that can be printed (a PNG or JPEG photo).", "file");
            if (width < MinWidth || height < MinHeight)
                throw new RuleViolation("photo.too-small", $"The photo is {width} × {height} pixels; it must be at least {MinWidth} × {MinHeight}.", "file");
            if (width > height)
                throw new RuleViolation("photo.landscape", "The certificate photo is upright (portrait), like an identity photo.", "file");

            await db.InTransactionAsync(async token =>
            {
                var profile = await db.LearnerProfiles.SingleOrDefaultAsync(p => p.UserId == me, token);
                if (profile is null) db.LearnerProfiles.Add(profile = new LearnerProfile(me));
                files.Add(file);
                await db.SaveChangesAsync(token);
                profile.SetPhoto(file.Id, clock.GetUtcNow());
                await db.SaveChangesAsync(token);
            }, ct);
            return View(file);
        }

        public async Task<StoredFile?> FindAsync(CancellationToken ct = default)
        {
            var me = user.RequiredId;
            var id = await db.LearnerProfiles.Where(p => p.UserId == me).Select(p => p.PhotoFileId).SingleOrDefaultAsync(ct);
            return id is { } fileId ? await files.FindAsync(fileId, ct) : null;
        }

        public async Task RemoveAsync(CancellationToken ct = default)
        {
            var me = user.RequiredId;
            var profile = await db.LearnerProfiles.SingleOrDefaultAsync(p => p.UserId == me, ct);
            if (profile?.PhotoFileId is null) return;
            profile.SetPhoto(null, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
    }

    public static PhotoView View(StoredFile file) => new(file.Id, file.Name, file.ContentType, file.Length, Url);
}
