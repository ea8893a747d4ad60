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
    [BindProperty] public SaveQuestion.Command Input { get; set; } = new() { Difficulty = 2 };

    [TempData] public string? Notice { get; set; }

    public int? Id { get; private set; }
    public QuestionDetail? Question { get; private set; }
    public IReadOnlyList<WorkFunction> Functions { get; private set; } = [];

    public async Task OnGetAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (Question is { } q)
        {
            Input = new SaveQuestion.Command
            {
                Code = q.Code, Level = q.Level, WorkFunctionCode = q.WorkFunctionCode, Type = q.Type, Difficulty = q.Difficulty, Stem = q.Stem,
                Options = q.Options, Answer = q.Type == QuestionType.TrueFalse ? (q.Answer == "true" ? L["True"] : L["False"]) : q.Answer,
                Explanation = q.Explanation,
            };
        }
        else
        {
            Input = new SaveQuestion.Command { Level = 5, Type = QuestionType.SingleChoice, Difficulty = 2 };
        }
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (!ModelState.IsValid) return Page();
        if (id is { } existing)
        {
            var newVersion = await questions.UpdateAsync(existing, Input, ct);
            Notice = newVersion ? L["Saved as a new version: papers that used the old one keep it."] : L["Saved the question."];
            return Redirect($"/admin/questions/{existing}");
        }
        var created = await questions.CreateAsync(Input, ct);
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
