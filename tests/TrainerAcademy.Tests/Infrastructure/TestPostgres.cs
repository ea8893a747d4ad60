using Npgsql;

namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests may use: TEST_POSTGRES holds a base connection string
/// (e.g. <c>Host=127.0.0.1;Port=54329;Username=postgres</c>); every factory makes its own database on it.
/// </summary>
public static class TestPostgres
{
    public static string? BaseConnectionString =>
        Environment.GetEnvironmentVariable("TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Skips the calling test when no server is configured, except in CI, where a missing server is a
    /// failure: CI must prove the PostgreSQL tests pass, not skip them silently.
    /// </summary>
    public static void Require()
    {
        if (BaseConnectionString is not null) return;
        if (InCi)
            Assert.Fail("TEST_POSTGRES not set while CI=true: the PostgreSQL tests must run in CI. `bash scripts/test.sh` starts a throwaway cluster and sets TEST_POSTGRES.");
        Assert.Skip("PostgreSQL test: TEST_POSTGRES not set (e.g. Host=127.0.0.1;Port=54329;Username=postgres). `bash scripts/test.sh` starts a throwaway cluster and sets it.");
    }

    /// <summary>A new database with a random name: empty, or a copy of <paramref name="template"/>.</summary>
    public static async Task<(string Database, string ConnectionString)> CreateDatabaseAsync(string? template = null)
    {
        var name = "academy_test_" + Guid.NewGuid().ToString("N")[..20];
        await using (var admin = new NpgsqlConnection(AdminConnectionString()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"" + (template is null ? "" : $" TEMPLATE \"{template}\""), admin);
            await create.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(BaseConnectionString) { Database = name }.ConnectionString;
        return (name, cs);
    }

    /// <summary>
    /// Makes <paramref name="name"/> usable as a template: refuses new connections and ends the ones left (the pools of
    /// <paramref name="connectionStrings"/> first), since PostgreSQL copies only a database nobody is connected to.
    /// </summary>
    public static async Task CloseAsync(string name, params string[] connectionStrings)
    {
        foreach (var cs in connectionStrings)
        {
            await using var pooled = new NpgsqlConnection(cs);
            NpgsqlConnection.ClearPool(pooled);
        }
        await using var admin = new NpgsqlConnection(AdminConnectionString());
        await admin.OpenAsync();
        await using var close = new NpgsqlCommand(
            $"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS false; " +
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid();", admin);
        await close.ExecuteNonQueryAsync();
    }

    public static async Task DropDatabaseAsync(string name)
    {
        await using (var pooled = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(BaseConnectionString) { Database = name }.ConnectionString))
            NpgsqlConnection.ClearPool(pooled);
        await using var admin = new NpgsqlConnection(AdminConnectionString());
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static string AdminConnectionString() =>
        new NpgsqlConnectionStringBuilder(BaseConnectionString ?? throw new InvalidOperationException("TEST_POSTGRES is not set."))
        {
            Database = "postgres",
            Pooling = false,
        }.ConnectionString;
}
