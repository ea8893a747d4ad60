using Microsoft.EntityFrameworkCore;

namespace TrainerAcademy.Data;

/// <summary>
/// The one way the platform opens a database transaction. A retrying execution strategy (SQL Server's and
/// PostgreSQL's <c>EnableRetryOnFailure</c>) refuses a transaction begun by hand, because after a transient failure
/// it could only repeat the last statement, not the whole unit; so the unit runs through the strategy, which repeats
/// all of it. A unit must therefore be re-entrant: it re-reads what it changes inside, and keeps no outside state from
/// an earlier try (the change tracker is cleared before each repeat, so entities tracked by a failed try are gone).
/// Whatever the unit throws rolls the transaction back; violations are not transient and are never repeated.
/// </summary>
public static class Transactions
{
    public static Task<T> InTransactionAsync<T>(this DbContext db, Func<CancellationToken, Task<T>> unit, CancellationToken ct = default)
    {
        var tries = 0;
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            if (tries++ > 0) db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(token);
            var result = await unit(token);
            await tx.CommitAsync(token);
            return result;
        }, ct);
    }

    public static Task InTransactionAsync(this DbContext db, Func<CancellationToken, Task> unit, CancellationToken ct = default) =>
        db.InTransactionAsync(async token =>
        {
            await unit(token);
            return true;
        }, ct);
}
