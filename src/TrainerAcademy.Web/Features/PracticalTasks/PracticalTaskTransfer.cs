using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.PracticalTasks;

/// <summary>One wrong item of an import: its 0-based index in the array, the field (camelCase) and the localized message.</summary>
public sealed record PracticalTaskImportError(int Index, string Field, string Message);

public sealed record PracticalTaskImportResult(int Items, int Created, int Updated, int Unchanged, IReadOnlyList<PracticalTaskImportError> Errors)
{
    public bool Imported => Errors.Count == 0;
}

/// <summary>
/// Export and import of the pool as a JSON array of <see cref="Item"/>s: the export is a file the import takes back.
/// An import is all or nothing. An item whose code exists updates that task (its content, rubric and active state),
/// so a pool kept in a file can be re-imported after editing; new codes add tasks.
/// </summary>
public static class PracticalTaskTransfer
{
    public const int MaxItems = 1000;

    public sealed record Item
    {
        public string Code { get; init; } = "";
        public int Level { get; init; }
        public string Title { get; init; } = "";
        public PracticalCategory Category { get; init; }
        public PracticalScoringKind Scoring { get; init; }
        public AssessmentComponent Component { get; init; } = AssessmentComponent.Skill;
        public decimal Points { get; init; }
        public int Minutes { get; init; }
        public string Instructions { get; init; } = "";

        [JsonConverter(typeof(JsonTextConverter))]
        public string? Content { get; init; }

        public IReadOnlyList<RubricLine>? Rubric { get; init; }
        public bool Active { get; init; } = true;

        public SavePracticalTask.Command ToCommand() => new()
        {
            Code = Code, Level = Level, Title = Title, Category = Category, Scoring = Scoring, Component = Component, Points = Points, Minutes = Minutes,
            Instructions = Instructions, Content = Content, Rubric = Rubric,
        };

        public static Item From(PracticalTask t) => new()
        {
            Code = t.Code, Level = t.Level, Title = t.Title, Category = t.Category, Scoring = t.Scoring, Component = t.Component, Points = t.Points,
            Minutes = t.Minutes, Instructions = t.Instructions, Content = t.ContentJson, Rubric = t.Rubric, Active = t.Active,
        };
    }

    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>
    /// The items of an import: the request body, or the multipart field "file" (the export saved as a file). Null when it
    /// is not a JSON array of objects; the items' own faults are found by the import.
    /// </summary>
    public static async Task<IReadOnlyList<Item?>?> ReadAsync(HttpRequest request, JsonSerializerOptions options, CancellationToken ct)
    {
        Stream? stream = null;
        try
        {
            if (request.HasFormContentType)
            {
                var file = (await request.ReadFormAsync(ct)).Files.GetFile("file");
                if (file is null || file.Length is 0 or > MaxFileBytes) return null;
                stream = file.OpenReadStream();
            }
            return await JsonSerializer.DeserializeAsync<List<Item?>>(stream ?? request.Body, options, ct);
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            if (stream is not null) await stream.DisposeAsync();
        }
    }

    public sealed class Handler(AcademyDbContext db, TimeProvider clock, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> L)
    {
        public async Task<PracticalTaskImportResult> ImportAsync(IReadOnlyList<Item?>? items, CancellationToken ct = default)
        {
            items ??= [];
            var errors = new List<PracticalTaskImportError>();
            if (items.Count is 0 or > MaxItems)
                errors.Add(new(0, "", L["The file holds 1 to {0} tasks.", MaxItems]));
            if (errors.Count > 0)
                return new(items.Count, 0, 0, 0, errors);

            var codes = items.Select(i => (i?.Code ?? "").Trim()).ToList();
            var existing = await db.PracticalTasks.Where(t => codes.Contains(t.Code)).ToDictionaryAsync(t => t.Code, StringComparer.Ordinal, ct);
            var now = clock.GetUtcNow();
            int created = 0, updated = 0, unchanged = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var index = 0; index < items.Count; index++)
            {
                var item = items[index];
                if (item is null)
                {
                    errors.Add(new(index, "", L["This item is empty."]));
                    continue;
                }
                if (codes[index].Length > 0 && !seen.Add(codes[index]))
                {
                    errors.Add(new(index, "code", L["Another item of the file has this code."]));
                    continue;
                }
                try
                {
                    if (existing.TryGetValue(codes[index], out var task))
                    {
                        var changed = SavePracticalTask.Change(task, item.ToCommand(), now);
                        var activeChanged = task.Active != item.Active;
                        if (item.Active) task.Activate(now);
                        else task.Deactivate(now);
                        if (changed || activeChanged) updated++;
                        else unchanged++;
                    }
                    else
                    {
                        var added = SavePracticalTask.New(item.ToCommand(), now);
                        if (!item.Active) added.Deactivate(now);
                        db.PracticalTasks.Add(added);
                        created++;
                    }
                }
                catch (RuleViolation v)
                {
                    errors.Add(new(index, v.Field ?? "", ProblemExceptionHandler.Localize(v, L)));
                }
            }
            if (errors.Count > 0)
            {
                db.ChangeTracker.Clear();
                return new(items.Count, 0, 0, 0, errors);
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
            {
                // Another admin added one of the codes meanwhile: the unique index refuses the whole import.
                throw SavePracticalTask.CodeTaken();
            }
            return new(items.Count, created, updated, unchanged, []);
        }
    }
}
