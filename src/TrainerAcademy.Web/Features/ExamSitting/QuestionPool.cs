using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.ExamSitting;

/// <summary>
/// The question bank as papers are drawn from and shown: each level's current versions of its questions in use, the
/// versions by id, and the work functions' names, read once and shared by every start and paper of an exam day
/// instead of read again by each of thousands of candidates. What it holds is read-only and is dropped when this
/// process saves a change to the bank (<see cref="QuestionBankChanges"/>) and after <see cref="MaxAge"/> in any case,
/// which bounds how long a change saved by another instance can go unseen.
/// Grading never reads through it: keys come from the database.
/// </summary>
[FeatureService(ServiceLifetime.Singleton)]
public sealed class QuestionPool(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private sealed record Snapshot(long Generation, long LoadedAt, IReadOnlyList<BankEntry> Entries, IReadOnlySet<int> Ids);

    private readonly ConcurrentDictionary<int, Snapshot> _levels = new();
    private readonly ConcurrentDictionary<int, (long Generation, long LoadedAt, QuestionVersion Version)> _versions = new();
    private (long Generation, long LoadedAt, IReadOnlyDictionary<string, string> Names)? _names;

    /// <summary>The current version of every question of the level that is not retired, in version-id order.</summary>
    public async Task<IReadOnlyList<BankEntry>> LevelAsync(AcademyDbContext db, int level, CancellationToken ct) =>
        (await SnapshotAsync(db, level, ct)).Entries;

    /// <summary>True when every one of these versions is still the current version of a question of the level in use.</summary>
    public async Task<bool> AllCurrentAsync(AcademyDbContext db, int level, IEnumerable<int> versionIds, CancellationToken ct)
    {
        var current = (await SnapshotAsync(db, level, ct)).Ids;
        return versionIds.All(current.Contains);
    }

    private async Task<Snapshot> SnapshotAsync(AcademyDbContext db, int level, CancellationToken ct)
    {
        var generation = QuestionBankChanges.Generation;
        if (_levels.TryGetValue(level, out var held) && Fresh(held.Generation, held.LoadedAt, generation)) return held;
        var loadedAt = clock.GetTimestamp();
        var questions = await db.Questions.AsNoTracking().Include(q => q.Versions)
            .Where(q => q.Level == level && !q.Retired)
            .OrderBy(q => q.Id).ToListAsync(ct);
        var entries = questions.Select(q => new BankEntry(q.Current, q.WorkFunctionCode)).OrderBy(e => e.Version.Id).ToList();
        var snapshot = new Snapshot(generation, loadedAt, entries, entries.Select(e => e.Version.Id).ToHashSet());
        _levels[level] = snapshot;
        foreach (var e in entries) _versions[e.Version.Id] = (generation, loadedAt, e.Version);
        return snapshot;
    }

    /// <summary>The versions with these ids: those held, and the rest read in one query.</summary>
    public async Task<IReadOnlyDictionary<int, QuestionVersion>> VersionsAsync(AcademyDbContext db, IEnumerable<int> ids, CancellationToken ct)
    {
        var generation = QuestionBankChanges.Generation;
        var found = new Dictionary<int, QuestionVersion>();
        var missing = new List<int>();
        foreach (var id in ids.Distinct())
        {
            if (_versions.TryGetValue(id, out var held) && Fresh(held.Generation, held.LoadedAt, generation)) found[id] = held.Version;
            else missing.Add(id);
        }
        if (missing.Count == 0) return found;
        var loadedAt = clock.GetTimestamp();
        foreach (var v in await db.QuestionVersions.AsNoTracking().Where(v => missing.Contains(v.Id)).ToListAsync(ct))
        {
            found[v.Id] = v;
            _versions[v.Id] = (generation, loadedAt, v);
        }
        return found;
    }

    /// <summary>The work functions' names by code.</summary>
    public async Task<IReadOnlyDictionary<string, string>> WorkFunctionNamesAsync(AcademyDbContext db, CancellationToken ct)
    {
        var generation = QuestionBankChanges.Generation;
        if (_names is { } held && Fresh(held.Generation, held.LoadedAt, generation)) return held.Names;
        var loadedAt = clock.GetTimestamp();
        var names = await db.WorkFunctions.AsNoTracking().ToDictionaryAsync(w => w.Code, w => w.Name, ct);
        _names = (generation, loadedAt, names);
        return names;
    }

    private bool Fresh(long heldGeneration, long loadedAt, long generation) =>
        heldGeneration == generation && clock.GetElapsedTime(loadedAt) < MaxAge;
}
