using System.Globalization;
using System.Text;
using System.Text.Json;
using TrainerAcademy.Data.Practical;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Domain.Practical;

/// <summary>
/// One task of a candidate's skill paper, frozen when the paper is drawn: the task's instructions, rubric and points as
/// they were, and its material for this candidate (<see cref="ContentJson"/>: generated tasks carry a seed of the
/// candidate's own, so two candidates get different images and files). The answer is saved here with a revision, exactly
/// as a theory item's; <see cref="Mark"/> scores a platform-scored task, examiners score a rubric task.
/// </summary>
public class AttemptTask
{
    public const int MaxResponse = 400_000;
    public const int MaxWritten = 20_000;
    public const int MaxSpans = 500;
    public const int MaxBoxes = 500;
    public const int MaxFiles = 5;

    /// <summary>
    /// How answers are read: as the content is (unknown members refused), except that a member left out is simply not
    /// answered yet, so a half-filled metrics form saves.
    /// </summary>
    private static readonly JsonSerializerOptions AnswerJson = new(PracticalTaskContent.Json) { RespectRequiredConstructorParameters = false };

    private AttemptTask() { }

    public AttemptTask(int position, PracticalTask task, string? contentJson)
    {
        Position = position;
        PracticalTaskId = task.Id;
        TaskRevision = task.Revision;
        Code = task.Code;
        Title = task.Title;
        Category = task.Category;
        Scoring = task.Scoring;
        Points = task.Points;
        Minutes = task.Minutes;
        Instructions = task.Instructions;
        ContentJson = contentJson;
        RubricJson = task.RubricJson;
    }

    public int Id { get; private set; }
    public int AttemptId { get; private set; }

    /// <summary>1-based number on the paper; the item id of the answer API.</summary>
    public int Position { get; private set; }
    public int PracticalTaskId { get; private set; }
    public int TaskRevision { get; private set; }
    public string Code { get; private set; } = "";
    public string Title { get; private set; } = "";
    public PracticalCategory Category { get; private set; }
    public PracticalScoringKind Scoring { get; private set; }
    public decimal Points { get; private set; }
    public int Minutes { get; private set; }
    public string Instructions { get; private set; } = "";
    public string? ContentJson { get; private set; }
    public string RubricJson { get; private set; } = "[]";

    /// <summary>The saved answer as compact JSON in the shape of <see cref="Scoring"/>; null when not answered.</summary>
    public string? Response { get; private set; }
    public int SavedRevision { get; private set; }
    public DateTimeOffset? SavedAt { get; private set; }
    public decimal? Awarded { get; private set; }

    /// <summary>The score's breakdown (<see cref="ScoreLine"/>s) as JSON once marked.</summary>
    public string? BreakdownJson { get; private set; }

    public bool ScoredByPlatform => Scoring != PracticalScoringKind.Rubric;

    public IReadOnlyList<RubricLine> Rubric => JsonSerializer.Deserialize<RubricLine[]>(RubricJson, PracticalTaskContent.Json) ?? [];

    public IReadOnlyList<ScoreLine> Breakdown =>
        BreakdownJson is null ? [] : JsonSerializer.Deserialize<ScoreLine[]>(BreakdownJson, PracticalTaskContent.Json) ?? [];

    /// <summary>The material and gold answers of this candidate's task, parsed.</summary>
    public object? Content => PracticalTaskContent.Parse(Scoring, ContentJson);

    /// <summary>The images of a bounding-box task, drawn again from this candidate's seed.</summary>
    public IReadOnlyList<SceneImage> Scenes() =>
        Content is BoundingBoxContent boxes ? BoxScene.Generate(boxes.Seed, boxes.Images) : [];

    /// <summary>The dirty file of a data-cleaning task, made again from this candidate's seed.</summary>
    public DirtyDataset? Dataset() => Content is DataCleaningContent cleaning ? cleaning.Generate() : null;

