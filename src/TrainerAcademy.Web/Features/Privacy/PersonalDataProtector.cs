using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Privacy;

namespace TrainerAcademy.Features.Privacy;

/// <summary>
/// Personal data at rest: identity and phone numbers are encrypted with ASP.NET Core data protection (the key ring in
/// <c>DataProtection:KeysPath</c>, shared by every instance) and stored as <c>pd1:</c> followed by the protected bytes in
/// base64url. The identity number's keyed hash is HMAC-SHA256 over "type:NUMBER" with a 256-bit key made once, kept in the
/// <c>PersonalDataKeys</c> table protected by the same key ring, and loaded at start (<see cref="LoadHashKeyAsync"/>), so all
/// instances hash alike. One singleton per app.
/// </summary>
public sealed class PersonalDataProtector(IDataProtectionProvider protection, TimeProvider clock) : IPersonalDataProtector
{
    private const string Prefix = "pd1:";
    private readonly IDataProtector _protector = protection.CreateProtector("TrainerAcademy.PersonalData.v1");
    private readonly IDataProtector _keyProtector = protection.CreateProtector("TrainerAcademy.PersonalDataKey.v1");
    private byte[]? _hashKey;

    public string Protect(string plain) =>
        Prefix + Base64Url.EncodeToString(_protector.Protect(Encoding.UTF8.GetBytes(plain)));

    public string Unprotect(string stored) =>
        IsProtected(stored) ? Encoding.UTF8.GetString(_protector.Unprotect(Base64Url.DecodeFromChars(stored.AsSpan(Prefix.Length)))) : stored;

    public bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string? IdNumberHash(IdType idType, string? idNumber)
    {
        if (idNumber is null) return null;
        var key = _hashKey ?? throw new InvalidOperationException("The personal-data hash key is not loaded (LoadHashKeyAsync runs at start).");
        var text = idType + ":" + idNumber.Trim().ToUpperInvariant();
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// Loads the hash key, making it when the database has none. Two instances making it at once: the second insert fails on
    /// the key's id and that instance reads the first one's.
    /// </summary>
    public async Task LoadHashKeyAsync(AcademyDbContext db, CancellationToken ct = default)
    {
        if (_hashKey is not null) return;
        var row = await db.PersonalDataKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == PersonalDataKey.HashKeyId, ct);
        if (row is null)
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            db.PersonalDataKeys.Add(new PersonalDataKey(PersonalDataKey.HashKeyId, Convert.ToBase64String(_keyProtector.Protect(fresh)), clock.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }
            row = await db.PersonalDataKeys.AsNoTracking().SingleAsync(k => k.Id == PersonalDataKey.HashKeyId, ct);
        }
        _hashKey = _keyProtector.Unprotect(Convert.FromBase64String(row.ProtectedKey));
    }
}
