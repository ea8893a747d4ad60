using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Cohorts;

namespace TrainerAcademy.Tests.Jobs;

/// <summary>A job the tests enqueue: it reads the migrated database through the app's services and reports back.</summary>
public sealed class ProbeJob(AcademyDbContext db)
{
    public static readonly ConcurrentDictionary<Guid, TaskCompletionSource<int>> Waiting = new();

    public async Task RunAsync(Guid probe)
    {
        var levels = await db.SkillLevels.CountAsync();
        if (Waiting.TryGetValue(probe, out var done)) done.TrySetResult(levels);
    }
}

/// <summary>
/// Hangfire keeps a few process-wide statics (its log provider among them) that the host started last sets. The
/// tests that run a Hangfire server therefore run alone, after the parallel ones, so no other host comes or goes
/// while a server is working.
/// </summary>
[CollectionDefinition(nameof(HangfireServerCollection), DisableParallelization = true)]
public sealed class HangfireServerCollection;

/// <summary>The cohort status job run directly on a fake clock, and a job run by the real Hangfire server on the real storage.</summary>
public abstract class JobTests(AcademyFactory factory)
{
    [Collection(nameof(HangfireServerCollection))]
    public sealed class OnSqlite(SqliteJobsFactory f) : JobTests(f), IClassFixture<SqliteJobsFactory>;

    [Collection(nameof(HangfireServerCollection))]
    public sealed class OnPostgreSql : JobTests, IClassFixture<PostgresJobsFactory>
    {
        public OnPostgreSql(PostgresJobsFactory f) : base(f) => TestPostgres.Require();
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_job_enqueued_through_the_client_is_run_by_the_hangfire_server_against_the_migrated_database()
    {
        var probe = Guid.NewGuid();
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        ProbeJob.Waiting[probe] = done;
        try
        {
            var jobs = factory.Services.GetRequiredService<IBackgroundJobClient>();

            var jobId = jobs.Enqueue<ProbeJob>(j => j.RunAsync(probe));
            var finished = await Task.WhenAny(done.Task, Task.Delay(Patience, TestContext.Current.CancellationToken));

            Assert.True(finished == done.Task, $"job {jobId} did not run within {Patience.TotalSeconds} s (state {await WaitForStateAsync(jobId, "Succeeded", TimeSpan.Zero)})."
                + Environment.NewLine + string.Join(Environment.NewLine, HangfireTestLog.Warnings) + Environment.NewLine + factory.LogText);
            Assert.Equal(5, await done.Task);
            Assert.Equal("Succeeded", await WaitForStateAsync(jobId, "Succeeded", Patience));
        }
        finally
        {
            ProbeJob.Waiting.TryRemove(probe, out _);
        }
    }

    private async Task<string?> WaitForStateAsync(string jobId, string state, TimeSpan patience)
    {
        var storage = factory.Services.GetRequiredService<JobStorage>();
        var deadline = DateTime.UtcNow + patience;
        string? seen;
        do
        {
            using (var connection = storage.GetConnection()) seen = connection.GetStateData(jobId)?.Name;
            if (seen == state) break;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        } while (DateTime.UtcNow < deadline);
        return seen;
    }

    [Fact]
    public async Task The_cohort_status_job_opens_runs_and_completes_cohorts_by_the_date_in_China_and_is_re_entrant()
    {
        var clock = factory.Clock!;
        // The recurring schedule would run the same job on Hangfire's real clock; this test drives it alone.
        factory.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(CohortStatusJob.Id);
        var saturday = new DateOnly(2026, 3, 7);
        int open, draft, cancelled;
        DateOnly endsOn;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            var center = new TrainingCenter("任务中心", TestData.NextOrganisationCode(), "31", "上海", null);
            db.Centers.Add(center);
            await db.SaveChangesAsync();
            var course = new Course(center.Id, Course.AiTrainerOccupation, 5, "任务五级", 18, 42, 2600m, null, TheoryShareBand.Default);
            db.Courses.Add(course);
            await db.SaveChangesAsync();
            TimeSlot[] day = [TimeSlot.Parse("09:00-12:00"), TimeSlot.Parse("13:30-17:30")];
            var o = new Cohort(course, saturday, WeekendPattern.Both, day, 20, null);
            o.Open();
            var d = new Cohort(course, saturday, WeekendPattern.Both, day, 20, null);
            var c = new Cohort(course, saturday, WeekendPattern.Both, day, 20, null);
            c.Open();
            c.Cancel();
            db.Cohorts.AddRange(o, d, c);
            await db.SaveChangesAsync();
            (open, draft, cancelled, endsOn) = (o.Id, d.Id, c.Id, o.EndsOn);
        }

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 6, 15, 30, 0, TimeSpan.Zero)); // Friday 23:30 in Shanghai
        Assert.Equal(0, await RunJobAsync());
        Assert.Equal(CohortStatus.Open, await StatusAsync(open));

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 6, 16, 30, 0, TimeSpan.Zero)); // Saturday 00:30 in Shanghai
        Assert.Equal(1, await RunJobAsync());
        Assert.Equal(CohortStatus.Running, await StatusAsync(open));
        Assert.Equal(0, await RunJobAsync());
        Assert.Equal(CohortStatus.Running, await StatusAsync(open));

        clock.SetUtcNow(new DateTimeOffset(endsOn.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero)); // the last class day
        Assert.Equal(0, await RunJobAsync());
        Assert.Equal(CohortStatus.Running, await StatusAsync(open));

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await RunJobAsync());
        Assert.Equal(CohortStatus.Completed, await StatusAsync(open));
        Assert.Equal(0, await RunJobAsync());

        Assert.Equal(CohortStatus.Draft, await StatusAsync(draft));
        Assert.Equal(CohortStatus.Cancelled, await StatusAsync(cancelled));
    }

    private async Task<int> RunJobAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CohortStatusJob>().RunAsync(TestContext.Current.CancellationToken);
    }

    private async Task<CohortStatus> StatusAsync(int id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Cohorts.Where(c => c.Id == id).Select(c => c.Status).SingleAsync();
    }
}
