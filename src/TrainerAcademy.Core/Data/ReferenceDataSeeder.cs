using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Data;

/// <summary>
/// Brings the reference data (db/seed/*.json, embedded in this assembly) into the database.
/// Each file carries a version; a set is applied again only when its version changes, so the
/// facts are updated by shipping a new file, never by editing code.
/// </summary>
public sealed class ReferenceDataSeeder(AcademyDbContext db, TimeProvider clock, ILogger<ReferenceDataSeeder> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

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
            // The seed's years count as published: their holidays are set by law and the lunar calendar, and the
            // estimated bridging days are safer to plan around than nothing. Years an admin published keep their record.
            var years = await db.StatutoryCalendarYears.Select(y => y.Year).ToListAsync(ct);
            foreach (var year in StatutoryCalendarSeed.ReadEmbedded().Years.Select(y => y.Year).Except(years))
                db.StatutoryCalendarYears.Add(new StatutoryCalendarYear(year, CalendarYearSource.Seed, clock.GetUtcNow()));
        }, ct);
        // Work functions first: questions are tagged with them. Questions before blueprints: a blueprint is checked against the bank.
        // Read in place by exam registration (ApplicationConditions); recorded here so the database says which edition applies.
        await ApplyAsync<Domain.Exams.ApplicationRoute>("application-conditions", _ => Task.CompletedTask, ct);
        await ApplyAsync<SubsidyPolicySeedRow>("subsidy-policies", async rows =>
        {
            // Admins add versions at /admin/subsidy/policies; a new seed edition only adds the versions it lacks and never
            // changes a stored one, so what was in force on a past day stays as it was.
            var stored = await db.SubsidyPolicies.ToListAsync(ct);
            foreach (var r in rows.OrderBy(r => r.EffectiveFrom))
            {
                if (stored.Any(v => v.PolicyCode == r.PolicyCode && v.EffectiveFrom == r.EffectiveFrom)) continue;
                var version = stored.Where(v => v.PolicyCode == r.PolicyCode).Select(v => v.Version).DefaultIfEmpty().Max() + 1;
                var added = new Domain.Subsidies.SubsidyPolicyVersion(r.PolicyCode, version, r.Name, r.EnglishName, r.EffectiveFrom, r.Precedence,
                    r.Terms, r.Note, null, clock.GetUtcNow());
                stored.Add(added);
                db.SubsidyPolicies.Add(added);
            }
        }, ct);
        await ApplyAsync<QuestionSeedRow>("questions",
            rows => QuestionBankStore.UpsertAsync(db, [.. rows.Select(r => r.ToDraft())], clock.GetUtcNow(), ct), ct);
        await ApplyAsync<BlueprintSeedRow>("blueprints", async rows =>
        {
            foreach (var r in rows)
            {
                var lines = r.Lines.Select(l => new BlueprintLine(l.WorkFunction,
                    QuestionTypeNames.Parse(l.Type) ?? throw new InvalidOperationException($"db/seed/blueprints.json: unknown question type {l.Type}."),
                    l.Count, l.Points)).ToList();
                var candidate = new ExamBlueprint(r.Level, r.Name, r.DurationMinutes, r.PassMark, lines, clock.GetUtcNow());
                var shortfalls = candidate.Shortfalls(await QuestionBankStore.AvailableAsync(db, r.Level, ct));
                // The full-size papers are offered from the start but stored inactive: no session takes them, and an
                // admin's activation is checked against the bank like any other blueprint save.
                if (!r.Active) candidate.Deactivate();
                else if (shortfalls.Count > 0)
                {
                    // A blueprint the bank cannot fill would break every session of its level; the bank grows first.
                    logger.LogWarning("Skipped the seeded blueprint {Name} of level {Level}: the question bank lacks {Shortfalls}.", r.Name, r.Level,
                        string.Join("; ", shortfalls.Select(s => $"{s.WorkFunctionCode} {s.Type} {s.Available}/{s.Needed}")));
                    continue;
                }
                var existing = await db.ExamBlueprints.SingleOrDefaultAsync(b => b.Level == r.Level && b.Name == candidate.Name, ct);
                if (existing is null) db.ExamBlueprints.Add(candidate);
                else existing.Change(r.Name, r.DurationMinutes, r.PassMark, lines);
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
    private sealed record BlueprintSeedRow(int Level, string Name, int DurationMinutes, decimal PassMark, IReadOnlyList<BlueprintLineSeedRow> Lines,
        bool Active = true);
    private sealed record BlueprintLineSeedRow(string WorkFunction, string Type, int Count, decimal Points);

    /// <summary>One item of db/seed/questions.json; <see cref="Answer"/> is a JSON boolean for true-false, option letters otherwise.</summary>
    public sealed record QuestionSeedRow(string Code, int Level, string WorkFunction, string Type, int Difficulty, string Stem,
        IReadOnlyList<string>? Options, JsonElement Answer, string? Explanation)
    {
        public QuestionDraft ToDraft()
        {
            var type = QuestionTypeNames.Parse(Type) ?? throw new InvalidOperationException($"db/seed/questions.json {Code}: unknown question type {Type}.");
            var answer = Answer.ValueKind switch
            {
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.String => Answer.GetString()!,
                _ => "",
            };
            return new QuestionDraft(Code, Level, WorkFunction, new QuestionContent(type, Difficulty, Stem, Options, answer, Explanation ?? ""));
        }
    }

    private sealed record SubsidyPolicySeedRow(string PolicyCode, string Name, string EnglishName, DateOnly EffectiveFrom, int Precedence,
        Domain.Subsidies.SubsidyTerms Terms, string? Note);

    private sealed record WorkFunctionRow(string Code, string OccupationCode, string Name, string EnglishName, int LowestLevel, int HighestLevel);
}
