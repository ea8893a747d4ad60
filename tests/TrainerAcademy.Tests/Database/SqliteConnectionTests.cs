using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;

namespace TrainerAcademy.Tests.Database;

/// <summary>
/// On SQLite a context keeps its connection open from its first statement until it is disposed, and the connection
/// pragmas are set once per pooled connection: every connection handed out, however many contexts share the pool at
/// once, still has them.
/// </summary>
public sealed class SqliteConnectionTests(SqliteAcademyFactory factory) : IClassFixture<SqliteAcademyFactory>
{
    [Fact]
    public async Task Every_context_s_connection_has_the_pragmas_and_stays_open_between_its_queries()
    {
        var ct = TestContext.Current.CancellationToken;
        const int contexts = 24;
        var opened = 0;
        var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = await Task.WhenAll(Enumerable.Range(0, contexts).Select(_ => Task.Run(async () =>
        {
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            Assert.Equal(ConnectionState.Closed, connection.State);

            await db.Courses.CountAsync(ct);
            Assert.Equal(ConnectionState.Open, connection.State);
            var handle = connection.Handle;
            await db.Cohorts.AnyAsync(ct);
            Assert.Same(handle, connection.Handle);
            // Every context holds its connection until all have one, so the pool must hand out as many as there are contexts.
            if (Interlocked.Increment(ref opened) == contexts) allOpen.SetResult();
            await allOpen.Task.WaitAsync(ct);

            return (Pragma: await PragmasAsync(connection), Handle: handle!);
        }, ct)));

        Assert.All(seen, s => Assert.Equal("foreign_keys=1 busy_timeout=10000 synchronous=1 journal_mode=wal", s.Pragma));
        Assert.Equal(contexts, seen.Select(s => s.Handle).Distinct().Count());
    }

    [Fact]
    public async Task A_connection_given_back_to_the_pool_comes_out_again_with_its_pragmas()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 5; i++)
        {
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            await db.Courses.CountAsync(ct);
            Assert.Equal("foreign_keys=1 busy_timeout=10000 synchronous=1 journal_mode=wal",
                await PragmasAsync((SqliteConnection)db.Database.GetDbConnection()));
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
