using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.SkillBlueprints;

/// <summary>One line as the API takes it and the form binds it; a form row left blank is no line.</summary>
public sealed record SkillBlueprintLineInput
{
    public PracticalCategory? Category { get; init; }
    public int? Count { get; init; }
    public decimal? Points { get; init; }

    public bool IsBlank => Category is null && Count is null && Points is null;
}

/// <summary>A line with how many active tasks of the level, category and points the pool holds for it.</summary>
public sealed record SkillBlueprintLineDetail(PracticalCategory Category, int Count, decimal Points, decimal Total, int Available);

/// <summary>
/// A skill blueprint as admins read it: its lines against the pool, whether new sessions of the level take it
/// (<see cref="InForce"/>), and how many sessions and drawn papers use it (a used blueprint can no longer be edited).
/// </summary>
public sealed record SkillBlueprintDetail(int Id, int Level, string Name, int DurationMinutes, decimal PassMark, bool Active, bool InForce,
    int TaskCount, decimal TotalPoints, DateTimeOffset CreatedAt, IReadOnlyList<SkillBlueprintLineDetail> Lines, IReadOnlyList<SkillShortfall> Shortfalls,
    int Sessions, int Papers, AssessmentComponent Component = AssessmentComponent.Skill)
{
    public bool Editable => Sessions == 0 && Papers == 0;
}

/// <summary>
/// Admins shape each level's skill paper (技能考核). A blueprint the active pool cannot fill is refused with the short
/// strata; one that exam sessions already use is not changed (<see cref="SkillBlueprint.EnsureUnused"/>) but may be
/// retired, activated again, or copied into a new one.
/// </summary>
public static class SaveSkillBlueprint
{
    /// <summary>The blueprint as the API takes it and its edit page binds it; the form's messages are resource keys.</summary>
    public sealed record Command
    {
        [Required(ErrorMessage = "Choose the level."), Range(1, 5, ErrorMessage = "Choose the level.")]
        public int? Level { get; init; }

        [Required(ErrorMessage = "Enter a name.")]
        public string Name { get; init; } = "";

        [Required(ErrorMessage = "Enter the minutes.")]
        public int? DurationMinutes { get; init; } = 120;

        [Required(ErrorMessage = "Enter the pass mark.")]
        public decimal? PassMark { get; init; } = 60m;

        /// <summary>On create only: a blueprint made inactive waits to be activated. Activate and retire change it later.</summary>
        public bool Active { get; init; } = true;

        /// <summary>"Skill" (the default) or "Review": the comprehensive review of levels 2 and 1. Fixed once created.</summary>
        public AssessmentComponent? Component { get; init; }

        public IReadOnlyList<SkillBlueprintLineInput>? Lines { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, TimeProvider clock)
    {
        public async Task<int> CreateAsync(Command command, CancellationToken ct = default)
        {
            var blueprint = new SkillBlueprint(command.Level ?? 0, command.Name, command.DurationMinutes ?? 0, command.PassMark ?? 0, Lines(command),
                clock.GetUtcNow(), command.Component ?? AssessmentComponent.Skill);
            await EnsurePoolCanFillAsync(blueprint, ct);
            if (!command.Active) blueprint.Deactivate();
            if (await db.SkillBlueprints.AnyAsync(b => b.Level == blueprint.Level && b.Name == blueprint.Name, ct))
                throw NameTaken();
            db.SkillBlueprints.Add(blueprint);
            await SaveAsync(ct);
            return blueprint.Id;
        }

        public async Task UpdateAsync(int id, Command command, CancellationToken ct = default)
        {
            var blueprint = await db.SkillBlueprints.SingleOrDefaultAsync(b => b.Id == id, ct) ?? throw new NotFoundException();
            if (command.Level is { } level && level != blueprint.Level)
                throw new RuleViolation("skill-blueprint.level-fixed", "A blueprint keeps its level; make a new one for another level.", "level");
            if (command.Component is { } component && component != blueprint.Component)
                throw new RuleViolation("skill-blueprint.component-fixed", "A blueprint keeps its component; make a new one for the other.", "component");
            // A session created between this check and the save takes the edited lines: no candidate can have started yet,
            // since a session's window opens after it is created.
            SkillBlueprint.EnsureUnused(await SkillBlueprintQueries.SessionsUsingAsync(db, id, ct),
                await db.ExamAttempts.CountAsync(a => a.SkillBlueprintId == id, ct));
            blueprint.Change(command.Name, command.DurationMinutes ?? 0, command.PassMark ?? 0, Lines(command));
            await EnsurePoolCanFillAsync(blueprint, ct);
            if (await db.SkillBlueprints.AnyAsync(b => b.Id != id && b.Level == blueprint.Level && b.Name == blueprint.Name, ct))
                throw NameTaken();
            await SaveAsync(ct);
        }

        /// <summary>Retiring only stops new sessions taking the blueprint; sessions that have it keep drawing from it.</summary>
        public async Task SetActiveAsync(int id, bool active, CancellationToken ct = default)
        {
            var blueprint = await db.SkillBlueprints.SingleOrDefaultAsync(b => b.Id == id, ct) ?? throw new NotFoundException();
            if (active)
            {
                await EnsurePoolCanFillAsync(blueprint, ct);
                blueprint.Activate();
            }
            else blueprint.Deactivate();
            await db.SaveChangesAsync(ct);
        }

        private async Task SaveAsync(CancellationToken ct)
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
            {
                // Two admins saving the same name at once: the unique index on (Level, Name) decides.
                throw NameTaken();
            }
        }

