using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Data;

/// <summary>
/// The last check before anything is written, for every entity on every provider: text holding a NUL character, which
/// PostgreSQL refuses, and text longer than its column, which PostgreSQL and SQL Server refuse and SQLite silently keeps,
/// are a broken rule (422 with the field, or a form error) rather than a database error, and SQLite refuses what the
/// production databases would. Entities state their own limits first; this catches whatever reaches the database without.
/// </summary>
public sealed class StoredTextGuard : SaveChangesInterceptor
{
    public static readonly StoredTextGuard Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context) Check(context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) Check(context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is not string text) continue;
                if (entry.State == EntityState.Modified && !property.IsModified) continue;
                var field = char.ToLowerInvariant(property.Metadata.Name[0]) + property.Metadata.Name[1..];
                if (text.Contains('\0'))
                    throw new RuleViolation("input.nul", "Text may not contain a NUL character.", field);
                if (property.Metadata.GetMaxLength() is { } max && text.Length > max)
                    throw new RuleViolation("input.too-long", $"The text is too long: at most {max} characters.", field);
            }
        }
    }
}
