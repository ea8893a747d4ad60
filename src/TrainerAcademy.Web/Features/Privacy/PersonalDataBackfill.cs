using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;

namespace TrainerAcademy.Features.Privacy;

/// <summary>
/// Encrypts identity and phone numbers stored before encryption at rest (the migration <c>PersonalDataProtection</c> widens
/// the columns; SQL cannot encrypt). Runs at every start after the migrations and finds such rows by the missing
/// <c>pd1:</c> prefix, so once they are converted it reads nothing. A legacy number another account already holds is left
/// as it is and logged by account id (never the number) for an administrator to resolve.
/// </summary>
[FeatureService]
public sealed class PersonalDataBackfill(AcademyDbContext db, ILogger<PersonalDataBackfill> log)
{
    private sealed class Key
    {
        public string Id { get; set; } = "";
    }

    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var converted = 0;
        var profiles = await db.Database.SqlQueryRaw<Key>(
            """SELECT "UserId" AS "Id" FROM "LearnerProfiles" WHERE ("IdNumber" IS NOT NULL AND "IdNumber" NOT LIKE 'pd1:%') OR ("Phone" IS NOT NULL AND "Phone" NOT LIKE 'pd1:%')""")
            .ToListAsync(ct);
        foreach (var id in profiles.Select(p => p.Id))
        {
            var profile = await db.LearnerProfiles.SingleAsync(p => p.UserId == id, ct);
            var entry = db.Entry(profile);
            entry.Property(p => p.IdNumber).IsModified = true;
            entry.Property(p => p.Phone).IsModified = true;
            converted += await SaveOneAsync("profile", id, ct);
        }
        var certificates = await db.Database.SqlQueryRaw<Key>(
            """SELECT CAST("Id" AS VARCHAR(20)) AS "Id" FROM "Certificates" WHERE "IdNumber" NOT LIKE 'pd1:%'""")
            .ToListAsync(ct);
        foreach (var key in certificates)
        {
            var id = int.Parse(key.Id, System.Globalization.CultureInfo.InvariantCulture);
            var certificate = await db.Certificates.SingleAsync(c => c.Id == id, ct);
            db.Entry(certificate).Property(c => c.IdNumber).IsModified = true;
            converted += await SaveOneAsync("certificate", key.Id, ct);
        }
        if (converted > 0) log.LogInformation("Encrypted the personal data of {Count} rows stored before encryption at rest", converted);
        return converted;
    }

    private async Task<int> SaveOneAsync(string kind, string id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return 1;
        }
        catch (DbUpdateException)
        {
            log.LogWarning("The {Kind} {Id} holds an identity number another account holds; it stays unencrypted until an administrator resolves it", kind, id);
            return 0;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
