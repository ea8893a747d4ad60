using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Data;

/// <summary>
/// Brings the reference data (db/seed/*.json, embedded in this assembly) into the database.
/// Each file carries a version; a set is applied again only when its version changes, so the
/// facts are updated by shipping a new file, never by editing code.
/// </summary>
public sealed class ReferenceDataSeeder(AcademyDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await ApplyAsync<OccupationRow>("occupations", async rows =>
        {
            var existing = await db.Occupations.ToDictionaryAsync(x => x.Code, ct);
            foreach (var r in rows)
                if (existing.TryGetValue(r.Code, out var o)) o.Update(r.Name, r.EnglishName, r.StandardEdition);
                else db.Occupations.Add(new Occupation(r.Code, r.Name, r.EnglishName, r.StandardEdition));
        }, ct);
        await ApplyAsync<LevelRow>("levels", async rows =>
        {
            var existing = await db.SkillLevels.ToDictionaryAsync(x => x.Level, ct);
            foreach (var r in rows)
                if (existing.TryGetValue(r.Level, out var l)) l.Update(r.Name, r.EnglishName, r.ReferenceHours);
                else db.SkillLevels.Add(new SkillLevel(r.Level, r.Name, r.EnglishName, r.ReferenceHours));
        }, ct);
        await ApplyAsync<WorkFunctionRow>("work-functions", async rows =>
        {
            var existing = await db.WorkFunctions.ToDictionaryAsync(x => x.Code, ct);
            foreach (var r in rows)
                if (existing.TryGetValue(r.Code, out var w)) w.Update(r.Name, r.EnglishName, r.LowestLevel, r.HighestLevel);
                else db.WorkFunctions.Add(new WorkFunction(r.Code, r.OccupationCode, r.Name, r.EnglishName, r.LowestLevel, r.HighestLevel));
        }, ct);
        await ApplyAsync<StatutoryCalendarSeedRow>("statutory-calendar", async rows =>
        {
            // Admins keep the calendar once it is stored (/admin/calendar): a new edition adds the dates it lacks and
            // replaces only provisional days, so a day an admin checked against the notice is never overwritten.
            var existing = await db.StatutoryCalendar.ToDictionaryAsync(d => d.Date, ct);
            foreach (var r in rows)
            {
                var day = new CalendarDay(r.Date, r.Kind, r.Name);
                if (!existing.TryGetValue(r.Date, out var stored)) db.StatutoryCalendar.Add(new StatutoryCalendarEntry(day, r.Provisional));
                else if (stored.Provisional) stored.Change(day, r.Provisional);
            }
        }, ct);
    }

    public static SeedFile<T> Read<T>(string name)
    {
        using var stream = typeof(ReferenceDataSeeder).Assembly.GetManifestResourceStream($"seed/{name}.json")
            ?? throw new InvalidOperationException($"Reference data file db/seed/{name}.json is not embedded.");
        return JsonSerializer.Deserialize<SeedFile<T>>(stream, Json)
            ?? throw new InvalidOperationException($"db/seed/{name}.json is empty.");
    }

    private async Task ApplyAsync<T>(string name, Func<IReadOnlyList<T>, Task> upsert, CancellationToken ct)
    {
        var file = Read<T>(name);
        var set = await db.ReferenceDataSets.FindAsync([name], ct);
        if (set?.Version == file.Version) return;

        await upsert(file.Items);
        if (set is null) db.ReferenceDataSets.Add(new ReferenceDataSet(name, file.Version, file.Source, clock.GetUtcNow()));
        else set.Apply(file.Version, file.Source, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    public sealed record SeedFile<T>(string Version, string Source, IReadOnlyList<T> Items);
    private sealed record OccupationRow(string Code, string Name, string EnglishName, string StandardEdition);
    private sealed record LevelRow(int Level, string Name, string EnglishName, int ReferenceHours);
    private sealed record WorkFunctionRow(string Code, string OccupationCode, string Name, string EnglishName, int LowestLevel, int HighestLevel);
}
