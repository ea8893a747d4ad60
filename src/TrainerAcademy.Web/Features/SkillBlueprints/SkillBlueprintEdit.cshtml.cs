using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.SkillBlueprints;

/// <summary>
/// Adds a skill blueprint (/admin/skill-blueprints/new?level=, or ?from={id} to copy one) or edits one
/// (/admin/skill-blueprints/{id}) while no session uses it, with the pool's count beside each line.
/// </summary>
public sealed class SkillBlueprintEditModel(SaveSkillBlueprint.Handler blueprints, SkillBlueprintQueries.Handler queries, AcademyDbContext db,
    IStringLocalizer<SharedResource> L) : PageModel
{
    public const int BlankLinesOnNew = 3;

    [BindProperty] public SaveSkillBlueprint.Command Input { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public int? Id { get; private set; }
    public SkillBlueprintDetail? Current { get; private set; }
    public bool Editable => Current?.Editable ?? true;
    public IReadOnlyDictionary<(PracticalCategory Category, decimal Points), int> Available { get; private set; } =
        new Dictionary<(PracticalCategory, decimal), int>();

    public async Task OnGetAsync(int? id, int? level, int? from, AssessmentComponent? component, CancellationToken ct)
    {
        if (id is { } existing)
        {
            var b = await queries.GetAsync(existing, ct);
            Input = From(b, b.Name);
        }
        else if (from is { } source)
        {
            var b = await queries.GetAsync(source, ct);
            Input = From(b, L["{0} (copy)", b.Name]) with { Active = false };
        }
        else
        {
            Input = new SaveSkillBlueprint.Command
            {
                Level = level is >= 1 and <= 5 ? level.Value : 3, Component = component ?? AssessmentComponent.Skill,
                Lines = [.. Enumerable.Repeat(new SkillBlueprintLineInput(), BlankLinesOnNew)],
            };
        }
        await LoadAsync(id, ct);
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (!ModelState.IsValid) return Page();
        if (id is { } existing)
        {
            await blueprints.UpdateAsync(existing, Input, ct);
            Notice = L["Saved the skill blueprint {0}.", Input.Name.Trim()];
            return Redirect("/admin/skill-blueprints");
        }
        var created = await blueprints.CreateAsync(Input, ct);
        Notice = L["Saved the skill blueprint {0}.", Input.Name.Trim()];
        return Redirect($"/admin/skill-blueprints?level={Input.Level}");
    }

    /// <summary>Adds a blank line to the form; nothing is saved.</summary>
    public async Task<IActionResult> OnPostAddLineAsync(int? id, CancellationToken ct)
    {
        // The form is shown again from Input, not from the posted values the rows' indexes no longer match.
        ModelState.Clear();
        Input = Input with { Lines = [.. Input.Lines ?? [], new SkillBlueprintLineInput()] };
        await LoadAsync(id, ct);
        return Page();
    }

    /// <summary>Takes one line off the form; nothing is saved.</summary>
    public async Task<IActionResult> OnPostRemoveLineAsync(int? id, int line, CancellationToken ct)
    {
        ModelState.Clear();
        var lines = (Input.Lines ?? []).ToList();
        if (line >= 0 && line < lines.Count) lines.RemoveAt(line);
        Input = Input with { Lines = lines };
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostActivateAsync(int id, CancellationToken ct)
    {
        await blueprints.SetActiveAsync(id, true, ct);
        Notice = L["The skill blueprint is in use again."];
        return Redirect($"/admin/skill-blueprints/{id}");
    }

    public async Task<IActionResult> OnPostRetireAsync(int id, CancellationToken ct)
    {
        await blueprints.SetActiveAsync(id, false, ct);
        Notice = L["The skill blueprint is retired: new sessions no longer take it."];
        return Redirect($"/admin/skill-blueprints/{id}");
    }

    private static SaveSkillBlueprint.Command From(SkillBlueprintDetail b, string name) => new()
    {
        Level = b.Level, Name = name, DurationMinutes = b.DurationMinutes, PassMark = b.PassMark, Active = b.Active, Component = b.Component,
        Lines = [.. b.Lines.Select(l => new SkillBlueprintLineInput { Category = l.Category, Count = l.Count, Points = l.Points })],
    };

    private async Task LoadAsync(int? id, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            Current = await queries.GetAsync(existing, ct);
            // The level of a saved blueprint is its own, whatever was posted.
            Input = Input with { Level = Current.Level, Component = Current.Component };
        }
        Available = await SkillBlueprintQueries.AvailableAsync(db, Input.Level is >= 1 and <= 5 ? Input.Level.Value : 3, ct,
            Input.Component ?? AssessmentComponent.Skill);
        if (Input.Lines is null or { Count: 0 }) Input = Input with { Lines = [new SkillBlueprintLineInput()] };
    }
}
