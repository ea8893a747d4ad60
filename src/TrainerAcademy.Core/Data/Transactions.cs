using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace TrainerAcademy.Data;

/// <summary>
/// The one way the platform opens a database transaction. A retrying execution strategy (SQL Server's and
/// PostgreSQL's <c>EnableRetryOnFailure</c>) refuses a transaction begun by hand, because after a transient failure
/// it could only repeat the last statement, not the whole unit; so the unit runs through the strategy, which repeats
/// all of it. A unit must therefore be re-entrant: it re-reads what it changes inside, and keeps no outside state from
/// an earlier try (the change tracker is cleared before each repeat, so entities tracked by a failed try are gone).
/// Whatever the unit throws rolls the transaction back; violations are not transient and are never repeated.
/// <para>
/// The unit commits or rolls back as a whole, so its <c>SaveChanges</c> calls make no savepoints (EF Core's
/// <c>AutoSavepointsEnabled</c> is off inside it): a savepoint lets a caller go on after a failed <c>SaveChanges</c>,
/// and a unit never does; it may turn the failure into a violation, and throwing it rolls everything back. On
/// PostgreSQL each savepoint was two more round trips (<c>SAVEPOINT</c>, <c>RELEASE</c>) per <c>SaveChanges</c>.
/// </para>
/// <para>
/// On SQLite one writer at a time holds the database: a transaction begins with <c>BEGIN IMMEDIATE</c>, and the others
/// wait in SQLite's busy handler, which sleeps between tries (up to 100 ms a sleep), so under load the lock lay idle
/// while its waiters slept. The transactions of this process now queue for a database's turn in order (<see cref="Turn"/>)
/// and begin the moment the one before ends; SQLite's lock still decides, so a writer of another process (the admin
/// command) is kept out as before. A unit that waits longer than the busy timeout for its turn goes on to SQLite's own
/// wait, as every transaction did before.
/// </para>
/// </summary>
public static class Transactions
{
    /// <summary>How long a transaction waits for its turn before it goes on to SQLite's own busy wait (the busy timeout).</summary>
    public static readonly TimeSpan TurnWait = TimeSpan.FromSeconds(10);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Turns = new(StringComparer.Ordinal);

    public static Task<T> InTransactionAsync<T>(this DbContext db, Func<CancellationToken, Task<T>> unit, CancellationToken ct = default)
    {
        var tries = 0;
        var turn = Turn(db);
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            if (tries++ > 0) db.ChangeTracker.Clear();
            var mine = turn is not null && await turn.WaitAsync(TurnWait, token);
            var savepoints = db.Database.AutoSavepointsEnabled;
            db.Database.AutoSavepointsEnabled = false;
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(token);
                var result = await unit(token);
                await tx.CommitAsync(token);
                return result;
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = savepoints;
                if (mine) turn!.Release();
            }
        }, ct);
    }

    /// <summary>The queue of a SQLite database's writers in this process (one per connection string); null for a server database.</summary>
    private static SemaphoreSlim? Turn(DbContext db) =>
        db.Database.IsSqlite() && db.Database.GetConnectionString() is { } cs ? Turns.GetOrAdd(cs, _ => new SemaphoreSlim(1, 1)) : null;

    public static Task InTransactionAsync(this DbContext db, Func<CancellationToken, Task> unit, CancellationToken ct = default) =>
        db.InTransactionAsync(async token =>
        {
            await unit(token);
            return true;
        }, ct);
}
