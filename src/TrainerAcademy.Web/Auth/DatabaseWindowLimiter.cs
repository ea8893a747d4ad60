using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;

namespace TrainerAcademy.Auth;

/// <summary>
/// A fixed-window limit counted in the database (<see cref="RateLimitCounter"/>), so that every instance of the platform
/// over one database counts one client's requests together: with three instances behind a load balancer a client gets
/// the configured permits a window, not three times as many. Each request is one upsert that returns the window's count;
/// the first request of a window also deletes the windows that have ended. The window follows the app's
/// <see cref="TimeProvider"/>, so every instance agrees on it.
/// </summary>
public sealed class DatabaseWindowLimiter(string policy, string client, int permits, TimeSpan window, IServiceScopeFactory scopes, TimeProvider clock)
    : RateLimiter
{
    private long _lastUsed = clock.GetTimestamp();

    public override TimeSpan? IdleDuration => clock.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    /// <summary>The count lives in the database: the synchronous attempt always defers to <see cref="AcquireAsyncCore"/>.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Deferred;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken ct)
    {
        Interlocked.Exchange(ref _lastUsed, clock.GetTimestamp());
        if (permitCount == 0) return Lease.Granted;
        var now = clock.GetUtcNow();
        var windowSeconds = (long)window.TotalSeconds;
        var index = now.ToUnixTimeSeconds() / windowSeconds;
        var ends = (index + 1) * windowSeconds;
        var key = $"{policy}|{client}|{index}";
        if (key.Length > RateLimitCounter.MaxKey) key = key[..RateLimitCounter.MaxKey];

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var count = await CountAsync(db, key, permitCount, ends, ct);
        if (count == permitCount)
            await db.RateLimitCounters.Where(c => c.ExpiresAt <= now.ToUnixTimeSeconds()).ExecuteDeleteAsync(ct);
        return count <= permits ? Lease.Granted : Lease.Rejected(TimeSpan.FromSeconds(Math.Max(1, ends - now.ToUnixTimeSeconds())));
    }

    /// <summary>Adds the permits to the window's row (made if missing) in one statement and returns its new count.</summary>
    private static async Task<int> CountAsync(AcademyDbContext db, string key, int permits, long ends, CancellationToken ct)
    {
        var sql = db.Database.IsSqlServer()
            ? """
              MERGE [RateLimitCounters] WITH (HOLDLOCK) AS t
              USING (SELECT {0} AS [Key]) AS s ON t.[Key] = s.[Key]
              WHEN MATCHED THEN UPDATE SET [Count] = t.[Count] + {1}
              WHEN NOT MATCHED THEN INSERT ([Key], [Count], [ExpiresAt]) VALUES ({0}, {1}, {2})
              OUTPUT inserted.[Count] AS [Value];
              """
            : """
              INSERT INTO "RateLimitCounters" ("Key", "Count", "ExpiresAt") VALUES ({0}, {1}, {2})
              ON CONFLICT ("Key") DO UPDATE SET "Count" = "RateLimitCounters"."Count" + {1}
              RETURNING "Count" AS "Value"
              """;
        var counts = await db.Database.SqlQueryRaw<int>(sql, key, permits, ends).ToListAsync(ct);
        return counts.Single();
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);
        public static readonly Lease Deferred = new(false, null);

        public static Lease Rejected(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
