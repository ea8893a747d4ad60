using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;

namespace TrainerAcademy.Tests.Security;

/// <summary>
/// RateLimits:Store = Database: the instances of the platform over one database count a client's requests together, one
/// fixed window a minute, held by one upsert per request, so parallel requests through several instances get exactly the
/// permits. Memory (the default) counts in each instance alone.
/// </summary>
public abstract class SharedRateLimitTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteSecurityFactory f) : SharedRateLimitTests(f), IClassFixture<SqliteSecurityFactory>;

    public sealed class OnPostgreSql : SharedRateLimitTests, IClassFixture<PostgresSecurityFactory>
    {
        public OnPostgreSql(PostgresSecurityFactory f) : base(f) => TestPostgres.Require();
    }

    private const int Permits = 3;

    private DatabaseWindowLimiter Limiter(string policy, string client, int permits, TimeProvider clock) =>
        new(policy, client, permits, TimeSpan.FromMinutes(1), factory.Services.GetRequiredService<IServiceScopeFactory>(), clock);

    [Fact]
    public async Task Two_limiters_over_one_database_grant_exactly_the_permits_to_parallel_requests_then_a_new_window()
    {
        var policy = "test-" + Guid.NewGuid().ToString("N")[..8];
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 1, 0, 20, TimeSpan.Zero));
        using var first = Limiter(policy, "198.51.100.60", 7, clock);
        using var second = Limiter(policy, "198.51.100.60", 7, clock);

        var leases = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () => await (i % 2 == 0 ? first : second).AcquireAsync())));

        Assert.Equal(7, leases.Count(l => l.IsAcquired));
        Assert.All(leases.Where(l => !l.IsAcquired), l =>
        {
            Assert.True(l.TryGetMetadata(MetadataName.RetryAfter, out var retry));
            Assert.Equal(TimeSpan.FromSeconds(40), retry);
        });
        // Another client has a window of its own.
        using (var other = Limiter(policy, "198.51.100.61", 7, clock))
            Assert.True((await other.AcquireAsync()).IsAcquired);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await second.AcquireAsync()).IsAcquired);
        // The first request of the new window removed the ended windows' rows.
        await using var scope = factory.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().RateLimitCounters.AsNoTracking()
            .Where(c => c.Key.StartsWith(policy)).ToListAsync();
        var row = Assert.Single(rows);
        Assert.Equal(1, row.Count);
    }

    private static async Task<HttpResponseMessage> VerifyAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/verify/S000031000001264000001.k1.abc");
        request.Headers.Add(ISecurityFactory.PeerHeader, ISecurityFactory.TrustedProxy);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }

    private WebApplicationFactory<Program> Instance(string store) => factory.WithWebHostBuilder(b => b
        .UseSetting("RateLimits:Store", store)
        .UseSetting("RateLimits:VerifyPermitsPerMinute", Permits.ToString(CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Two_instances_counting_in_the_database_let_a_client_through_the_permits_once_between_them()
    {
        await using var one = Instance("Database");
        await using var two = Instance("Database");
        HttpClient[] clients = [one.CreateClient(), two.CreateClient()];
        var client = $"203.0.113.{Random.Shared.Next(1, 250)}";

        var answers = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 2 * Permits; i++)
        {
            last?.Dispose();
            last = await VerifyAsync(clients[i % 2], client);
            answers.Add(last.StatusCode);
        }

        Assert.Equal(Permits, answers.Count(a => a == HttpStatusCode.NotFound));
        Assert.Equal(Permits, answers.Count(a => a == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.True(int.Parse(last.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) is > 0 and <= 60);
        last.Dispose();
        using (var elsewhere = await VerifyAsync(clients[0], "203.0.113.251"))
            Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Two_instances_counting_in_memory_each_let_a_client_through_the_permits()
    {
        await using var one = Instance("Memory");
        await using var two = Instance("Memory");
        HttpClient[] clients = [one.CreateClient(), two.CreateClient()];

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 2 * Permits + 2; i++)
        {
            using var response = await VerifyAsync(clients[i % 2], "203.0.113.252");
            answers.Add(response.StatusCode);
        }

        Assert.Equal(2 * Permits, answers.Count(a => a == HttpStatusCode.NotFound));
    }

    [Fact]
    public void An_unknown_store_stops_the_start_with_a_message_naming_the_setting()
    {
        using var broken = Instance("Redis");
        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        Assert.Contains("RateLimits:Store", error.ToString());
    }
}
