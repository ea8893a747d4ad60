namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>With the development demo data (Demo:Seed = true).</summary>
public sealed class SqliteDemoFactory : SqliteAcademyFactory
{
    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Demo:Seed"] = "true";
}

/// <inheritdoc cref="SqliteDemoFactory"/>
public sealed class PostgresDemoFactory : PostgresAcademyFactory
{
    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Demo:Seed"] = "true";
}

/// <summary>With the Hangfire server running and a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/> as the app's clock.</summary>
public sealed class SqliteJobsFactory : SqliteAcademyFactory
{
    protected override bool UsesFakeClock => true;

    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Hangfire:Server"] = "true";
}

/// <inheritdoc cref="SqliteJobsFactory"/>
public sealed class PostgresJobsFactory : PostgresAcademyFactory
{
    protected override bool UsesFakeClock => true;

    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Hangfire:Server"] = "true";
}
