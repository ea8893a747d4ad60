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

    [BindProperty] public SaveBlueprint.Command Input { get; set; } = new() { Level = 5 };

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
                Lines = [.. b.Lines.Select(l => new BlueprintLineInput(l.WorkFunctionCode, l.Type, l.Count, l.Points))],
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
        // The form's blank rows are no lines.
        var command = Input with { Lines = [.. Input.Lines.Where(l => !string.IsNullOrEmpty(l.WorkFunctionCode) && l.Count is not null)] };
        if (id is { } existing) await blueprints.UpdateAsync(existing, command, ct);
        else await blueprints.CreateAsync(command, ct);
        TempData["Notice"] = L["Saved the blueprint {0}.", Input.Name.Trim()].Value;
        return Redirect("/admin/blueprints");
    }

    private async Task LoadAsync(int? id, CancellationToken ct)
    {
        Id = id;
        Functions = await db.WorkFunctions.AsNoTracking().OrderBy(f => f.Code).ToListAsync(ct);
        Functions = [.. Functions.Where(f => f.AppliesTo(Input.Level))];
        Available = await QuestionBankStore.AvailableAsync(db, Input.Level, ct);
        var blank = BlankLines - Input.Lines.Count(l => string.IsNullOrEmpty(l.WorkFunctionCode));
        if (blank > 0) Input = Input with { Lines = [.. Input.Lines, .. Enumerable.Repeat(new BlueprintLineInput(null, default, null, null), blank)] };
    }
}
