using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;

namespace TrainerAcademy.Tests.Database;

/// <summary>
/// On SQLite the connection pragmas are set once per pooled connection: every connection handed out, however many
/// contexts hold one at once, still has them. A context gives its connection back to the pool between queries.
/// </summary>
public sealed class SqliteConnectionTests(SqliteAcademyFactory factory) : IClassFixture<SqliteAcademyFactory>
{
    private const string Expected = "foreign_keys=1 busy_timeout=10000 synchronous=1 journal_mode=wal";

    [Fact]
    public async Task Every_connection_the_pool_hands_out_at_once_has_the_pragmas()
    {
        var ct = TestContext.Current.CancellationToken;
        const int contexts = 24;
        var opened = 0;
        var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = await Task.WhenAll(Enumerable.Range(0, contexts).Select(_ => Task.Run(async () =>
        {
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            await db.Database.OpenConnectionAsync(ct);
            await db.Courses.CountAsync(ct);
            // Every context holds its connection until all have one, so the pool must hand out as many as there are contexts.
            if (Interlocked.Increment(ref opened) == contexts) allOpen.SetResult();
            await allOpen.Task.WaitAsync(ct);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            return (Pragmas: await PragmasAsync(connection), Handle: connection.Handle!);
        }, ct)));

        Assert.All(seen, s => Assert.Equal(Expected, s.Pragmas));
        Assert.Equal(contexts, seen.Select(s => s.Handle).Distinct().Count());
    }

    [Fact]
    public async Task A_context_gives_its_connection_back_between_queries_and_gets_one_with_the_pragmas_again()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 5; i++)
        {
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await db.Courses.CountAsync(ct);
            Assert.Equal(ConnectionState.Closed, connection.State);

            await db.Database.OpenConnectionAsync(ct);
            Assert.Equal(Expected, await PragmasAsync(connection));
        }
    }

    private static async Task<string> PragmasAsync(SqliteConnection connection)
    {
        var values = new List<string>();
        foreach (var pragma in new[] { "foreign_keys", "busy_timeout", "synchronous", "journal_mode" })
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"PRAGMA {pragma};";
            values.Add($"{pragma}={await cmd.ExecuteScalarAsync()}");
        }
        return string.Join(' ', values);
    }
}
