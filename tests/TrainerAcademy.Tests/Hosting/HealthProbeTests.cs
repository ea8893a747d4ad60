using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;

namespace TrainerAcademy.Tests.Hosting;

/// <summary>
/// Liveness checks nothing, readiness checks the database, its migrations and the job storage. (The database going away
/// under a running app: <see cref="Http.DatabaseOutageTests"/>, where ready turns 503 and live stays 200.)
/// </summary>
public sealed class HealthProbeTests(SqliteAcademyFactory factory) : IClassFixture<SqliteAcademyFactory>
{
    [Fact]
    public async Task A_running_app_is_live_and_ready_and_says_what_it_checked()
    {
        var client = factory.CreateApiClient();

        var live = await client.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());

        var ready = await (await client.GetAsync("/healthz/ready")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks");
        Assert.Equal(["database", "job-storage", "migrations"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_database_that_lacks_a_migration_is_not_ready_while_the_app_stays_live()
    {
        var client = factory.CreateApiClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var last = (await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken)).Last();
        var product = await db.Database.SqlQueryRaw<string>("SELECT ProductVersion AS Value FROM __EFMigrationsHistory WHERE MigrationId = {0}", last)
            .SingleAsync(TestContext.Current.CancellationToken);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM __EFMigrationsHistory WHERE MigrationId = {0}", [last], TestContext.Current.CancellationToken);
        try
        {
            var ready = await (await client.GetAsync("/healthz/ready")).ExpectJsonAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", ready.GetProperty("status").GetString());
            var migrations = ready.GetProperty("checks").GetProperty("migrations");
            Assert.Equal("Unhealthy", migrations.GetProperty("status").GetString());
            Assert.Contains(last, migrations.GetProperty("description").GetString());
            Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ({0}, {1})", [last, product],
                TestContext.Current.CancellationToken);
        }
        await (await client.GetAsync("/healthz/ready")).ExpectJsonAsync(HttpStatusCode.OK);
    }
}