    /// <summary>
    /// The content a candidate's paper freezes: generated tasks get a seed of their own (from the paper's seed and the
    /// position), so each candidate cleans a different file and boxes different scenes; other tasks keep the pool's content.
    /// </summary>
    public static string? ContentFor(PracticalTask task, int paperSeed, int position)
    {
        var own = unchecked(paperSeed * 1_000_003L + position * 7919L + task.Id);
        object? content = task.Content switch
        {
            BoundingBoxContent b => b with { Seed = own },
            DataCleaningContent c => c with { Seed = own },
            var other => other,
        };
        return content is null ? null : JsonSerializer.Serialize(content, content.GetType(), PracticalTaskContent.Json);
    }

    /// <summary>
    /// Checks an answer against this task's shape and returns it in its stored form (compact JSON), or null to clear it.
    /// Every fault is a <see cref="RuleViolation"/> on "response" that says what the answer should look like.
    /// </summary>
    internal string? Normalize(JsonElement response, IReadOnlyDictionary<Guid, string>? candidateFiles = null)
    {
        if (response.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        if (response.GetRawText().Length > MaxResponse)
            throw Invalid("answer.too-long", $"The answer is larger than {MaxResponse / 1000} thousand characters.");
        object answer = Scoring switch
        {
            PracticalScoringKind.TextClassification => Labels(response),
            PracticalScoringKind.EntitySpans => Spans(response),
            PracticalScoringKind.BoundingBoxes => Boxes(response),
            PracticalScoringKind.Transcription => Transcripts(response),
            PracticalScoringKind.DataCleaning => Cleaned(response),
            PracticalScoringKind.ModelEvaluation => Metrics(response),
            _ => Written(response, candidateFiles),
        };
        return JsonSerializer.Serialize(answer, answer.GetType(), PracticalTaskContent.Json);
    }

    /// <summary>
    /// Takes a save in memory, under the rule the stored row keeps (<see cref="AnswerSave.Lands"/>): only a newer revision
    /// lands. Returns false when the save was older.
    /// </summary>
    public bool Record(AnswerSave save)
    {
        if (save.Position != Position || save.Revision <= SavedRevision) return false;
        Response = save.Response;
        SavedRevision = save.Revision;
        SavedAt = save.SavedAt;
        return true;
    }

    /// <summary>Files are uploaded for examiner-scored tasks only; a data-cleaning task takes its cleaned CSV in the answer itself.</summary>
    public void EnsureTakesFiles()
    {
        if (ScoredByPlatform)
            throw new RuleViolation("answer.file-not-written", "Files are attached to written tasks only.", "itemId");
    }

    /// <summary>Scores a platform-scored task against this candidate's gold answers; a rubric task is left to examiners.</summary>
    public TaskScore? Mark()
    {
        if (!ScoredByPlatform) return null;
        var score = Score(Content, Response, Points);
        Awarded = score.Points;
        BreakdownJson = JsonSerializer.Serialize(score.Breakdown, PracticalTaskContent.Json);
        return score;
    }

    /// <summary>Records the agreed score of a rubric task (examiners' marks resolved).</summary>
    public void Award(decimal points, IReadOnlyList<ScoreLine> breakdown)
    {
        if (ScoredByPlatform)
            throw new ConflictViolation("practical.platform-scored", "The platform scores this task; examiners do not.");
        if (points < 0 || points > Points)
            throw new RuleViolation("practical.award", $"The score is 0 to {Points:0.##}.", "points");
        Awarded = PracticalScoring.RoundPoints(points);
        BreakdownJson = JsonSerializer.Serialize(breakdown, PracticalTaskContent.Json);
    }

    private static TaskScore Score(object? content, string? response, decimal points)
    {
        var json = response ?? "null";
        switch (content)
        {
            case ClassificationContent c:
                var labels = Read<Dictionary<string, string?>>(json) ?? [];
                return TextClassification.Score(c.Gold, labels, points, c.Basis);
            case EntityContent e:
                return EntitySpans.Score(e.Spans, Read<List<EntitySpan>>(json) ?? [], points);
            case BoundingBoxContent b:
                var gold = BoxScene.Generate(b.Seed, b.Images).SelectMany(i => i.GoldBoxes).ToList();
                var boxes = (Read<List<AnsweredBox>>(json) ?? []).Select(x => new BoundingBox(x.Image, x.X, x.Y, x.Width, x.Height, x.Label)).ToList();
                return BoundingBoxes.Score(gold, boxes, points);
            case TranscriptionContent t:
                return Transcription.Score(t.ToItems(Read<Dictionary<string, string?>>(json) ?? []), points);
            case DataCleaningContent d:
                var dataset = d.Generate();
                var upload = Read<CleanedFile>(json);
                if (upload is null)
                    return TaskScore.FromFraction(0m, points, [new("unanswered", "未上传清洗后的文件", 0m)]);
                var table = PracticalCsv.Read(Encoding.UTF8.GetBytes(upload.Csv), [.. dataset.Truth.Columns.Select(c => c.Name)]);
                return DataCleaning.Score(dataset.Truth, table, points);
            case ModelEvaluationContent m:
                var given = Read<ModelEvaluationAnswer>(json) ?? new ModelEvaluationAnswer(null, null, null, null, null);
                return ModelEvaluation.Score(m.Expected, given, points, m.Tolerance);
            default:
                throw new InvalidOperationException("A rubric task is scored by examiners.");
        }
    }

    private static T? Read<T>(string json) => JsonSerializer.Deserialize<T>(json, AnswerJson);

    private Dictionary<string, string?> Labels(JsonElement response)
    {
        var content = (ClassificationContent)Content!;
        var ids = content.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var answer = Map(response, "An answer maps each item id to a label, e.g. {\"r1\": \"正面\"}.");
        foreach (var (id, label) in answer)
        {
            if (!ids.Contains(id))
                throw Invalid("answer.unknown-item", $"The task has no item {Clip(id)}.");
            if (label is not null && !content.Labels.Contains(label, StringComparer.Ordinal))
                throw Invalid("answer.unknown-label", $"{Clip(label)} is not one of the labels offered.");
        }
        return answer.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary();
    }

    private List<EntitySpan> Spans(JsonElement response)
    {
        var content = (EntityContent)Content!;
        var length = new StringInfo(content.Text).LengthInTextElements;
        var spans = List<EntitySpan>(response, "An answer is a list of spans, e.g. [{\"start\": 0, \"end\": 2, \"type\": \"人名\"}].", MaxSpans);
        foreach (var s in spans)
        {
            if (s.Start < 0 || s.End <= s.Start || s.End > length)
                throw Invalid("answer.span-range", $"A span starts before it ends and lies within the text's {length} characters.");
            if (!content.Types.Contains(PracticalScoring.Label(s.Type), StringComparer.Ordinal))
                throw Invalid("answer.unknown-label", $"{Clip(s.Type)} is not one of the entity types offered.");
        }
        return [.. spans.Select(s => s with { Type = PracticalScoring.Label(s.Type) }).OrderBy(s => s.Start).ThenBy(s => s.End)];
    }

    private List<AnsweredBox> Boxes(JsonElement response)
    {
        var scenes = Scenes().ToDictionary(s => s.Id, StringComparer.Ordinal);
        var boxes = List<AnsweredBox>(response,
            "An answer is a list of boxes, e.g. [{\"image\": \"1\", \"x\": 10, \"y\": 20, \"width\": 80, \"height\": 40, \"label\": \"车辆\"}].", MaxBoxes);
        foreach (var b in boxes)
        {
            if (!scenes.TryGetValue(b.Image ?? "", out var scene))
                throw Invalid("answer.unknown-item", $"The task has no image {Clip(b.Image)}.");
            if (b.Width <= 0 || b.Height <= 0 || b.X < 0 || b.Y < 0 || b.X + b.Width > scene.Width || b.Y + b.Height > scene.Height)
                throw Invalid("answer.box-range", $"A box has a positive size and lies within the {scene.Width}×{scene.Height} image.");
            if (!BoxScene.Labels.Contains(PracticalScoring.Label(b.Label), StringComparer.Ordinal))
                throw Invalid("answer.unknown-label", $"{Clip(b.Label)} is not one of the labels offered.");
        }
        return [.. boxes.Select(b => b with
        {
            X = decimal.Round(b.X, 1), Y = decimal.Round(b.Y, 1), Width = decimal.Round(b.Width, 1), Height = decimal.Round(b.Height, 1),
            Label = PracticalScoring.Label(b.Label),
        })];
    }

    private Dictionary<string, string?> Transcripts(JsonElement response)
    {
        var content = (TranscriptionContent)Content!;
        var ids = content.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var answer = Map(response, "An answer maps each clip id to its transcript, e.g. {\"c1\": \"…\"}.");
        foreach (var (id, text) in answer)
        {
            if (!ids.Contains(id))
                throw Invalid("answer.unknown-item", $"The task has no clip {Clip(id)}.");
            if (text is { Length: > 2000 })
                throw Invalid("answer.too-long", "A transcript is at most 2000 characters.");
        }
        return answer.Where(p => !string.IsNullOrEmpty(p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary();
    }

    private CleanedFile Cleaned(JsonElement response)
    {
        var file = Deserialize<CleanedFile>(response, "An answer is the cleaned file: {\"fileName\": \"cleaned.csv\", \"csv\": \"id,name,…\"}.");
        var name = (file.FileName ?? "").Trim();
        if (name.Length > 200) name = name[..200];
        var bytes = Encoding.UTF8.GetBytes(file.Csv ?? "");
        // Read now, so a malformed file is refused when it is uploaded, with the reason, and never breaks the scoring.
        var columns = DirtyCsvGenerator.Columns.Select(c => c.Name).ToList();
        PracticalCsv.Read(bytes, columns, maxBytes: MaxResponse / 2);
        return new CleanedFile(name.Length == 0 ? "cleaned.csv" : name, file.Csv!);
    }

    private static ModelEvaluationAnswer Metrics(JsonElement response)
    {
        var answer = Deserialize<ModelEvaluationAnswer>(response,
            "An answer gives accuracy, precision, recall and f1 as fractions 0–1 and the confusion matrix as rows of counts.");
        foreach (var value in new[] { answer.Accuracy, answer.Precision, answer.Recall, answer.F1 })
            if (value is < 0 or > 1)
                throw Invalid("answer.metric-range", "Accuracy, precision, recall and F1 are fractions from 0 to 1.");
        if (answer.ConfusionMatrix is { } matrix && (matrix.Count > 20 || matrix.Any(r => r is null || r.Count > 20 || r.Any(c => c < 0))))
            throw Invalid("answer.matrix", "The confusion matrix has at most 20 rows and columns of counts from 0 up.");
        return answer;
    }

    /// <summary>
    /// The text and the files attached to it. Each file must be one the candidate uploaded (<paramref name="candidateFiles"/>:
    /// their own files among those the answer names, id to stored name); the stored name replaces the one sent.
    /// </summary>
    private static WrittenAnswer Written(JsonElement response, IReadOnlyDictionary<Guid, string>? candidateFiles)
    {
        var answer = Deserialize<WrittenAnswer>(response, "An answer is the written text with any files uploaded for it: {\"text\": \"…\", \"files\": [{\"id\": \"…\", \"name\": \"…\"}]}.");
        var text = (answer.Text ?? "").ReplaceLineEndings("\n");
        if (text.Length > MaxWritten)
            throw Invalid("answer.too-long", $"A written answer is at most {MaxWritten} characters.");
        var files = answer.Files ?? [];
        if (files.Count > MaxFiles)
            throw Invalid("answer.too-many-files", $"A written answer carries at most {MaxFiles} files.");
        var attached = new List<AnswerFile>();
        foreach (var file in files)
        {
            if (file is null || file.Id == Guid.Empty || candidateFiles is null || !candidateFiles.TryGetValue(file.Id, out var name))
                throw Invalid("answer.file-unknown", "Attach only files you uploaded for this exam.");
            if (attached.All(f => f.Id != file.Id)) attached.Add(new AnswerFile(file.Id, name));
        }
        return new WrittenAnswer(text, attached.Count == 0 ? null : attached);
    }

    private static Dictionary<string, string?> Map(JsonElement response, string shape)
    {
        if (response.ValueKind != JsonValueKind.Object) throw Invalid("answer.invalid", shape);
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var p in response.EnumerateObject())
        {
            if (map.Count >= PracticalTaskContent.MaxItems) throw Invalid("answer.invalid", shape);
            map[p.Name.Trim()] = p.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => p.Value.GetString()!.Trim(),
                _ => throw Invalid("answer.invalid", shape),
            };
        }
        return map;
    }

    private static List<T> List<T>(JsonElement response, string shape, int max)
    {
        if (response.ValueKind != JsonValueKind.Array) throw Invalid("answer.invalid", shape);
        if (response.GetArrayLength() > max) throw Invalid("answer.too-many", $"An answer has at most {max} entries.");
        return Deserialize<List<T>>(response, shape);
    }

    private static T Deserialize<T>(JsonElement response, string shape)
    {
        try
        {
            return response.Deserialize<T>(AnswerJson) ?? throw Invalid("answer.invalid", shape);
        }
        catch (JsonException)
        {
            throw Invalid("answer.invalid", shape);
        }
    }

    private static string Clip(string? value) => (value ?? "").Length > 40 ? value![..40] + "…" : value ?? "";

    private static RuleViolation Invalid(string code, string message) => new(code, message, "response");
}

/// <summary>A box the candidate drew on one of the task's images.</summary>
public sealed record AnsweredBox(string Image, decimal X, decimal Y, decimal Width, decimal Height, string Label);

/// <summary>The cleaned file the candidate uploaded, as text.</summary>
public sealed record CleanedFile(string? FileName, string Csv);

/// <summary>A written answer an examiner scores: the text, and files the candidate uploaded for it (none in older answers).</summary>
public sealed record WrittenAnswer(string? Text,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<AnswerFile>? Files = null)
{
    /// <summary>
    /// The file ids a response names, read leniently (anything malformed is left for <see cref="AttemptTask"/> to refuse),
    /// so the caller can look up which of them the candidate owns before the answer is checked.
    /// </summary>
    public static IReadOnlySet<Guid> FileIdsIn(JsonElement response)
    {
        var ids = new HashSet<Guid>();
        if (response.ValueKind != JsonValueKind.Object || !response.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
            return ids;
        foreach (var file in files.EnumerateArray().Take(AttemptTask.MaxFiles + 1))
            if (file.ValueKind == JsonValueKind.Object && file.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.TryGetGuid(out var guid))
                ids.Add(guid);
        return ids;
    }

    /// <summary>The file ids of a stored answer (compact JSON), none when it has no files.</summary>
    public static IReadOnlySet<Guid> FileIdsIn(string? stored)
    {
        if (string.IsNullOrEmpty(stored)) return new HashSet<Guid>();
        try
        {
            using var document = JsonDocument.Parse(stored);
            return FileIdsIn(document.RootElement);
        }
        catch (JsonException)
        {
            return new HashSet<Guid>();
        }
    }
}

/// <summary>A file attached to a written answer: the stored file's id and name.</summary>
public sealed record AnswerFile(Guid Id, string Name);
