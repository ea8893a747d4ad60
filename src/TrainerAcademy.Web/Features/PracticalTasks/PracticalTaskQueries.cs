using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.PracticalTasks;

public sealed record PracticalTaskFilter
{
    public int? Level { get; init; }
    public PracticalCategory? Category { get; init; }
    public bool? Active { get; init; }
}

public sealed record PracticalTaskSummary(int Id, string Code, int Level, string Title, PracticalCategory Category, PracticalScoringKind Scoring,
    decimal Points, int Minutes, bool Active, int Revision, AssessmentComponent Component = AssessmentComponent.Skill);

/// <summary>A task with its gold content: for admins only.</summary>
public sealed record PracticalTaskDetail(int Id, string Code, int Level, string Title, PracticalCategory Category, PracticalScoringKind Scoring,
    decimal Points, int Minutes, string Instructions,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(JsonTextConverter))] string? Content,
    IReadOnlyList<RubricLine> Rubric, bool Active, int Revision, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    AssessmentComponent Component = AssessmentComponent.Skill);

public static class PracticalTaskQueries
{
    public sealed class Handler(AcademyDbContext db)
    {
        public async Task<IReadOnlyList<PracticalTaskSummary>> ListAsync(PracticalTaskFilter filter, CancellationToken ct = default)
        {
            var rows = await Filtered(filter)
                .Select(t => new PracticalTaskSummary(t.Id, t.Code, t.Level, t.Title, t.Category, t.Scoring, t.Points, t.Minutes, t.Active, t.Revision, t.Component))
                .ToListAsync(ct);
            // Ordered here: SQLite cannot order by a decimal and the pool is small.
            return [.. rows.OrderBy(t => t.Level).ThenBy(t => t.Category).ThenBy(t => t.Code, StringComparer.Ordinal)];
        }

        public async Task<PracticalTaskDetail> GetAsync(int id, CancellationToken ct = default) =>
            Detail(await db.PracticalTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException());

        /// <summary>Every task that matches, in code order: what an export writes.</summary>
        public async Task<IReadOnlyList<PracticalTask>> AllAsync(PracticalTaskFilter filter, CancellationToken ct = default) =>
            [.. (await Filtered(filter).ToListAsync(ct)).OrderBy(t => t.Code, StringComparer.Ordinal)];

        private IQueryable<PracticalTask> Filtered(PracticalTaskFilter filter)
        {
            var query = db.PracticalTasks.AsNoTracking();
            if (filter.Level is { } level) query = query.Where(t => t.Level == level);
            if (filter.Category is { } category) query = query.Where(t => t.Category == category);
            if (filter.Active is { } active) query = query.Where(t => t.Active == active);
            return query;
        }
    }

    public static PracticalTaskDetail Detail(PracticalTask t) => new(t.Id, t.Code, t.Level, t.Title, t.Category, t.Scoring, t.Points, t.Minutes,
        t.Instructions, t.ContentJson, t.Rubric, t.Active, t.Revision, t.CreatedAt, t.UpdatedAt, t.Component);
}
