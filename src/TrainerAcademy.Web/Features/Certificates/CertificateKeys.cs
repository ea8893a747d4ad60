using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Certificates;

namespace TrainerAcademy.Features.Certificates;

/// <summary>A key as a JSON Web Key (RFC 7517), the form the public keys are published in.</summary>
public sealed record PublicJwk(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg, DateTimeOffset Created, DateTimeOffset? Retired);

public sealed record PublicJwks(IReadOnlyList<PublicJwk> Keys);

/// <summary>The signing key that new certificates are signed with after a rotation.</summary>
public sealed record RotatedKey(string KeyId);

/// <summary>
/// The certificate signing keys: made on first use, the private key kept protected by the application's data
/// protection (the key ring every instance shares), the public keys published as a JWK set. Rotating makes a new key
/// for new certificates and retires the old one, which still verifies what it signed.
/// </summary>
[FeatureService]
public sealed class CertificateKeys(AcademyDbContext db, IDataProtectionProvider protection, TimeProvider clock) : IDisposable
{
    /// <summary>The active key as last read in this scope, kept while it stays the active one.</summary>
    private (string Id, ECDsa Key)? _active;

    private IDataProtector Protector => protection.CreateProtector("TrainerAcademy.CertificateSigningKey.v1");

    /// <summary>
    /// The key new certificates are signed with; the first is made now when there is none. The key belongs to this
    /// scope (it is disposed with it); a batch asks for it once a certificate and unprotects it only when it changed.
    /// </summary>
    public async Task<(string Id, ECDsa Key)> ActiveAsync(CancellationToken ct = default)
    {
        var activeId = await ActiveId.For(db)(db, ct);
        if (activeId is null)
        {
            await CreateAsync(ct);
            // The newest active key: another instance may have made one at the same moment.
            activeId = await ActiveId.For(db)(db, ct) ?? throw new InvalidOperationException("The signing key just made is not active.");
        }
        if (_active is { } current && current.Id == activeId) return current;
        var active = await db.CertificateSigningKeys.AsNoTracking().SingleAsync(k => k.Id == activeId, ct);
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Protector.Unprotect(Convert.FromBase64String(active.ProtectedPrivateKey)), out _);
        _active?.Key.Dispose();
        _active = (active.Id, key);
        return (active.Id, key);
    }

    public void Dispose() => _active?.Key.Dispose();

    /// <summary>The active key's id (the newest key not retired): what a batch asks before each certificate, compiled once.</summary>
    private static readonly PerModel<Func<AcademyDbContext, CancellationToken, Task<string?>>> ActiveId =
        new(() => EF.CompileAsyncQuery((AcademyDbContext db, CancellationToken _) =>
            db.CertificateSigningKeys.Where(k => k.RetiredAt == null).OrderByDescending(k => k.CreatedAt).Select(k => k.Id).FirstOrDefault()));

    /// <summary>The public key a code names, or null when there is no such key.</summary>
    public async Task<ECDsa?> PublicAsync(string keyId, CancellationToken ct = default) =>
        (await db.CertificateSigningKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == keyId, ct))?.Public();

    /// <summary>Makes a new signing key and retires the others. Returns the new key's id.</summary>
    public async Task<string> RotateAsync(CancellationToken ct = default)
    {
        var id = await CreateAsync(ct, fresh: true);
        var now = clock.GetUtcNow();
        foreach (var old in await db.CertificateSigningKeys.Where(k => k.Id != id && k.RetiredAt == null).ToListAsync(ct)) old.Retire(now);
        await db.SaveChangesAsync(ct);
        return id;
    }

    public async Task<PublicJwks> PublishedAsync(CancellationToken ct = default)
    {
        var keys = await db.CertificateSigningKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        return new PublicJwks([.. keys.Select(k =>
        {
            using var key = k.Public();
            var p = key.ExportParameters(false);
            return new PublicJwk("EC", "P-256", Base64Url.EncodeToString(p.Q.X), Base64Url.EncodeToString(p.Q.Y), k.Id, "sig", "ES256", k.CreatedAt, k.RetiredAt);
        })]);
    }

    /// <summary>
    /// A key named by the second it is made. Two instances making the first key in one second share it; a rotation
    /// (<paramref name="fresh"/>) in the second the current key was made takes the next free suffix, so it always rotates.
    /// </summary>
    private async Task<string> CreateAsync(CancellationToken ct, bool fresh = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = clock.GetUtcNow();
        var id = "k" + now.ToString("yyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        if (fresh)
        {
            var stem = id;
            for (var n = 1; await db.CertificateSigningKeys.AnyAsync(k => k.Id == id, ct); n++) id = $"{stem}-{n}";
        }
        var row = new CertificateSigningKey(id, key.ExportSubjectPublicKeyInfo(), Convert.ToBase64String(Protector.Protect(key.ExportPkcs8PrivateKey())), now);
        db.CertificateSigningKeys.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance made a key in the same second: use that one.
            db.ChangeTracker.Clear();
        }
        return id;
    }
}
