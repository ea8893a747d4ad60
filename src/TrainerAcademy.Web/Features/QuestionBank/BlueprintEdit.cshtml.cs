using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.QuestionBank;

/// <summary>Adds a blueprint (/admin/blueprints/new?level=) or edits one (/admin/blueprints/{id}), with the bank's count beside each line.</summary>
public sealed class BlueprintEditModel(SaveBlueprint.Handler blueprints, AcademyDbContext db, IStringLocalizer<SharedResource> L) : PageModel
{
    public const int BlankLines = 3;

    [BindProperty] public SaveBlueprint.Command Input { get; set; } = new();

    public int? Id { get; private set; }
    public IReadOnlyList<WorkFunction> Functions { get; private set; } = [];
    public IReadOnlyDictionary<(string WorkFunction, QuestionType Type), int> Available { get; private set; } = new Dictionary<(string, QuestionType), int>();

    public async Task OnGetAsync(int? id, int? level, CancellationToken ct)
    {
        if (id is { } existing)
        {
            var b = await blueprints.GetAsync(existing, ct);
            Input = new SaveBlueprint.Command
            {
                Level = b.Level, Name = b.Name, DurationMinutes = b.DurationMinutes, PassMark = b.PassMark, Active = b.Active,
                Lines = [.. b.Lines.Select(l => new BlueprintLineInput { WorkFunctionCode = l.WorkFunctionCode, Type = l.Type, Count = l.Count, Points = l.Points })],
            };
        }
        else
        {
            Input = new SaveBlueprint.Command { Level = level is >= 1 and <= 5 ? level.Value : 5 };
        }
        await LoadAsync(id, ct);
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (!ModelState.IsValid) return Page();
        if (id is { } existing) await blueprints.UpdateAsync(existing, Input, ct);
        else await blueprints.CreateAsync(Input, ct);
        TempData["Notice"] = L["Saved the blueprint {0}.", Input.Name.Trim()].Value;
        return Redirect("/admin/blueprints");
    }

    private async Task LoadAsync(int? id, CancellationToken ct)
    {
        Id = id;
        Functions = await db.WorkFunctions.AsNoTracking().OrderBy(f => f.Code).ToListAsync(ct);
        Functions = [.. Functions.Where(f => f.AppliesTo(Input.Level))];
        Available = await QuestionBankStore.AvailableAsync(db, Input.Level, ct);
        var lines = (Input.Lines ?? []).Where(l => l is not null).ToList();
        while (lines.Count(l => string.IsNullOrEmpty(l.WorkFunctionCode)) < BlankLines) lines.Add(new BlueprintLineInput());
        Input = Input with { Lines = lines };
    }
}
