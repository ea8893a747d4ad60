using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace TrainerAcademy.Tests.Jobs;

/// <summary>
/// The PostgreSQL job store keeps its locks as rows. A holder that cannot delete its row (its connection broke when the
/// database went away mid-poll, or its process died) blocks the scheduler only until the row expires
/// (<c>Hangfire:DistributedLockTimeoutSeconds</c>), not for the store's own ten minutes.
/// </summary>
[Collection(nameof(HangfireServerCollection))]
public sealed class LeftLockTests : IClassFixture<LeftLockTests.ShortLockFactory>
{
    private const int LockSeconds = 5;

    private readonly ShortLockFactory factory;

    public LeftLockTests(ShortLockFactory factory)
    {
        TestPostgres.Require();
        this.factory = factory;
    }

    public sealed class ShortLockFactory : PostgresAcademyFactory
    {
        protected override void AddSettings(IDictionary<string, string?> settings)
        {
            settings["Hangfire:Server"] = "true";
            settings["Hangfire:DistributedLockTimeoutSeconds"] = LockSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A job that notes when it ran.</summary>
    public sealed class StampJob
    {
        public static readonly ConcurrentDictionary<string, long> Ran = new();

        public void Run(string tag) => Ran[tag] = Stopwatch.GetTimestamp();
    }

    [Fact]
    public async Task A_scheduler_lock_left_by_a_holder_that_is_gone_holds_scheduled_jobs_back_only_until_it_expires()
    {
        var storage = factory.Services.GetRequiredService<JobStorage>();
        var jobs = factory.Services.GetRequiredService<IBackgroundJobClient>();
        var tag = Guid.NewGuid().ToString("N");

        // A holder takes the scheduler's lock and is never heard from again: neither the lock nor its connection is released.
        var holder = storage.GetConnection();
        var left = holder.AcquireDistributedLock("locks:schedulepoller", TimeSpan.FromSeconds(30));
        var leftAt = Stopwatch.GetTimestamp();
        try
        {
            jobs.Schedule<StampJob>(j => j.Run(tag), TimeSpan.FromSeconds(1));

            var patience = Stopwatch.StartNew();
            while (!StampJob.Ran.ContainsKey(tag) && patience.Elapsed < TimeSpan.FromSeconds(LockSeconds + 25))
                await Task.Delay(100, TestContext.Current.CancellationToken);

            Assert.True(StampJob.Ran.TryGetValue(tag, out var ranAt),
                $"the job due 1 s after the lock was left had not run {patience.Elapsed.TotalSeconds:0} s later\n" + string.Join(Environment.NewLine, HangfireTestLog.Warnings));
            var heldBack = Stopwatch.GetElapsedTime(leftAt, ranAt);
            // The lock did hold: the job waited for the row to expire, though it was due four seconds earlier.
            Assert.True(heldBack >= TimeSpan.FromSeconds(LockSeconds - 1), $"the job ran {heldBack.TotalSeconds:0.0} s after the lock was left: the lock held nothing back");
        }
        finally
        {
            GC.KeepAlive(left);
            holder.Dispose();
        }
    }
}
