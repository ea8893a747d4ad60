using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.PracticalTasks;

/// <summary>Admins add and edit tasks of the practical pool, and take them out of (or back into) use.</summary>
public static class SavePracticalTask
{
    /// <summary>The task as the API takes it and its edit page binds it; the form's messages are resource keys.</summary>
    public sealed record Command
    {
        /// <summary>Fixed once the task exists; ignored on edit.</summary>
        [StringLength(PracticalTask.MaxCode, ErrorMessage = "The code is at most 20 characters.")]
        public string? Code { get; init; }

        [Required(ErrorMessage = "Choose the level."), Range(1, 5, ErrorMessage = "Choose the level.")]
        public int? Level { get; init; }

        [Required(ErrorMessage = "Enter the title.")]
        public string Title { get; init; } = "";

        public PracticalCategory Category { get; init; }

        public PracticalScoringKind Scoring { get; init; }

        /// <summary>"Skill" (the default): the skill assessment; "Review": the comprehensive review of levels 2 and 1, scored by examiners.</summary>
        public AssessmentComponent Component { get; init; } = AssessmentComponent.Skill;

        [Required(ErrorMessage = "Enter the points.")]
        public decimal? Points { get; init; }

        [Required(ErrorMessage = "Enter the minutes.")]
        public int? Minutes { get; init; }

        [Required(ErrorMessage = "Enter the candidate's instructions.")]
        public string Instructions { get; init; } = "";

        /// <summary>The material and gold answers: a JSON object in the API, its text in the form; none for rubric tasks.</summary>
        [JsonConverter(typeof(JsonTextConverter))]
        public string? Content { get; init; }

        /// <summary>M1..Mn for examiner-scored tasks; none otherwise.</summary>
        public IReadOnlyList<RubricLine>? Rubric { get; init; }

        /// <summary>The revision the editor saw; a save over a newer one is refused (409). Ignored on create.</summary>
        public int? Revision { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, TimeProvider clock)
    {
        public async Task<int> CreateAsync(Command command, CancellationToken ct = default)
        {
            var task = New(command, clock.GetUtcNow());
            if (await db.PracticalTasks.AnyAsync(t => t.Code == task.Code, ct))
                throw CodeTaken();
            db.PracticalTasks.Add(task);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
            {
                // Two admins adding the same code at once: the unique index on Code decides, and the loser hears why.
                throw CodeTaken();
            }
            return task.Id;
        }

        /// <summary>Returns false when nothing changed.</summary>
        public async Task<bool> UpdateAsync(int id, Command command, CancellationToken ct = default)
        {
            var task = await LoadAsync(id, command.Revision, ct);
            var changed = Change(task, command, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return changed;
        }

        public async Task SetActiveAsync(int id, bool active, int? revision = null, CancellationToken ct = default)
        {
            var task = await LoadAsync(id, revision, ct);
            if (active) task.Activate(clock.GetUtcNow());
            else task.Deactivate(clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }

        private async Task<PracticalTask> LoadAsync(int id, int? revision, CancellationToken ct)
        {
            var task = await db.PracticalTasks.SingleOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException();
            if (revision is { } seen && seen != task.Revision)
                throw Stale();
            return task;
        }
    }

    internal static PracticalTask New(Command c, DateTimeOffset now) =>
        new(c.Code ?? "", c.Level ?? 0, c.Title, c.Category, c.Scoring, c.Points ?? 0, c.Minutes ?? 0, c.Instructions, c.Content, c.Rubric, now, c.Component);

    internal static bool Change(PracticalTask task, Command c, DateTimeOffset now) =>
        task.Change(c.Level ?? 0, c.Title, c.Category, c.Scoring, c.Points ?? 0, c.Minutes ?? 0, c.Instructions, c.Content, c.Rubric, now, c.Component);

    internal static ConflictViolation CodeTaken() => new("practical-task.code-taken", "Another practical task has this code.", "code");

    internal static ConflictViolation Stale() =>
        new("practical-task.stale", "Someone changed this task after you opened it. Reload and try again.", "revision");
}

/// <summary>
/// Carries JSON as its text: reads a JSON object or array (or a string holding JSON text) and writes the text back as
/// JSON, so the API and export show the content as an object while the form edits it as text.
/// </summary>
public sealed class JsonTextConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        try
        {
            using var document = JsonDocument.Parse(value);
            document.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            writer.WriteStringValue(value);
        }
    }
}
