using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Features.ExamSitting;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.ExamSitting;
using TrainerAcademy.Tests.Http;

namespace TrainerAcademy.Tests.Hosting;

/// <summary>
/// Fault drill: PostgreSQL goes away for <see cref="OutageSeconds"/> while candidates save answers and a job server runs.
/// The app reaches the database (and its job storage) through a TCP relay the drill shuts and opens again on the same
/// port. Every failing request is a 503 with Retry-After, nothing acknowledged is lost, requests succeed again without a
/// restart, and the job server resumes by itself: a job scheduled to run inside the outage runs, a new one runs.
/// </summary>
[Collection(nameof(Jobs.HangfireServerCollection))]
public sealed class DatabaseOutageDrillTests : IClassFixture<DatabaseOutageDrillTests.RelayedExamFactory>
{
    /// <summary>The outage of the automated drill; <c>DRILL_OUTAGE_SECONDS=60</c> runs the longer drill of docs/operations.md.</summary>
    public const int OutageSeconds = 10;

    private const int Candidates = 8;

    private static int Outage => int.TryParse(Environment.GetEnvironmentVariable("DRILL_OUTAGE_SECONDS"), out var s) && s > 0 ? s : OutageSeconds;

    private readonly RelayedExamFactory factory;
    private readonly ITestOutputHelper output;

    public DatabaseOutageDrillTests(RelayedExamFactory factory, ITestOutputHelper output)
    {
        TestPostgres.Require();
        this.factory = factory;
        this.output = output;
    }

    /// <summary>The exam factory (fake clock) with a job server, on a database reached through a relay.</summary>
    public sealed class RelayedExamFactory : PostgresEnrollmentFactory
    {
        public TcpRelay? Relay { get; private set; }

        protected override bool UsesFakeClock => true;

        protected override async Task<string> CreateDatabaseAsync()
        {
            var direct = new NpgsqlConnectionStringBuilder(await base.CreateDatabaseAsync());
            Relay = TcpRelay.Start(direct.Host!, direct.Port);
            direct.Host = "127.0.0.1";
            direct.Port = Relay.Port;
            direct.Timeout = 3;
            return direct.ConnectionString;
        }

        protected override void AddSettings(IDictionary<string, string?> settings)
        {
            settings["Hangfire:Server"] = "true";
            settings["Hangfire:Workers"] = "2";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            ExamClock.KeepTokens(builder);
        }

        public override async ValueTask DisposeAsync()
        {
            Relay?.Dispose();
            await base.DisposeAsync();
        }
    }

    /// <summary>A job that notes that it ran.</summary>
    public sealed class DrillJob
    {
        public static readonly ConcurrentDictionary<string, DateTimeOffset> Ran = new();

        public void Run(string tag) => Ran[tag] = DateTimeOffset.UtcNow;
    }

    private sealed record Sent(int Item, int Revision, string Stored);

    private sealed record Failure(int Status, bool RetryAfter, string Body);

