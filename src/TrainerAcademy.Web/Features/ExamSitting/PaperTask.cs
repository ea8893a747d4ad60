using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Features.ExamSitting;

/// <summary>
/// One task of a skill paper as its candidate sees it: the instructions, the material to work on (<see cref="Material"/>,
/// shaped by <see cref="Scoring"/>, with the addresses of generated images and files) and, for an examiner-scored task,
/// the rubric lines it is scored against. Gold answers never leave the server.
/// </summary>
public sealed record PaperTask(int ItemId, string Code, string Title, PracticalCategory Category, PracticalScoringKind Scoring, decimal Points,
    int Minutes, string Instructions, object? Material, IReadOnlyList<RubricLine> Rubric, string? Response, int SavedRevision)
{
    public static PaperTask Of(int attemptId, AttemptTask task)
    {
        var url = $"/api/attempts/{attemptId}/tasks/{task.Position}";
        object? material = task.Content switch
        {
            ClassificationContent c => new ClassificationMaterial(c.Labels, [.. c.Items.Select(i => new TextItem(i.Id, i.Text))]),
            EntityContent e => new EntityMaterial(e.Text, e.Types),
            BoundingBoxContent => new BoxMaterial(BoxScene.Labels,
                [.. task.Scenes().Select(s => new ImageMaterial(s.Id, s.Width, s.Height, $"{url}/images/{s.Id}.svg"))]),
            TranscriptionContent t => new TranscriptionMaterial([.. t.Items.Select(i => new ClipMaterial(i.Id, $"{url}/clips/{Uri.EscapeDataString(i.Id)}.svg"))]),
            DataCleaningContent => new CleaningMaterial($"{url}/dirty.csv", DirtyCsvGenerator.Instructions,
                [.. DirtyCsvGenerator.Columns.Select(c => c.Name)]),
            ModelEvaluationContent m => new EvaluationMaterial(m.Classes, m.Positive, m.Actual, m.Predicted, m.Tolerance),
            _ => null,
        };
        return new PaperTask(task.Position, task.Code, task.Title, task.Category, task.Scoring, task.Points, task.Minutes, task.Instructions,
            material, task.ScoredByPlatform ? [] : task.Rubric, task.Response, task.SavedRevision);
    }
}

public sealed record TextItem(string Id, string Text);

public sealed record ClassificationMaterial(IReadOnlyList<string> Labels, IReadOnlyList<TextItem> Items);

public sealed record EntityMaterial(string Text, IReadOnlyList<string> Types);

public sealed record ImageMaterial(string Id, int Width, int Height, string Url);

public sealed record BoxMaterial(IReadOnlyList<string> Labels, IReadOnlyList<ImageMaterial> Images);

public sealed record ClipMaterial(string Id, string Url);

public sealed record TranscriptionMaterial(IReadOnlyList<ClipMaterial> Clips);

public sealed record CleaningMaterial(string DownloadUrl, IReadOnlyList<string> Instructions, IReadOnlyList<string> Columns);

public sealed record EvaluationMaterial(IReadOnlyList<string> Classes, string Positive, IReadOnlyList<string> Actual, IReadOnlyList<string> Predicted,
    decimal Tolerance);
