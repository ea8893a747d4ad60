using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.QuestionBank;

/// <summary>Adds a question (/admin/questions/new) or edits one (/admin/questions/{id}), with its version history.</summary>
public sealed class QuestionEditModel(SaveQuestion.Handler questions, QuestionQueries.Handler queries, AcademyDbContext db,
    IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public int? Id { get; private set; }
    public QuestionDetail? Question { get; private set; }
    public IReadOnlyList<WorkFunction> Functions { get; private set; } = [];

    public sealed class InputModel
    {
        [StringLength(40, ErrorMessage = "The code is at most 40 characters.")]
        public string? Code { get; set; }

        [Required(ErrorMessage = "Choose the level."), Range(1, 5, ErrorMessage = "Choose the level.")]
        public int? Level { get; set; }

        [Required(ErrorMessage = "Choose the work function.")]
        public string WorkFunctionCode { get; set; } = "";

        public QuestionType Type { get; set; }

        [Range(1, 3, ErrorMessage = "The difficulty is 1, 2 or 3.")]
        public int Difficulty { get; set; } = 2;

        [Required(ErrorMessage = "Enter the stem.")]
        public string Stem { get; set; } = "";

        /// <summary>One option a line, in the order A, B, C…</summary>
        public string? Options { get; set; }

        [Required(ErrorMessage = "Enter the answer.")]
        public string Answer { get; set; } = "";

        public string? Explanation { get; set; }

        public SaveQuestion.Command ToCommand() => new()
        {
            Code = Code, Level = Level ?? 0, WorkFunctionCode = WorkFunctionCode, Type = Type, Difficulty = Difficulty, Stem = Stem,
            Options = (Options ?? "").Split('\n').Select(o => o.Trim()).Where(o => o.Length > 0).ToList(), Answer = Answer, Explanation = Explanation,
        };
    }

    public async Task OnGetAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (Question is { } q)
        {
            Input = new InputModel
            {
                Code = q.Code, Level = q.Level, WorkFunctionCode = q.WorkFunctionCode, Type = q.Type, Difficulty = q.Difficulty, Stem = q.Stem,
                Options = string.Join("\n", q.Options), Answer = q.Type == QuestionType.TrueFalse ? (q.Answer == "true" ? L["True"] : L["False"]) : q.Answer,
                Explanation = q.Explanation,
            };
        }
        else
        {
            Input = new InputModel { Level = 5, Type = QuestionType.SingleChoice };
        }
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (!ModelState.IsValid) return Page();
        if (id is { } existing)
        {
            var newVersion = await questions.UpdateAsync(existing, Input.ToCommand(), ct);
            Notice = newVersion ? L["Saved as a new version: papers that used the old one keep it."] : L["Saved the question."];
            return Redirect($"/admin/questions/{existing}");
        }
        var created = await questions.CreateAsync(Input.ToCommand(), ct);
        Notice = L["Added the question."];
        return Redirect($"/admin/questions/{created}");
    }

    public async Task<IActionResult> OnPostRetireAsync(int id, CancellationToken ct)
    {
        await questions.SetRetiredAsync(id, true, ct);
        Notice = L["The question is retired: it is no longer drawn."];
        return Redirect($"/admin/questions/{id}");
    }

    public async Task<IActionResult> OnPostReinstateAsync(int id, CancellationToken ct)
    {
        await questions.SetRetiredAsync(id, false, ct);
        Notice = L["The question is back in use."];
        return Redirect($"/admin/questions/{id}");
    }

    public string FunctionName(string code) => Functions.FirstOrDefault(f => f.Code == code)?.Name ?? code;

    private async Task LoadAsync(int? id, CancellationToken ct)
    {
        Id = id;
        Functions = await db.WorkFunctions.AsNoTracking().OrderByDescending(f => f.LowestLevel).ThenBy(f => f.Code).ToListAsync(ct);
        if (id is { } existing) Question = await queries.GetAsync(existing, ct);
    }
}
