using TrainerAcademy.Data;

namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>The app on a fresh PostgreSQL database (CREATE DATABASE with a random name), dropped on dispose.</summary>
public class PostgresAcademyFactory : AcademyFactory
{
    private string? _database;

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override bool Available => TestPostgres.BaseConnectionString is not null;

    protected override async Task<string> CreateDatabaseAsync()
    {
        (_database, var connectionString) = await TestPostgres.CreateDatabaseAsync();
        return connectionString;
    }

    protected override Task DropDatabaseAsync() => _database is null ? Task.CompletedTask : TestPostgres.DropDatabaseAsync(_database);
}
