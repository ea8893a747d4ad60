using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.PracticalTasks;

/// <summary>Adds a practical task (/admin/practical-tasks/new) or edits one (/admin/practical-tasks/{id}).</summary>
public sealed class PracticalTaskEditModel(SavePracticalTask.Handler tasks, PracticalTaskQueries.Handler queries, IStringLocalizer<SharedResource> L)
    : PageModel
{
    /// <summary>Blank rubric rows offered below the saved ones; rows left without a criterion and points are dropped.</summary>
    public const int SpareRubricRows = 2;

    // Declared before Examples: static fields are initialized in the order they are written.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What the content of each scoring kind looks like, shown beside the content box.</summary>
    public static readonly IReadOnlyDictionary<PracticalScoringKind, string> Examples = new Dictionary<PracticalScoringKind, string>
    {
        [PracticalScoringKind.TextClassification] = Pretty("""{"labels":["正面","负面","中性"],"items":[{"id":"t1","text":"物流很快，包装完好","label":"正面"},{"id":"t2","text":"客服一直不回复","label":"负面"}],"basis":"Accuracy"}"""),
        [PracticalScoringKind.EntitySpans] = Pretty("""{"text":"张伟于3月5日在上海参加培训","types":["人名","地名","时间"],"spans":[{"start":0,"end":2,"type":"人名"},{"start":3,"end":7,"type":"时间"},{"start":8,"end":10,"type":"地名"}]}"""),
        [PracticalScoringKind.BoundingBoxes] = Pretty("""{"seed":20270301,"images":5}"""),
        [PracticalScoringKind.Transcription] = Pretty("""{"items":[{"id":"a1","reference":"请在考试开始前十分钟进入考场"},{"id":"a2","reference":"本次培训共安排六个模块"}]}"""),
        [PracticalScoringKind.DataCleaning] = Pretty("""{"seed":7,"records":40}"""),
        [PracticalScoringKind.ModelEvaluation] = Pretty("""{"classes":["正常","欺诈"],"positive":"欺诈","actual":["正常","欺诈","欺诈","正常"],"predicted":["正常","欺诈","正常","欺诈"],"tolerance":0.01}"""),
        [PracticalScoringKind.Rubric] = "",
    };

    [BindProperty] public SavePracticalTask.Command Input { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public int? Id { get; private set; }
    public PracticalTaskDetail? Current { get; private set; }

    public async Task OnGetAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Input = Current is { } t
            ? new SavePracticalTask.Command
            {
                Code = t.Code, Level = t.Level, Title = t.Title, Category = t.Category, Scoring = t.Scoring, Component = t.Component, Points = t.Points, Minutes = t.Minutes,
                Instructions = t.Instructions, Content = t.Content is null ? null : Pretty(t.Content), Rubric = t.Rubric, Revision = t.Revision,
            }
            : new SavePracticalTask.Command { Level = 3, Scoring = PracticalScoringKind.DataCleaning, Points = 15, Minutes = 20, Content = Examples[PracticalScoringKind.DataCleaning] };
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        TidyHiddenInputs();
        if (!ModelState.IsValid) return Page();
        if (id is { } existing)
        {
            var changed = await tasks.UpdateAsync(existing, Input, ct);
            Notice = changed ? L["Saved the practical task."] : L["Nothing changed."];
            return Redirect($"/admin/practical-tasks/{existing}");
        }
        var created = await tasks.CreateAsync(Input, ct);
        Notice = L["Added the practical task."];
        return Redirect($"/admin/practical-tasks/{created}");
    }

    public async Task<IActionResult> OnPostDeactivateAsync(int id, int? revision, CancellationToken ct)
    {
        await tasks.SetActiveAsync(id, false, revision, ct);
        Notice = L["The practical task is deactivated: it is no longer drawn."];
        return Redirect($"/admin/practical-tasks/{id}");
    }

    public async Task<IActionResult> OnPostActivateAsync(int id, int? revision, CancellationToken ct)
    {
        await tasks.SetActiveAsync(id, true, revision, ct);
        Notice = L["The practical task is back in use."];
        return Redirect($"/admin/practical-tasks/{id}");
    }

    /// <summary>The saved lines and the spare rows, numbered M1, M2, … as the form shows them.</summary>
    public IReadOnlyList<RubricLine> RubricRows()
    {
        var lines = (Input.Rubric ?? []).ToList();
        for (var i = 0; i < SpareRubricRows; i++)
            lines.Add(new RubricLine($"M{lines.Count + 1}", "", 0));
        return lines;
    }

    private void TidyHiddenInputs()
    {
        var rows = Input.Rubric ?? [];
        var kept = new List<RubricLine>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (string.IsNullOrWhiteSpace(row?.Criterion) && (row?.Points ?? 0) == 0)
            {
                // A spare row left empty is not a line; its empty criterion is no error either.
                foreach (var key in ModelState.Keys.Where(k => k.StartsWith($"Input.Rubric[{i}]", StringComparison.Ordinal)).ToList())
                    ModelState.Remove(key);
                continue;
            }
            kept.Add(row! with { Code = $"M{kept.Count + 1}" });
        }
        // The form hides the content box of an examiner-scored task and the rubric rows of a platform-scored one, but
        // what they hold is still posted.
        var rubric = Input.Scoring == PracticalScoringKind.Rubric;
        Input = Input with { Rubric = rubric ? kept : [], Content = rubric ? null : Input.Content };
    }

    private async Task LoadAsync(int? id, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing) Current = await queries.GetAsync(existing, ct);
    }

    private static string Pretty(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, Indented);
}
