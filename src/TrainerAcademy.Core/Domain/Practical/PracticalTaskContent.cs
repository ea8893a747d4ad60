using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainerAcademy.Domain.Practical;

/// <summary>Text items with their gold labels; <see cref="Labels"/> is the label set offered to the candidate.</summary>
public sealed record ClassificationContent(IReadOnlyList<string> Labels, IReadOnlyList<ClassificationItem> Items,
    ClassificationBasis Basis = ClassificationBasis.Accuracy)
{
    public IReadOnlyDictionary<string, string> Gold => Items.ToDictionary(i => i.Id, i => i.Label, StringComparer.Ordinal);
}

public sealed record ClassificationItem(string Id, string Text, string Label);

/// <summary>A text and its gold entity spans (character offsets, end exclusive), with the entity types offered.</summary>
public sealed record EntityContent(string Text, IReadOnlyList<string> Types, IReadOnlyList<EntitySpan> Spans);

/// <summary>The platform draws the images itself from a seed, so only the seed and the image count are stored.</summary>
public sealed record BoundingBoxContent(long Seed, int Images);

/// <summary>The reference texts of the clips; the candidate's hypotheses come with the answer.</summary>
public sealed record TranscriptionContent(IReadOnlyList<TranscriptionReference> Items)
{
    public IReadOnlyList<TranscriptionItem> ToItems(IReadOnlyDictionary<string, string?> hypotheses) =>
        Items.Select(i => new TranscriptionItem(i.Id, i.Reference, hypotheses.GetValueOrDefault(i.Id))).ToList();
}

public sealed record TranscriptionReference(string Id, string Reference);

/// <summary>The dirty file is generated from a seed (<see cref="DirtyCsvGenerator"/>); its ground truth follows from the same seed.</summary>
public sealed record DataCleaningContent(long Seed, int Records)
{
    public DirtyDataset Generate() => DirtyCsvGenerator.Generate(Seed, Records);
}

/// <summary>Labels and a model's predictions the candidate evaluates; the expected metrics are computed from them.</summary>
public sealed record ModelEvaluationContent(IReadOnlyList<string> Classes, string Positive, IReadOnlyList<string> Actual, IReadOnlyList<string> Predicted,
    decimal Tolerance = ModelEvaluation.DefaultTolerance)
{
    public ModelMetrics Expected => ModelEvaluation.Compute(Classes, Positive, Actual, Predicted);
}

/// <summary>
/// Reads and checks the JSON content of a practical task against its scoring kind. Every fault is a
/// <see cref="RuleViolation"/> on the field "content", so a bad content is the author's error to fix, never a crash
/// when the task is later scored.
/// </summary>
public static class PracticalTaskContent
{
    public const int MaxLength = 100_000;
    public const int MaxItems = 200;
    public const int MaxImages = 20;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The parsed content (null for rubric tasks) after all checks.</summary>
    public static object? Parse(PracticalScoringKind scoring, string? json)
    {
        json = (json ?? "").Trim();
        if (scoring == PracticalScoringKind.Rubric)
        {
            if (json.Length > 0 && json != "{}" && json != "null")
                throw Fault("practical-task.content-rubric", "An examiner-scored task has no content; its rubric lines say what is looked for.");
            return null;
        }
        if (json.Length == 0)
            throw Fault("practical-task.content-required", "Enter the task's content as JSON.");
        if (json.Length > MaxLength)
            throw Fault("practical-task.content-too-long", $"The content is at most {MaxLength} characters.");
        try
        {
            return scoring switch
            {
                PracticalScoringKind.TextClassification => Check(Read<ClassificationContent>(json)),
                PracticalScoringKind.EntitySpans => Check(Read<EntityContent>(json)),
                PracticalScoringKind.BoundingBoxes => Check(Read<BoundingBoxContent>(json)),
                PracticalScoringKind.Transcription => Check(Read<TranscriptionContent>(json)),
                PracticalScoringKind.DataCleaning => Check(Read<DataCleaningContent>(json)),
                PracticalScoringKind.ModelEvaluation => Check(Read<ModelEvaluationContent>(json)),
                _ => throw new RuleViolation("practical.task-scoring", "Choose how the task is scored.", "scoring"),
            };
        }
        catch (JsonException e)
        {
            throw Fault("practical-task.content-json", $"The content is not the JSON this kind of task takes: {e.Message}");
        }
        catch (RuleViolation v) when (v.Field != "content" && v.Field != "scoring")
        {
            // The scoring functions name their own inputs (gold, classes, predicted); for the author they are all the content.
            throw Fault(v.Code, v.Message);
        }
    }

    /// <summary>The content in its stored form: the parsed value written back compactly, so equal contents compare equal.</summary>
    public static string? Normalize(PracticalScoringKind scoring, string? json) =>
        Parse(scoring, json) is { } content ? JsonSerializer.Serialize(content, content.GetType(), Json) : null;

