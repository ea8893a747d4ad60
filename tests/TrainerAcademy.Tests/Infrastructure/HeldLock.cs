using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using TrainerAcademy.Data;

namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>
/// A lock held by a transaction outside the app, so parallel requests pile up behind it after their reads and then
/// write one after another: the widest window a race of read-then-write can have. On PostgreSQL the lock is on chosen
/// rows (<c>SELECT … FOR UPDATE</c>) and the test waits until the requests are seen waiting for it; on SQLite, where
/// writers are serialized, it is the database's write lock (<c>BEGIN IMMEDIATE</c>) held for a moment.
/// </summary>
public sealed class HeldLock : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly bool _postgres;
    private bool _released;

    private HeldLock(DbConnection connection, DbTransaction? transaction, bool postgres) =>
        (_connection, _transaction, _postgres) = (connection, transaction, postgres);

    /// <summary>Locks the rows <paramref name="select"/> picks on PostgreSQL (it gets FOR UPDATE appended), or all writes on SQLite.</summary>
    public static async Task<HeldLock> TakeAsync(AcademyFactory factory, string select)
    {
        if (factory.Provider == DatabaseProvider.PostgreSql)
        {
            var pg = new NpgsqlConnection(factory.ConnectionString);
            await pg.OpenAsync();
            var tx = await pg.BeginTransactionAsync();
            await using var cmd = new NpgsqlCommand(select + " FOR UPDATE", pg, tx);
            await using (var reader = await cmd.ExecuteReaderAsync())
                while (await reader.ReadAsync()) { }
            return new HeldLock(pg, tx, postgres: true);
        }
        var sqlite = new SqliteConnection(factory.ConnectionString);
        await sqlite.OpenAsync();
        await using (var begin = new SqliteCommand("BEGIN IMMEDIATE", sqlite))
            await begin.ExecuteNonQueryAsync();
        return new HeldLock(sqlite, null, postgres: false);
    }

    /// <summary>Returns once <paramref name="waiters"/> sessions wait for a lock (PostgreSQL), or after a moment (SQLite).</summary>
    public async Task WaitForAsync(int waiters)
    {
        if (!_postgres)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            return;
        }
        // A bound on waiting, measured by elapsed time, not by any date.
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        await using var probe = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connection.ConnectionString) { Pooling = false }.ConnectionString);
        await probe.OpenAsync();
        while (waiting.Elapsed < TimeSpan.FromSeconds(20))
        {
            await using var cmd = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", probe);
            if ((long)(await cmd.ExecuteScalarAsync())! >= waiters) return;
            await Task.Delay(50);
        }
        Assert.Fail($"{waiters} requests never waited for the held lock.");
    }

    /// <summary>Commits the holding transaction, letting the waiting requests go on; once only.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_released) return;
        _released = true;
        if (_transaction is not null)
        {
            await _transaction.CommitAsync();
            await _transaction.DisposeAsync();
        }
        else
        {
            await using var commit = _connection.CreateCommand();
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        }
        await _connection.DisposeAsync();
    }
}
