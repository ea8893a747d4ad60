using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Data;

/// <summary>
/// Counts the saves that changed the question bank (a question or a question version added, changed or removed), so a
/// cache of the bank can tell that what it holds may be out of date. The count is process-wide: a change made through
/// any context of any host in the process moves it, which at worst makes another host's cache read the bank again.
/// Other processes (other instances) are not told; a cache bounds that by the age of what it holds.
/// </summary>
public sealed class QuestionBankChanges : SaveChangesInterceptor
{
    public static readonly QuestionBankChanges Instance = new();

    private static long _generation;

    /// <summary>Moves whenever a save touching the bank starts and when it ends.</summary>
    public static long Generation => Interlocked.Read(ref _generation);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Ended(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Ended(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    // The contexts whose save in progress touches the bank: the count moves again when that save ends.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> Touching = [];

    private static void Saving(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.Entity is not (Question or QuestionVersion) || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                continue;
            Touching.AddOrUpdate(context, context);
            Interlocked.Increment(ref _generation);
            return;
        }
    }

    private static void Ended(DbContext? context)
    {
        if (context is not null && Touching.Remove(context)) Interlocked.Increment(ref _generation);
    }
}
