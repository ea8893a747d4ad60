using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.QuestionBank;

/// <summary>One line of a blueprint as a form or an API client sends it; a line left empty on the form is no line.</summary>
public sealed record BlueprintLineInput
{
    public string? WorkFunctionCode { get; init; }
    public QuestionType Type { get; init; }
    public int? Count { get; init; }
    public decimal? Points { get; init; }

    public bool IsBlank => string.IsNullOrWhiteSpace(WorkFunctionCode) && Count is null && Points is null;
}

/// <summary>A blueprint line with how many questions the bank holds for it (non-retired, of the blueprint's level).</summary>
public sealed record BlueprintLineDetail(string WorkFunctionCode, QuestionType Type, int Count, decimal Points, decimal Total, int Available);

public sealed record BlueprintDetail(int Id, int Level, string Name, int DurationMinutes, decimal PassMark, bool Active, int ItemCount,
    decimal TotalPoints, DateTimeOffset CreatedAt, IReadOnlyList<BlueprintLineDetail> Lines, IReadOnlyList<BlueprintShortfall> Shortfalls);

/// <summary>Admins shape each level's theory paper; a blueprint the bank cannot fill is refused with what is missing.</summary>
public static class SaveBlueprint
{
    /// <summary>The blueprint as the API takes it and the blueprint page binds it; the entity guards the rest.</summary>
    public sealed record Command
    {
        [Range(1, 5, ErrorMessage = "Choose the level.")]
        public int Level { get; init; }

        [Required(ErrorMessage = "Enter a name.")]
        public string Name { get; init; } = "";
        public int DurationMinutes { get; init; } = ExamBlueprint.MinimumMinutes;
        public decimal PassMark { get; init; } = 60m;
        public bool Active { get; init; } = true;
        public IReadOnlyList<BlueprintLineInput>? Lines { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, TimeProvider clock)
    {
        public async Task<int> CreateAsync(Command command, CancellationToken ct = default)
        {
            var lines = await LinesAsync(command, ct);
            var blueprint = new ExamBlueprint(command.Level, command.Name, command.DurationMinutes, command.PassMark, lines, clock.GetUtcNow());
            await EnsureBankCanFillAsync(blueprint, ct);
            if (!command.Active) blueprint.Deactivate();
            db.ExamBlueprints.Add(blueprint);
            await db.SaveChangesAsync(ct);
            return blueprint.Id;
        }

        public async Task UpdateAsync(int id, Command command, CancellationToken ct = default)
        {
            var blueprint = await db.ExamBlueprints.SingleOrDefaultAsync(b => b.Id == id, ct) ?? throw new NotFoundException();
            if (command.Level != blueprint.Level)
                throw new RuleViolation("blueprint.level-fixed", "A blueprint keeps its level; make a new one for another level.", "level");
            var lines = await LinesAsync(command, ct);
            blueprint.Change(command.Name, command.DurationMinutes, command.PassMark, lines);
            await EnsureBankCanFillAsync(blueprint, ct);
            if (command.Active) blueprint.Activate();
            else blueprint.Deactivate();
            await db.InTransactionAsync(async token =>
            {
                await db.SaveChangesAsync(token);
                // Papers prepared by the old blueprint are drawn again, by the next preparation or at their start.
                await ExamSitting.PreparePapersJob.DiscardAsync(db, a => a.BlueprintId == id, token);
            }, ct);
        }

        public async Task<BlueprintDetail> GetAsync(int id, CancellationToken ct = default)
        {
            var b = await db.ExamBlueprints.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException();
            return Detail(b, await QuestionBankStore.AvailableAsync(db, b.Level, ct));
        }

        public async Task<IReadOnlyList<BlueprintDetail>> ListAsync(int? level, CancellationToken ct = default)
        {
            var query = db.ExamBlueprints.AsNoTracking();
            if (level is { } l) query = query.Where(b => b.Level == l);
            var blueprints = await query.OrderBy(b => b.Level).ThenByDescending(b => b.Active).ThenByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id).ToListAsync(ct);
            var result = new List<BlueprintDetail>();
            foreach (var group in blueprints.GroupBy(b => b.Level))
            {
                var available = await QuestionBankStore.AvailableAsync(db, group.Key, ct);
                result.AddRange(group.Select(b => Detail(b, available)));
            }
            return result;
        }

        public static BlueprintDetail Detail(ExamBlueprint b, IReadOnlyDictionary<(string, QuestionType), int> available) => new(
            b.Id, b.Level, b.Name, b.DurationMinutes, b.PassMark, b.Active, b.ItemCount, b.Lines.Sum(l => l.Total), b.CreatedAt,
            [.. b.Lines.Select(l => new BlueprintLineDetail(l.WorkFunctionCode, l.Type, l.Count, l.Points, l.Total, available.GetValueOrDefault((l.WorkFunctionCode, l.Type))))],
            b.Shortfalls(available));

        /// <summary>The lines, checked against the work functions of the level.</summary>
        private async Task<List<BlueprintLine>> LinesAsync(Command command, CancellationToken ct)
        {
            if (command.Level is < 1 or > 5)
                throw new RuleViolation("blueprint.level", "The level is 1 to 5.", "level");
            var lines = (command.Lines ?? []).Where(l => l is not null && !l.IsBlank)
                .Select(l => new BlueprintLine(l.WorkFunctionCode ?? "", l.Type, l.Count ?? 0, l.Points ?? 0)).ToList();
            var functions = await db.WorkFunctions.AsNoTracking().ToDictionaryAsync(w => w.Code, ct);
            if (lines.Any(l => !functions.TryGetValue(l.WorkFunctionCode, out var f) || !f.AppliesTo(command.Level)))
                throw new RuleViolation("blueprint.work-function-level", "Each line names a work function assessed at the blueprint's level.", "lines");
            return lines;
        }

        private async Task EnsureBankCanFillAsync(ExamBlueprint blueprint, CancellationToken ct)
        {
            var shortfalls = blueprint.Shortfalls(await QuestionBankStore.AvailableAsync(db, blueprint.Level, ct));
            if (shortfalls.Count > 0)
                throw new BlueprintCannotBeFilled(shortfalls, await db.WorkFunctions.AsNoTracking().ToDictionaryAsync(w => w.Code, w => w.Name, ct));
        }
    }
}
