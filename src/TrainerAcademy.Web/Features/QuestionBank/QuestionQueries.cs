using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.QuestionBank;

public sealed record QuestionFilter
{
    public int? Level { get; init; }
    public string? WorkFunction { get; init; }
    public QuestionType? Type { get; init; }
    public int? Difficulty { get; init; }
    public string? Q { get; init; }
    public bool? Retired { get; init; }
}

public sealed record QuestionSummary(int Id, string Code, int Level, string WorkFunctionCode, QuestionType Type, int Difficulty, string Stem,
    bool Retired, int Version);

public sealed record QuestionPage(IReadOnlyList<QuestionSummary> Items, int Page, int PageSize, int Total)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record QuestionVersionDetail(int Id, int Number, QuestionType Type, int Difficulty, string Stem, IReadOnlyList<string> Options,
    string Answer, string Explanation, DateTimeOffset CreatedAt, int TimesUsed);

/// <summary>A question with its key and every version: for admins only.</summary>
public sealed record QuestionDetail(int Id, string Code, int Level, string WorkFunctionCode, bool Retired, QuestionType Type, int Difficulty,
    string Stem, IReadOnlyList<string> Options, string Answer, string Explanation, int CurrentVersion, bool CurrentIsUsed,
    IReadOnlyList<QuestionVersionDetail> Versions);

public static class QuestionQueries
{
    public const int DefaultPageSize = 25;

    public sealed class Handler(AcademyDbContext db)
    {
        public async Task<QuestionPage> ListAsync(QuestionFilter filter, int page, int pageSize = DefaultPageSize, CancellationToken ct = default)
        {
            page = Math.Max(1, page);
            pageSize = Math.Clamp(pageSize, 1, 200);
            var query = Filtered(filter);
            var total = await query.CountAsync(ct);
            var items = await query
                .OrderBy(q => q.Level).ThenBy(q => q.Code)
                .Skip((page - 1) * pageSize).Take(pageSize)
                .Select(q => new { q.Id, q.Code, q.Level, q.WorkFunctionCode, q.Retired, Current = q.Versions.OrderByDescending(v => v.Number).First() })
                .Select(q => new QuestionSummary(q.Id, q.Code, q.Level, q.WorkFunctionCode, q.Current.Type, q.Current.Difficulty, q.Current.Stem, q.Retired, q.Current.Number))
                .ToListAsync(ct);
            return new QuestionPage(items, page, pageSize, total);
        }

        /// <summary>The whole questions (current versions) that match, in code order: what an export writes.</summary>
        public async Task<IReadOnlyList<Question>> AllAsync(QuestionFilter filter, CancellationToken ct = default) =>
            await Filtered(filter).Include(q => q.Versions).OrderBy(q => q.Level).ThenBy(q => q.Code).AsSplitQuery().ToListAsync(ct);

        public async Task<QuestionDetail> GetAsync(int id, CancellationToken ct = default)
        {
            var q = await db.Questions.AsNoTracking().Include(x => x.Versions).SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException();
            var ids = q.Versions.Select(v => v.Id).ToList();
            var uses = await db.AttemptItems.Where(i => ids.Contains(i.QuestionVersionId))
                .GroupBy(i => i.QuestionVersionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            var c = q.Current;
            return new QuestionDetail(q.Id, q.Code, q.Level, q.WorkFunctionCode, q.Retired, c.Type, c.Difficulty, c.Stem, c.Options, c.Answer, c.Explanation,
                c.Number, uses.ContainsKey(c.Id),
                [.. q.Versions.OrderByDescending(v => v.Number).Select(v => new QuestionVersionDetail(v.Id, v.Number, v.Type, v.Difficulty, v.Stem, v.Options,
                    v.Answer, v.Explanation, v.CreatedAt, uses.GetValueOrDefault(v.Id)))]);
        }

        private IQueryable<Question> Filtered(QuestionFilter f)
        {
            var query = db.Questions.AsNoTracking();
            if (f.Level is { } level) query = query.Where(q => q.Level == level);
            if (!string.IsNullOrWhiteSpace(f.WorkFunction)) query = query.Where(q => q.WorkFunctionCode == f.WorkFunction);
            if (f.Retired is { } retired) query = query.Where(q => q.Retired == retired);
            if (f.Type is { } type) query = query.Where(q => q.Versions.OrderByDescending(v => v.Number).First().Type == type);
            if (f.Difficulty is { } difficulty) query = query.Where(q => q.Versions.OrderByDescending(v => v.Number).First().Difficulty == difficulty);
            if (!string.IsNullOrWhiteSpace(f.Q))
            {
                var text = f.Q.Trim();
                query = query.Where(q => q.Code.Contains(text) || q.Versions.OrderByDescending(v => v.Number).First().Stem.Contains(text));
            }
            return query;
        }
    }
}
