using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.QuestionBank;

/// <summary>The question bank, filtered and paged (/admin/questions).</summary>
public sealed class QuestionsModel(QuestionQueries.Handler queries, AcademyDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Level { get; set; }
    [BindProperty(SupportsGet = true)] public string? WorkFunction { get; set; }
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public int? Difficulty { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Retired { get; set; }
    [BindProperty(Name = "page", SupportsGet = true)] public int PageNumber { get; set; } = 1;

    [TempData] public string? Notice { get; set; }

    public QuestionPage Result { get; private set; } = new([], 1, QuestionQueries.DefaultPageSize, 0);
    public IReadOnlyList<WorkFunction> Functions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Functions = await db.WorkFunctions.AsNoTracking().OrderByDescending(f => f.LowestLevel).ThenBy(f => f.Code).ToListAsync(ct);
        Result = await queries.ListAsync(Filter, PageNumber, QuestionQueries.DefaultPageSize, ct);
    }

    public QuestionFilter Filter => new()
    {
        Level = Level, WorkFunction = WorkFunction, Type = QuestionTypeNames.Parse(Type), Difficulty = Difficulty, Q = Q, Retired = Retired,
    };

    public string FunctionName(string code) => Functions.FirstOrDefault(f => f.Code == code)?.Name ?? code;

    /// <summary>The current filters as a query string, with another page (or the export's path).</summary>
    public string Query(int? page = null)
    {
        var parts = new List<string>();
        void Add(string name, object? value) { if (value is not null && value.ToString() != "") parts.Add($"{name}={Uri.EscapeDataString(value.ToString()!)}"); }
        Add("level", Level);
        Add("workFunction", WorkFunction);
        Add("type", Type);
        Add("difficulty", Difficulty);
        Add("q", Q);
        Add("retired", Retired?.ToString().ToLowerInvariant());
        Add("page", page);
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
