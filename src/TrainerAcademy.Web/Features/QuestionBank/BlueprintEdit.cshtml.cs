using System.ComponentModel.DataAnnotations;
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

    [BindProperty] public InputModel Input { get; set; } = new();

    public int? Id { get; private set; }
    public IReadOnlyList<WorkFunction> Functions { get; private set; } = [];
    public IReadOnlyDictionary<(string WorkFunction, QuestionType Type), int> Available { get; private set; } = new Dictionary<(string, QuestionType), int>();

    public sealed class InputModel
    {
        [Range(1, 5, ErrorMessage = "Choose the level.")]
        public int Level { get; set; } = 5;

        [Required(ErrorMessage = "Enter a name.")]
        public string Name { get; set; } = "";

        [Range(ExamBlueprint.MinimumMinutes, 300, ErrorMessage = "The theory exam lasts 90 to 300 minutes.")]
        public int DurationMinutes { get; set; } = ExamBlueprint.MinimumMinutes;

        public decimal PassMark { get; set; } = 60m;

        public bool Active { get; set; } = true;

        public List<LineInput> Lines { get; set; } = [];

        public SaveBlueprint.Command ToCommand() => new()
        {
            Level = Level, Name = Name, DurationMinutes = DurationMinutes, PassMark = PassMark, Active = Active,
            Lines = [.. Lines.Where(l => !string.IsNullOrEmpty(l.WorkFunctionCode) && l.Count is not null)
                .Select(l => new BlueprintLineInput(l.WorkFunctionCode!, l.Type, l.Count ?? 0, l.Points ?? 0))],
        };
    }

    public sealed class LineInput
    {
        public string? WorkFunctionCode { get; set; }
        public QuestionType Type { get; set; }
        public int? Count { get; set; }
        public decimal? Points { get; set; }
    }

    public async Task OnGetAsync(int? id, int? level, CancellationToken ct)
    {
        if (id is { } existing)
        {
            var b = await blueprints.GetAsync(existing, ct);
            Input = new InputModel
            {
                Level = b.Level, Name = b.Name, DurationMinutes = b.DurationMinutes, PassMark = b.PassMark, Active = b.Active,
                Lines = [.. b.Lines.Select(l => new LineInput { WorkFunctionCode = l.WorkFunctionCode, Type = l.Type, Count = l.Count, Points = l.Points })],
            };
        }
        else
        {
            Input = new InputModel { Level = level is >= 1 and <= 5 ? level.Value : 5 };
        }
        await LoadAsync(id, ct);
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (!ModelState.IsValid) return Page();
        if (id is { } existing) await blueprints.UpdateAsync(existing, Input.ToCommand(), ct);
        else await blueprints.CreateAsync(Input.ToCommand(), ct);
        TempData["Notice"] = L["Saved the blueprint {0}.", Input.Name.Trim()].Value;
        return Redirect("/admin/blueprints");
    }

    private async Task LoadAsync(int? id, CancellationToken ct)
    {
        Id = id;
        Functions = await db.WorkFunctions.AsNoTracking().OrderBy(f => f.Code).ToListAsync(ct);
        Functions = [.. Functions.Where(f => f.AppliesTo(Input.Level))];
        Available = await QuestionBankStore.AvailableAsync(db, Input.Level, ct);
        while (Input.Lines.Count(l => string.IsNullOrEmpty(l.WorkFunctionCode)) < BlankLines) Input.Lines.Add(new LineInput());
    }
}