    private static T Read<T>(string json) where T : class =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw Fault("practical-task.content-required", "Enter the task's content as JSON.");

    private static ClassificationContent Check(ClassificationContent c)
    {
        var labels = c.Labels.Select(PracticalScoring.Label).ToList();
        if (labels.Count < 2 || labels.Any(l => l.Length == 0) || labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
            throw Fault("practical-task.classification-labels", "Offer at least two distinct, non-empty labels.");
        CheckItemCount(c.Items.Count);
        var items = c.Items.Select(i => new ClassificationItem(PracticalScoring.Label(i.Id), (i.Text ?? "").Trim(), PracticalScoring.Label(i.Label))).ToList();
        CheckIds(items.Select(i => i.Id));
        if (items.Any(i => i.Text.Length == 0))
            throw Fault("practical-task.classification-text", "Every item has a text.");
        if (items.Any(i => !labels.Contains(i.Label, StringComparer.Ordinal)))
            throw Fault("practical-task.classification-label", "Every item's gold label is one of the labels offered.");
        if (!Enum.IsDefined(c.Basis))
            throw Fault("practical-task.classification-basis", "The score is by accuracy or by macro-F1.");
        _ = TextClassification.Score(items.ToDictionary(i => i.Id, i => i.Label), new Dictionary<string, string?>(), 1m, c.Basis);
        return new(labels, items, c.Basis);
    }

    private static EntityContent Check(EntityContent c)
    {
        if (string.IsNullOrWhiteSpace(c.Text))
            throw Fault("practical-task.entity-text", "Enter the text the candidate annotates.");
        var types = c.Types.Select(PracticalScoring.Label).ToList();
        if (types.Count == 0 || types.Any(t => t.Length == 0) || types.Distinct(StringComparer.Ordinal).Count() != types.Count)
            throw Fault("practical-task.entity-types", "Offer at least one distinct, non-empty entity type.");
        if (c.Spans.Count == 0 || c.Spans.Count > MaxItems)
            throw Fault("practical-task.entity-spans", $"Give 1 to {MaxItems} gold spans.");
        var spans = c.Spans.Select(s => s with { Type = PracticalScoring.Label(s.Type) }).ToList();
        if (spans.Any(s => !s.IsWellFormed || s.End > c.Text.Length))
            throw Fault("practical-task.entity-span-range", "Every gold span starts before it ends and lies within the text.");
        if (spans.Any(s => !types.Contains(s.Type, StringComparer.Ordinal)))
            throw Fault("practical-task.entity-span-type", "Every gold span has one of the entity types offered.");
        _ = EntitySpans.Score(spans, [], 1m);
        return new(c.Text, types, spans);
    }

    private static BoundingBoxContent Check(BoundingBoxContent c)
    {
        if (c.Images is < 1 or > MaxImages)
            throw Fault("practical-task.box-images", $"A bounding-box task shows 1 to {MaxImages} images.");
        return c;
    }

    private static TranscriptionContent Check(TranscriptionContent c)
    {
        CheckItemCount(c.Items.Count);
        var items = c.Items.Select(i => new TranscriptionReference(PracticalScoring.Label(i.Id), (i.Reference ?? "").Trim())).ToList();
        CheckIds(items.Select(i => i.Id));
        if (items.Any(i => i.Reference.Length == 0))
            throw Fault("practical-task.transcription-reference", "Every clip has a reference text.");
        return new(items);
    }

    private static DataCleaningContent Check(DataCleaningContent c)
    {
        if (c.Records is < DirtyCsvGenerator.MinRecords or > DirtyCsvGenerator.MaxRecords)
            throw new RuleViolation("practical.generator-size", $"A generated file has {DirtyCsvGenerator.MinRecords} to {DirtyCsvGenerator.MaxRecords} records.", "content");
        return c;
    }

    private static ModelEvaluationContent Check(ModelEvaluationContent c)
    {
        if (c.Actual.Count > 10_000)
            throw Fault("practical-task.evaluation-size", "Give at most 10000 labels.");
        _ = c.Expected;
        if (c.Tolerance is < 0 or > 0.5m)
            throw new RuleViolation("practical.evaluation-tolerance", "The tolerance is 0 to 0.5.", "content");
        return c;
    }

    private static void CheckItemCount(int count)
    {
        if (count is 0 or > MaxItems)
            throw Fault("practical-task.content-items", $"Give 1 to {MaxItems} items.");
    }

    private static void CheckIds(IEnumerable<string> ids)
    {
        var list = ids.ToList();
        if (list.Any(id => id.Length == 0) || list.Distinct(StringComparer.Ordinal).Count() != list.Count)
            throw Fault("practical-task.content-ids", "Every item has its own id.");
    }

    private static RuleViolation Fault(string code, string message) => new(code, message, "content");
}
