using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace TrainerAcademy.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

public static class DatabaseProviders
{
    public static string MigrationsAssembly(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "TrainerAcademy.Migrations.Sqlite",
        DatabaseProvider.SqlServer => "TrainerAcademy.Migrations.SqlServer",
        DatabaseProvider.PostgreSql => "TrainerAcademy.Migrations.PostgreSql",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>
    /// How often a unit of work is run again after a transient failure, and the longest pause between two runs. EF's
    /// defaults (6 and 30 s) hold a request for about a minute while the database is away; with 4 and 5 s the pauses add
    /// up to about 9 s before the request answers 503 with Retry-After, and the exam page's own queue takes it from there.
    /// </summary>
    public const int MaxRetryCount = 4;

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>The one place that turns a provider and a connection string into EF options, for the app, the design-time factories and the tests.</summary>
    public static TBuilder UseAcademyDatabase<TBuilder>(this TBuilder options, DatabaseProvider provider, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        var assembly = MigrationsAssembly(provider);
        _ = provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString, o => o.MigrationsAssembly(assembly)),
            DatabaseProvider.SqlServer => options.UseSqlServer(connectionString, o => o.MigrationsAssembly(assembly).EnableRetryOnFailure(MaxRetryCount, MaxRetryDelay, null)),
            // Retrying on PostgreSQL too: a failover or a dropped pooled connection costs a retry, not a 500, and the
            // test suite, which runs on PostgreSQL, then holds every transaction to the rule SQL Server's strategy imposes.
            DatabaseProvider.PostgreSql => options.UseNpgsql(PooledWithoutReset(connectionString), o => o.MigrationsAssembly(assembly).EnableRetryOnFailure(MaxRetryCount, MaxRetryDelay, null)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        options.AddInterceptors(StoredTextGuard.Instance, QuestionBankChanges.Instance);
        return options;
    }

    /// <summary>
    /// EF Core opens and closes the connection around each query outside a transaction, so a request takes a pooled
    /// connection several times. By default Npgsql then sends <c>DISCARD ALL</c> with the next statement, which resets
    /// session state the platform never sets (no <c>SET</c>, temporary tables, <c>LISTEN</c> or session advisory locks;
    /// Hangfire has a connection string of its own), and costs the server work on every save. A connection string that
    /// names <c>No Reset On Close</c> keeps its own choice. Options are built for every context, so each connection
    /// string is read once.
    /// </summary>
    public static string PooledWithoutReset(string connectionString) => WithoutReset.GetOrAdd(connectionString, static given =>
        new DbConnectionStringBuilder { ConnectionString = given }.Keys.Cast<string>()
            .Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
            ? given
            : new Npgsql.NpgsqlConnectionStringBuilder(given) { NoResetOnClose = true }.ConnectionString);

    private static readonly ConcurrentDictionary<string, string> WithoutReset = new(StringComparer.Ordinal);
}