    [Fact]
    public async Task With_the_database_away_under_saves_every_failure_is_a_503_nothing_acknowledged_is_lost_and_requests_and_jobs_resume_by_themselves()
    {
        var sittings = new List<(HttpClient Client, int AttemptId, List<(int Item, string Type, int Options)> Items)>();
        for (var i = 0; i < Candidates; i++)
        {
            var exam = await factory.SessionAsync();
            var paper = await exam.Candidate.Client.StartedAsync(exam.RegistrationId);
            sittings.Add((exam.Candidate.Client, paper.AttemptId(), paper.GetProperty("items").EnumerateArray()
                .Select(x => (x.GetProperty("itemId").GetInt32(), x.GetProperty("type").ToString(), x.GetProperty("options").GetArrayLength())).ToList()));
        }

        var sent = sittings.Select(_ => new ConcurrentQueue<Sent>()).ToArray();
        var acknowledged = sittings.Select(_ => new ConcurrentQueue<(Sent Save, long Phase, long AnsweredIn)>()).ToArray();
        var failures = new ConcurrentQueue<Failure>();
        long phase = 0; // 0 before the outage, 1 during, 2 after the relay is open again
        using var stop = new CancellationTokenSource();
        var load = sittings.Select((s, c) => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var (item, type, options) = s.Items[n % s.Items.Count];
                var revision = n + 1; // one counter per candidate: every item's revisions only grow
                var (body, stored) = Answer(type, options, revision);
                var save = new Sent(item, revision, stored);
                sent[c].Enqueue(save);
                var before = Interlocked.Read(ref phase);
                using var response = await s.Client.SaveAsync(s.AttemptId, item, body, revision);
                if (response.IsSuccessStatusCode)
                {
                    acknowledged[c].Enqueue((save, before, Interlocked.Read(ref phase)));
                    continue;
                }
                failures.Enqueue(new Failure((int)response.StatusCode, response.Headers.RetryAfter is not null, await response.Content.ReadAsStringAsync()));
                // The page's queue waits before it tries again; the drill waits a little.
                await Task.Delay(100);
            }
        })).ToList();

        var jobs = factory.Services.GetRequiredService<IBackgroundJobClient>();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        while (acknowledged.Sum(a => a.Count) < 40 && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(20);

        // A job due in the middle of the outage.
        jobs.Schedule<DrillJob>(j => j.Run("scheduled-" + tag), TimeSpan.FromSeconds(Math.Max(2, Outage / 2)));
        factory.Relay!.Shut();
        Interlocked.Exchange(ref phase, 1);
        await Task.Delay(TimeSpan.FromSeconds(Outage));
        // The phase moves first: an answer seen in phase 1 was given while the relay was shut.
        Interlocked.Exchange(ref phase, 2);
        factory.Relay.Open();
        var reopened = Stopwatch.StartNew();

        // Each candidate's saves are acknowledged again, without a restart.
        while (!acknowledged.All(a => a.Any(x => x.Phase == 2)) && reopened.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(50);
        var firstSuccessAfter = reopened.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.True(acknowledged.All(a => a.Any(x => x.Phase == 2)), "saves not acknowledged again within 60 s of the database's return");

        // The database was away: saves were sent in the outage, and none sent then was acknowledged before it ended
        // (the provider retries the transaction, so a short outage may fail none of them: they wait and land after it).
        Assert.True(sent.Sum(s => s.Count) > acknowledged.Sum(a => a.Count(x => x.Phase == 0)), "no save was sent during the outage");
        Assert.True(acknowledged.All(a => !a.Any(x => x.Phase == 1 && x.AnsweredIn == 1)), "a save sent during the outage was acknowledged before the database returned: the relay did not cut it");
        var wrong = failures.Where(f => f.Status != 503 || !f.RetryAfter || !f.Body.Contains("\"database-unavailable\"", StringComparison.Ordinal)).ToList();
        Assert.True(wrong.Count == 0, "failures other than 503 with Retry-After: " + string.Join(" | ", wrong.Take(5).Select(f => $"{f.Status} {f.RetryAfter} {f.Body}")));

        // Nothing acknowledged is lost: the last acknowledged save of every item is there, or a later one that was sent.
        var inFlightLanded = 0;
        for (var c = 0; c < sittings.Count; c++)
        {
            var attempt = await factory.AttemptAsync(sittings[c].AttemptId);
            var sentByRevision = sent[c].ToDictionary(x => x.Revision);
            foreach (var group in acknowledged[c].Select(a => a.Save).GroupBy(a => a.Item))
            {
                var last = group.MaxBy(a => a.Revision)!;
                var item = attempt.Items.Single(i => i.Position == group.Key);
                Assert.True(item.SavedRevision >= last.Revision, $"attempt {attempt.Id} item {group.Key}: acknowledged revision {last.Revision}, stored {item.SavedRevision}");
                Assert.Equal(sentByRevision[item.SavedRevision].Stored, item.Response);
                if (item.SavedRevision > last.Revision) inFlightLanded++;
            }
        }

        // The job server came back by itself: the job due during the outage ran, and the gradings queued now run.
        foreach (var s in sittings) await (await s.Client.SubmitAsync(s.AttemptId)).ExpectJsonAsync(HttpStatusCode.OK);
        var ids = sittings.Select(s => s.AttemptId).ToList();
        clock.Restart();
        var graded = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            graded = 0;
            foreach (var id in ids) if ((await factory.AttemptAsync(id)).Status == AttemptStatus.Graded) graded++;
            if (graded == ids.Count && DrillJob.Ran.ContainsKey("scheduled-" + tag)) break;
            await Task.Delay(250);
        }
        var jobsResumedAfter = reopened.Elapsed;
        Assert.True(DrillJob.Ran.ContainsKey("scheduled-" + tag), "the job due during the outage never ran\n" + factory.LogText);
        Assert.True(graded == ids.Count, $"{graded} of {ids.Count} attempts graded after the database returned\n" + factory.LogText);
        using (var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var sweep = Assert.Single(connection.GetRecurringJobs([AttemptDeadlineJob.SweepId]));
            Assert.NotNull(sweep.NextExecution);
        }

        output.WriteLine($"outage {Outage} s; candidates {Candidates}; saves sent {sent.Sum(s => s.Count)}, acknowledged {acknowledged.Sum(a => a.Count)} " +
                         $"(sent during the outage and acknowledged once it returned, the transaction retried: {acknowledged.Sum(a => a.Count(x => x.Phase == 1))}; sent after the return {acknowledged.Sum(a => a.Count(x => x.Phase == 2))}); failed {failures.Count}, all 503 with Retry-After, none 500; " +
                         $"unacknowledged saves that landed anyway {inFlightLanded}; every candidate saving again {firstSuccessAfter.TotalSeconds:0.0} s after the return; " +
                         $"scheduled job and {graded} gradings run {jobsResumedAfter.TotalSeconds:0.0} s after the return");
    }

    private static (object Body, string Stored) Answer(string type, int options, int revision)
    {
        if (type == nameof(QuestionType.TrueFalse) || options == 0)
        {
            var value = revision % 2 == 0 ? "true" : "false";
            return (value, value);
        }
        var first = (char)('A' + revision % options);
        if (type == nameof(QuestionType.SingleChoice)) return (first.ToString(), first.ToString());
        var letters = string.Concat(new[] { first, (char)('A' + (revision + 1) % options) }.Order());
        return (letters, letters);
    }
}
