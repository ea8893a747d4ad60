using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TrainerAcademy.Data;
using TrainerAcademy.Features.Demo;

namespace TrainerAcademy.Infrastructure;

public static class DatabaseSetup
{
    public static DatabaseProvider Provider(IConfiguration config) =>
        Enum.TryParse<DatabaseProvider>(config["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite), ignoreCase: true, out var p)
            ? p
            : throw new InvalidOperationException($"Database:Provider '{config["Database:Provider"]}' is not one of Sqlite, SqlServer, PostgreSql.");

    /// <summary>The configured connection string; for SQLite without one, a file in the app's App_Data folder.</summary>
    public static string ConnectionString(IConfiguration config, IHostEnvironment env)
    {
        var cs = config.GetConnectionString("Academy");
        if (!string.IsNullOrWhiteSpace(cs)) return cs;
        if (Provider(config) != DatabaseProvider.Sqlite)
            throw new InvalidOperationException("ConnectionStrings:Academy is required for SqlServer and PostgreSql.");
        var folder = Path.Combine(env.ContentRootPath, "App_Data");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "academy.db")}";
    }

    public static IServiceCollection AddAcademyDatabase(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        var provider = Provider(config);
        var cs = ConnectionString(config, env);
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = new SqliteConnectionStringBuilder(cs).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        services.AddSingleton<Features.Privacy.PersonalDataProtector>();
        services.AddSingleton<IPersonalDataProtector>(sp => sp.GetRequiredService<Features.Privacy.PersonalDataProtector>());
        services.AddDbContext<AcademyDbContext>(o =>
        {
            o.UseAcademyDatabase(provider, cs);
            if (provider == DatabaseProvider.Sqlite) o.AddInterceptors(SqlitePragmas.Instance);
        });
        return services;
    }

    /// <summary>Migrates (unless Database:MigrateOnStartup is false), loads the reference data and, when asked, the demo data.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
        {
            using (var migrating = app.Services.CreateScope())
                await migrating.ServiceProvider.GetRequiredService<AcademyDbContext>().Database.MigrateAsync();
            // SQLite's migrations turn foreign keys off and on again around table rebuilds; the pragmas are set once per
            // pooled connection, so the connections the migrations used are not handed out again.
            if (Provider(app.Configuration) == DatabaseProvider.Sqlite) SqliteConnection.ClearAllPools();
        }
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AcademyDbContext>();
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;"); // persistent in the file: once is enough
        // Personal data at rest: the identity-number hash key every instance shares, then rows stored before encryption.
        await sp.GetRequiredService<Features.Privacy.PersonalDataProtector>().LoadHashKeyAsync(db);
        await sp.GetRequiredService<Features.Privacy.PersonalDataBackfill>().RunAsync();
        await sp.GetRequiredService<ReferenceDataSeeder>().SeedAsync();
        if (app.Configuration.GetValue<bool>("Demo:Seed"))
            await sp.GetRequiredService<DemoData>().SeedAsync();
    }

    /// <summary>
    /// Per connection: SQLite's own busy wait replaces the driver's sleep-and-retry, which gave second-long
    /// tails under concurrent writes. (WAL, which lets readers go on while one connection writes, is set once
    /// at start: asking for it on every open makes concurrent readers queue for the file.)
    /// <para>
    /// The pragmas belong to the physical connection and the driver's pool hands the same one out again, so they are set
    /// once per physical connection, not on every open: EF opens and closes the connection around each query outside a
    /// transaction, and a request of a few queries paid for the three statements each time. (The connection itself is
    /// still given back between queries: a context that kept it open held one physical connection per request in
    /// flight, and the 16,300-candidate exam-day run ended in a native crash of the process.)
    /// </para>
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = [];

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            var handle = ((SqliteConnection)connection).Handle!;
            if (Configured.TryGetValue(handle, out _)) return;
            using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
                cmd.ExecuteNonQuery();
            }
            Configured.TryAdd(handle, Configured);
        }
    }
}
