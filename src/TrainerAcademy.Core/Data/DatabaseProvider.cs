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

    /// <summary>The one place that turns a provider and a connection string into EF options, for the app, the design-time factories and the tests.</summary>
    public static TBuilder UseAcademyDatabase<TBuilder>(this TBuilder options, DatabaseProvider provider, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        var assembly = MigrationsAssembly(provider);
        _ = provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString, o => o.MigrationsAssembly(assembly)),
            DatabaseProvider.SqlServer => options.UseSqlServer(connectionString, o => o.MigrationsAssembly(assembly).EnableRetryOnFailure()),
            // Retrying on PostgreSQL too: a failover or a dropped pooled connection costs a retry, not a 500, and the
            // test suite, which runs on PostgreSQL, then holds every transaction to the rule SQL Server's strategy imposes.
            DatabaseProvider.PostgreSql => options.UseNpgsql(connectionString, o => o.MigrationsAssembly(assembly).EnableRetryOnFailure()),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        options.AddInterceptors(StoredTextGuard.Instance, QuestionBankChanges.Instance);
        return options;
    }
}
