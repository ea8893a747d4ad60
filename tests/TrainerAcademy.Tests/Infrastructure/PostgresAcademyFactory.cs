using TrainerAcademy.Data;

namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>
/// The app on a fresh PostgreSQL database (CREATE DATABASE with a random name, from the run's template when
/// <see cref="AcademyFactory.FromTemplate"/>), dropped on dispose.
/// </summary>
public class PostgresAcademyFactory : AcademyFactory
{
    /// <summary>The database's name once made.</summary>
    public string? Database { get; private set; }

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override bool Available => TestPostgres.BaseConnectionString is not null;

    protected override async Task<string> CreateDatabaseAsync()
    {
        var template = FromTemplate ? await TemplateDatabases.PostgresTemplateAsync() : null;
        (Database, var connectionString) = await TestPostgres.CreateDatabaseAsync(template);
        CopiedFromTemplate = template is not null;
        return connectionString;
    }

    protected override Task DropDatabaseAsync() => Database is null ? Task.CompletedTask : TestPostgres.DropDatabaseAsync(Database);
}
