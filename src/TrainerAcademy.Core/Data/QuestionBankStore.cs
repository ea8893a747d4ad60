using TrainerAcademy.Domain.Results;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Data;

/// <summary>A question as it arrives from a form, an import row or the seed file: keyed by its code.</summary>
public sealed record QuestionDraft(string Code, int Level, string WorkFunctionCode, QuestionContent Content);

public sealed record QuestionUpsertResult(int Created, int Edited, int NewVersions, int Unchanged);

/// <summary>
/// The writes and counts of the question bank that the admin pages, the import and the reference-data seeder share,
/// so a question changes by one rule whichever way it arrives.
/// </summary>
public static class QuestionBankStore
{
    /// <summary>
    /// Adds the drafts whose code is new and changes the others: a new version when the current one is on any paper,
    /// an edit in place otherwise. Never deletes. Does not save.
    /// </summary>
    public static async Task<QuestionUpsertResult> UpsertAsync(AcademyDbContext db, IReadOnlyList<QuestionDraft> drafts, DateTimeOffset now, CancellationToken ct = default)
    {
        var functions = await db.WorkFunctions.AsNoTracking().ToDictionaryAsync(w => w.Code, ct);
        foreach (var d in drafts) EnsureWorkFunctionApplies(functions, d.Level, d.WorkFunctionCode);

        var codes = drafts.Select(d => d.Code.Trim()).Distinct().ToList();
        var existing = await db.Questions.Include(q => q.Versions).Where(q => codes.Contains(q.Code)).ToDictionaryAsync(q => q.Code, ct);
        var currentIds = existing.Values.Select(q => q.Current.Id).ToList();
        var used = (await db.AttemptItems.Where(i => currentIds.Contains(i.QuestionVersionId)).Select(i => i.QuestionVersionId).Distinct().ToListAsync(ct))
            .ToHashSet();

        int created = 0, edited = 0, versions = 0, unchanged = 0;
        foreach (var d in drafts)
        {
            if (!existing.TryGetValue(d.Code.Trim(), out var question))
            {
                question = new Question(d.Code, d.Level, d.WorkFunctionCode, d.Content, now);
                db.Questions.Add(question);
                existing[question.Code] = question;
                created++;
                continue;
            }
            var isUsed = used.Contains(question.Current.Id);
            var before = question.Versions.Count;
            if (!question.Change(d.Level, d.WorkFunctionCode, d.Content, isUsed, now)) unchanged++;
            else if (question.Versions.Count > before) versions++;
            else edited++;
        }
        return new QuestionUpsertResult(created, edited, versions, unchanged);
    }

    public static void EnsureWorkFunctionApplies(IReadOnlyDictionary<string, WorkFunction> functions, int level, string workFunctionCode)
    {
        if (!functions.TryGetValue(workFunctionCode ?? "", out var function))
            throw new RuleViolation("question.work-function", "Choose a work function of the occupation.", "workFunctionCode");
        if (!function.AppliesTo(level))
            throw new RuleViolation("question.work-function-level", "That work function is not assessed at this level.", "workFunctionCode");
    }

    /// <summary>Whether the question's current version is on any candidate's paper.</summary>
    public static Task<bool> CurrentIsUsedAsync(AcademyDbContext db, Question question, CancellationToken ct = default)
    {
        var currentId = question.Current.Id;
        return db.AttemptItems.AnyAsync(i => i.QuestionVersionId == currentId, ct);
    }

    /// <summary>Non-retired questions of a level per (work function, type of the current version): what a paper can draw from.</summary>
    public static async Task<Dictionary<(string WorkFunction, QuestionType Type), int>> AvailableAsync(AcademyDbContext db, int level, CancellationToken ct = default)
    {
        var rows = await db.Questions.AsNoTracking()
            .Where(q => q.Level == level && !q.Retired)
            .Select(q => new { q.WorkFunctionCode, Type = q.Versions.OrderByDescending(v => v.Number).Select(v => v.Type).First() })
            .ToListAsync(ct);
        return rows.GroupBy(r => (r.WorkFunctionCode, r.Type)).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>The blueprint a new exam session of the level takes: the newest active one.</summary>
    public static Task<ExamBlueprint?> NewestActiveBlueprintAsync(AcademyDbContext db, int level, CancellationToken ct = default) =>
        db.ExamBlueprints.Where(b => b.Level == level && b.Active).OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The skill blueprint (or, for <see cref="AssessmentComponent.Review"/>, the review blueprint) a new session of the level
    /// takes, or null when the level has none active.
    /// </summary>
    public static Task<int?> NewestActiveSkillBlueprintIdAsync(AcademyDbContext db, int level, CancellationToken ct = default,
        AssessmentComponent component = AssessmentComponent.Skill) =>
        db.SkillBlueprints.Where(b => b.Level == level && b.Active && b.Component == component).OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id)
            .Select(b => (int?)b.Id).FirstOrDefaultAsync(ct);
}