        private async Task EnsurePoolCanFillAsync(SkillBlueprint blueprint, CancellationToken ct)
        {
            var shortfalls = blueprint.Shortfalls(await SkillBlueprintQueries.AvailableAsync(db, blueprint.Level, ct, blueprint.Component));
            if (shortfalls.Count > 0) throw new SkillBlueprintCannotBeFilled(shortfalls);
        }
    }

    /// <summary>The lines of a command, blank form rows left out; a line without its category is refused as the domain refuses an unknown one.</summary>
    private static List<SkillBlueprintLine> Lines(Command command) =>
        [.. (command.Lines ?? []).Where(l => l is not null && !l.IsBlank)
            .Select(l => new SkillBlueprintLine(l.Category ?? (PracticalCategory)(-1), l.Count ?? 0, l.Points ?? 0))];

    private static ConflictViolation NameTaken() =>
        new("skill-blueprint.name-taken", "Another skill blueprint of this level has this name.", "name");
}

public static class SkillBlueprintQueries
{
    public sealed class Handler(AcademyDbContext db)
    {
        public async Task<IReadOnlyList<SkillBlueprintDetail>> ListAsync(int? level, CancellationToken ct = default)
        {
            var query = db.SkillBlueprints.AsNoTracking();
            if (level is { } l) query = query.Where(b => b.Level == l);
            var blueprints = await query.ToListAsync(ct);
            var result = new List<SkillBlueprintDetail>();
            foreach (var group in blueprints.GroupBy(b => (b.Level, b.Component)).OrderBy(g => g.Key.Level).ThenBy(g => g.Key.Component))
            {
                var (groupLevel, component) = group.Key;
                var available = await AvailableAsync(db, groupLevel, ct, component);
                var inForce = await QuestionBankStore.NewestActiveSkillBlueprintIdAsync(db, groupLevel, ct, component);
                var ids = group.Select(b => b.Id).ToList();
                var sessions = (await db.ExamSessions.Where(s => s.SkillBlueprintId != null && ids.Contains(s.SkillBlueprintId.Value))
                        .GroupBy(s => s.SkillBlueprintId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
                    .Concat(await db.ExamSessions.Where(s => s.ReviewBlueprintId != null && ids.Contains(s.ReviewBlueprintId.Value))
                        .GroupBy(s => s.ReviewBlueprintId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
                    .GroupBy(g => g.Key).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
                var papers = await db.ExamAttempts.Where(a => a.SkillBlueprintId != null && ids.Contains(a.SkillBlueprintId.Value))
                    .GroupBy(a => a.SkillBlueprintId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
                result.AddRange(group
                    .OrderByDescending(b => b.Id == inForce).ThenByDescending(b => b.Active).ThenByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id)
                    .Select(b => Detail(b, available, b.Id == inForce, sessions.GetValueOrDefault(b.Id), papers.GetValueOrDefault(b.Id))));
            }
            return result;
        }

        public async Task<SkillBlueprintDetail> GetAsync(int id, CancellationToken ct = default)
        {
            var b = await db.SkillBlueprints.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException();
            return Detail(b, await AvailableAsync(db, b.Level, ct, b.Component),
                await QuestionBankStore.NewestActiveSkillBlueprintIdAsync(db, b.Level, ct, b.Component) == b.Id,
                await SessionsUsingAsync(db, id, ct), await db.ExamAttempts.CountAsync(a => a.SkillBlueprintId == id, ct));
        }

        /// <summary>Per level, the name of the skill (or review) blueprint a new session takes (absent: none is active).</summary>
        public async Task<IReadOnlyDictionary<int, string>> InForceAsync(CancellationToken ct = default, AssessmentComponent component = AssessmentComponent.Skill)
        {
            var result = new Dictionary<int, string>();
            for (var level = 1; level <= 5; level++)
                if (await QuestionBankStore.NewestActiveSkillBlueprintIdAsync(db, level, ct, component) is { } id)
                    result[level] = await db.SkillBlueprints.Where(b => b.Id == id).Select(b => b.Name).SingleAsync(ct);
            return result;
        }

        /// <summary>The name of the skill blueprint a session draws its skill papers from, or null when it holds the theory exam only.</summary>
        public Task<string?> OfSessionAsync(int sessionId, CancellationToken ct = default) =>
            (from s in db.ExamSessions
             where s.Id == sessionId
             join b in db.SkillBlueprints on s.SkillBlueprintId equals b.Id
             select b.Name).SingleOrDefaultAsync(ct);

        /// <summary>The name of the blueprint of a session's comprehensive review, or null when it holds none.</summary>
        public Task<string?> ReviewOfSessionAsync(int sessionId, CancellationToken ct = default) =>
            (from s in db.ExamSessions
             where s.Id == sessionId
             join b in db.SkillBlueprints on s.ReviewBlueprintId equals b.Id
             select b.Name).SingleOrDefaultAsync(ct);
    }

    private static SkillBlueprintDetail Detail(SkillBlueprint b, IReadOnlyDictionary<(PracticalCategory, decimal), int> available, bool inForce, int sessions, int papers) => new(
        b.Id, b.Level, b.Name, b.DurationMinutes, b.PassMark, b.Active, inForce, b.TaskCount, b.Lines.Sum(l => l.Total), b.CreatedAt,
        [.. b.Lines.OrderBy(l => l.Category).ThenBy(l => l.Points)
            .Select(l => new SkillBlueprintLineDetail(l.Category, l.Count, l.Points, l.Total, available.GetValueOrDefault((l.Category, l.Points))))],
        b.Shortfalls(available), sessions, papers, b.Component);

    /// <summary>How many exam sessions draw their skill assessment or their comprehensive review by the blueprint.</summary>
    public static Task<int> SessionsUsingAsync(AcademyDbContext db, int blueprintId, CancellationToken ct) =>
        db.ExamSessions.CountAsync(s => s.SkillBlueprintId == blueprintId || s.ReviewBlueprintId == blueprintId, ct);

    /// <summary>Active tasks of the level and component per (category, points), counted here: SQLite cannot group by a decimal.</summary>
    public static async Task<IReadOnlyDictionary<(PracticalCategory Category, decimal Points), int>> AvailableAsync(AcademyDbContext db, int level, CancellationToken ct,
        AssessmentComponent component = AssessmentComponent.Skill)
    {
        var rows = await db.PracticalTasks.AsNoTracking().Where(t => t.Level == level && t.Active && t.Component == component)
            .Select(t => new { t.Category, t.Points }).ToListAsync(ct);
        return SkillBlueprint.Available(rows.Select(r => (r.Category, r.Points)));
    }
}

public static class SkillBlueprintText
{
    /// <summary>"任务库不足以满足该技能考核方案：数据清洗与标注 · 每题 10 分 需要 2 道，现有 1 道" — every line that is short.</summary>
    public static string Describe(IReadOnlyList<SkillShortfall> shortfalls, Microsoft.Extensions.Localization.IStringLocalizer L)
    {
        var parts = shortfalls.Select(s => L["{0} · {1} points each: needs {2}, the pool has {3}", L["PracticalCategory." + s.Category].Value,
            s.Points.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), s.Needed, s.Available].Value);
        return L["The practical task pool cannot fill this skill blueprint: {0}.", string.Join("; ", parts)];
    }

    /// <summary>"数据清洗标注 × 2（每题 10 分）" per line.</summary>
    public static string Line(PracticalCategory category, int count, decimal points, Microsoft.Extensions.Localization.IStringLocalizer L) =>
        L["{0} × {1} ({2} points each)", L["PracticalCategory." + category].Value, count, points.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)];
}
