using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TrainerAcademy.Data;

namespace TrainerAcademy.Tests.Database;

/// <summary>
/// Each provider's migrations project must match the model, although only SQLite and PostgreSQL run here:
/// these checks build the model and the scripts without connecting to any server.
/// </summary>
public partial class MigrationsTests
{
    private static AcademyDbContext Context(DatabaseProvider provider) => new(new DbContextOptionsBuilder<AcademyDbContext>()
        .UseAcademyDatabase(provider, provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=:memory:",
            DatabaseProvider.SqlServer => "Server=.;Database=x;Trusted_Connection=True",
            _ => "Host=localhost;Database=x;Username=x",
        })
        .Options);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void The_model_has_no_changes_missing_from_the_providers_migrations(DatabaseProvider provider)
    {
        using var context = Context(provider);

        Assert.NotEmpty(context.Database.GetMigrations());
        Assert.False(context.Database.HasPendingModelChanges(),
            $"The model has changes that no {provider} migration holds. Add one: dotnet ef migrations add <Name> " +
            $"--project db/{DatabaseProviders.MigrationsAssembly(provider)} --startup-project db/{DatabaseProviders.MigrationsAssembly(provider)}");
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer, "sqlserver.sql")]
    [InlineData(DatabaseProvider.PostgreSql, "postgresql.sql")]
    public void The_committed_idempotent_script_matches_the_migrations(DatabaseProvider provider, string file)
    {
        using var context = Context(provider);
        var generated = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var path = Path.Combine(RepositoryRoot.Path, "db", "scripts", file);
        var project = $"db/{DatabaseProviders.MigrationsAssembly(provider)}";
        var regenerate = $"dotnet tool restore && dotnet ef migrations script --idempotent --project {project} --startup-project {project} -o db/scripts/{file}";

        Assert.True(File.Exists(path), $"db/scripts/{file} is missing. Make it with: {regenerate}");
        var committed = File.ReadAllText(path);

        Assert.True(Normalise(committed) == Normalise(generated),
            $"db/scripts/{file} is out of date with the {provider} migrations. Regenerate it with: {regenerate}");
    }

    /// <summary>Line endings, trailing spaces and blank lines at the ends do not matter (nor a byte-order mark).</summary>
    private static string Normalise(string sql) =>
        string.Join("\n", sql.TrimStart('\uFEFF').ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd())).Trim();
}
