using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Tests.Architecture;

/// <summary>
/// SQL Server and PostgreSQL run with a retrying execution strategy, which refuses a transaction begun by hand: every
/// transaction goes through <see cref="Transactions.InTransactionAsync{T}"/>, whose unit the strategy can repeat.
/// </summary>
public partial class TransactionSourceTests
{
    private static readonly string Helper = Path.Combine("src", "TrainerAcademy.Core", "Data", "Transactions.cs");

    [Fact]
    public void No_source_file_begins_a_transaction_outside_the_platform_helper()
    {
        var root = Path.Combine(RepositoryRoot.Path, "src");
        var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetRelativePath(RepositoryRoot.Path, f) != Helper)
            .ToList();
        Assert.True(files.Count > 100, $"only {files.Count} source files found under {root}");

        var offences = files.SelectMany(f => Offences(File.ReadAllText(f)).Select(o => $"{Path.GetRelativePath(RepositoryRoot.Path, f)}:{o}")).ToList();

        Assert.True(offences.Count == 0, "Transactions begun outside db.InTransactionAsync:\n" + string.Join("\n", offences));
        Assert.Contains(Offences(File.ReadAllText(Path.Combine(RepositoryRoot.Path, Helper))), o => o.Contains("BeginTransactionAsync", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("await using var tx = await db.Database.BeginTransactionAsync(ct);")]
    [InlineData("using (var tx = context.Database.BeginTransaction()) { }")]
    [InlineData("db.Database.UseTransaction(connection.BeginTransaction());")]
    [InlineData("var tx = await db.Database\n    .BeginTransactionAsync(IsolationLevel.Serializable, ct);")]
    public void The_check_finds_a_transaction_begun_by_hand(string source) => Assert.NotEmpty(Offences(source));

    [Fact]
    public void The_check_leaves_the_helper_and_comments_alone() =>
        Assert.Empty(Offences("// begins no transaction by hand\nawait db.InTransactionAsync(async t => await db.SaveChangesAsync(t), ct);"));

    /// <summary>Each call that begins or adopts a transaction, as "line: text".</summary>
    private static IEnumerable<string> Offences(string source) =>
        BeginsTransaction().Matches(source).Select(m => $"{source[..m.Index].Count(c => c == '\n') + 1}: {m.Value.Trim()}");

    [GeneratedRegex(@"\.\s*(BeginTransaction(Async)?|UseTransaction(Async)?)\s*\(")]
    private static partial Regex BeginsTransaction();
}

/// <summary>The tests' PostgreSQL app runs under the retrying strategy, so every PostgreSQL test holds the code to the rule.</summary>
public sealed class RetryingTransactionTests : IClassFixture<PostgresAcademyFactory>
{
    private readonly PostgresAcademyFactory _factory;

    public RetryingTransactionTests(PostgresAcademyFactory factory)
    {
        TestPostgres.Require();
        _factory = factory;
    }

    [Fact]
    public async Task The_PostgreSQL_app_retries_on_failure_and_refuses_a_transaction_begun_by_hand()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();

        Assert.True(db.Database.CreateExecutionStrategy().RetriesOnFailure);
        // EF refuses at the first statement inside the hand-made transaction, as it would on SQL Server.
        await using var tx = await db.Database.BeginTransactionAsync();
        db.Outbox.Add(new OutboxMessage($"refused-{Guid.NewGuid():N}@example.org", "refused", "<p>refused</p>", AcademyFactory.FakeClockStart));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Contains("does not support user-initiated transactions", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_unit_that_meets_a_transient_failure_runs_again_from_a_clear_change_tracker_and_commits_once()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var to = $"retry-{Guid.NewGuid():N}@example.org";
        var tries = new List<int>();

        var id = await db.InTransactionAsync(async ct =>
        {
            tries.Add(db.ChangeTracker.Entries().Count());
            var message = new OutboxMessage(to, "retry", "<p>retry</p>", AcademyFactory.FakeClockStart);
            db.Outbox.Add(message);
            await db.SaveChangesAsync(ct);
            // The connection drops after the write, before the commit: the strategy rolls back and repeats the unit.
            if (tries.Count == 1) throw new NpgsqlException("connection lost", new TimeoutException());
            return message.Id;
        });

        Assert.Equal(2, tries.Count);
        Assert.Equal(0, tries[1]);
        db.ChangeTracker.Clear();
        var stored = Assert.Single(await db.Outbox.AsNoTracking().Where(m => m.To == to).ToListAsync());
        Assert.Equal(id, stored.Id);
    }

    [Fact]
    public async Task A_unit_makes_no_savepoints_and_a_failure_it_turns_into_a_violation_rolls_back_all_of_it()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var to = $"whole-{Guid.NewGuid():N}@example.org";
        bool? savepointsInside = null;

        await Assert.ThrowsAsync<RuleViolation>(() => db.InTransactionAsync(async ct =>
        {
            savepointsInside = db.Database.AutoSavepointsEnabled;
            db.Outbox.Add(new OutboxMessage(to, "first", "<p>first</p>", AcademyFactory.FakeClockStart));
            await db.SaveChangesAsync(ct);
            // A subject over its 300 characters: PostgreSQL refuses the second write, as SQL Server would.
            db.Outbox.Add(new OutboxMessage(to, new string('x', 301), "<p>second</p>", AcademyFactory.FakeClockStart));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                throw new RuleViolation("test.refused", "refused");
            }
            return true;
        }));

        Assert.False(savepointsInside);
        Assert.True(db.Database.AutoSavepointsEnabled);
        db.ChangeTracker.Clear();
        Assert.Empty(await db.Outbox.AsNoTracking().Where(m => m.To == to).ToListAsync());
    }

    [Fact]
    public void The_PostgreSQL_app_does_not_reset_its_pooled_connections()
    {
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        Assert.True(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).NoResetOnClose);
    }
}

/// <summary>The platform's pooled PostgreSQL connections skip <c>DISCARD ALL</c>, unless the connection string chooses otherwise.</summary>
public sealed class PooledConnectionStringTests
{
    [Theory]
    [InlineData("Host=db;Username=academy;Password=secret", true)]
    [InlineData("Host=db;Username=academy;No Reset On Close=false", false)]
    [InlineData("Host=db;Username=academy;no reset on close=true", true)]
    [InlineData("Host=db;Username=academy;NoResetOnClose=false", false)]
    public void The_connection_string_names_no_reset_on_close_unless_it_already_says(string given, bool expected)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseProviders.PooledWithoutReset(given));
        Assert.Equal(expected, builder.NoResetOnClose);
        Assert.Equal("db", builder.Host);
    }
}
