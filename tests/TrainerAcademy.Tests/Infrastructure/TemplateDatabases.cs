using Microsoft.Data.Sqlite;
using Npgsql;
using TrainerAcademy.Infrastructure;

[assembly: AssemblyFixture(typeof(TrainerAcademy.Tests.Infrastructure.TemplateDatabases))]

namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>
/// One database per provider that the app migrated and seeded with the reference data as it starts, made by the first
/// factory of the run that asks for it; every factory with <see cref="AcademyFactory.FromTemplate"/> starts on a copy
/// (SQLite's backup of the two files, PostgreSQL's <c>CREATE DATABASE … TEMPLATE</c>) instead of migrating again.
/// The copies are the same bytes the migrations and the seeder wrote. As an assembly fixture it drops the PostgreSQL
/// template when the run ends.
/// </summary>
public sealed class TemplateDatabases : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> SqliteTemplate = new(MakeSqliteTemplateAsync);
    private static readonly Lazy<Task<string>> PostgresTemplate = new(MakePostgresTemplateAsync);

    /// <summary>Copies the SQLite template (the app's file and its job store's file) to <paramref name="databasePath"/>.</summary>
    public static async Task CopySqliteAsync(string databasePath)
    {
        var template = await SqliteTemplate.Value;
        Backup(template, databasePath);
        Backup(HangfireSetup.JobsDatabasePath($"Data Source={template}"), HangfireSetup.JobsDatabasePath($"Data Source={databasePath}"));
    }

    /// <summary>The name of the PostgreSQL template database, to be named in <c>CREATE DATABASE … TEMPLATE</c>.</summary>
    public static Task<string> PostgresTemplateAsync() => PostgresTemplate.Value;

    private static readonly Lock BackupGate = new();

    /// <summary>
    /// SQLite's online backup of one file into another, through connections kept out of the pools the apps use. One
    /// backup at a time: the first read-only connection to open the template after the app that made it has gone rebuilds
    /// its WAL index, and another opening it meanwhile failed at once with SQLITE_BUSY_RECOVERY ("database is locked";
    /// the backup has no busy wait), so the factories starting together at the beginning of a run could fail.
    /// </summary>
    private static void Backup(string sourcePath, string targetPath)
    {
        lock (BackupGate) BackupOne(sourcePath, targetPath);
    }

    private static void BackupOne(string sourcePath, string targetPath)
    {
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sourcePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = targetPath, Pooling = false }.ConnectionString);
        source.Open();
        target.Open();
        source.BackupDatabase(target);
    }

    private static async Task<string> MakeSqliteTemplateAsync()
    {
        var factory = new SqliteTemplateFactory();
        await factory.InitializeAsync();
        await factory.DisposeAsync();
        return factory.DatabasePath;
    }

    private static async Task<string> MakePostgresTemplateAsync()
    {
        var factory = new PostgresTemplateFactory();
        await factory.InitializeAsync();
        await factory.DisposeAsync();
        await TestPostgres.CloseAsync(factory.Database!, factory.ConnectionString, HangfireSetup.JobsConnectionString(TrainerAcademy.Data.DatabaseProvider.PostgreSql, factory.ConnectionString));
        return factory.Database!;
    }

    public async ValueTask DisposeAsync()
    {
        if (SqliteTemplate.IsValueCreated && SqliteTemplate.Value.IsCompletedSuccessfully)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Path.GetDirectoryName(SqliteTemplate.Value.Result)!, recursive: true);
            }
            catch (IOException)
            {
                // Left to the OS's temp cleaning.
            }
        }
        if (PostgresTemplate.IsValueCreated && PostgresTemplate.Value.IsCompletedSuccessfully)
            await TestPostgres.DropDatabaseAsync(PostgresTemplate.Value.Result);
    }

    /// <summary>
    /// An hour before the factories' <see cref="AcademyFactory.FakeClockStart"/>: what the start writes (seeded questions
    /// and blueprints, the signing and hashing keys) is older than anything a test makes, as on a database made before.
    /// </summary>
    private static readonly DateTimeOffset TemplateClockStart = AcademyFactory.FakeClockStart.AddHours(-1);

    /// <summary>Migrates and seeds as any start does, and keeps its files when disposed.</summary>
    private sealed class SqliteTemplateFactory : SqliteAcademyFactory
    {
        public override bool FromTemplate => false;

        protected override DateTimeOffset ClockStart => TemplateClockStart;

        protected override Task DropDatabaseAsync()
        {
            SqliteConnection.ClearAllPools();
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc cref="SqliteTemplateFactory"/>
    private sealed class PostgresTemplateFactory : PostgresAcademyFactory
    {
        public override bool FromTemplate => false;

        protected override DateTimeOffset ClockStart => TemplateClockStart;

        protected override Task DropDatabaseAsync() => Task.CompletedTask;
    }
}
