using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Hangfire;
using Hangfire.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrainerAcademy.Features.Attendance;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.ExamSitting;
using Yarp.ReverseProxy.Configuration;

namespace TrainerAcademy.Tests.Hosting;

/// <summary>
/// Three instances of the platform on real Kestrel ports over one PostgreSQL database, each with its own Hangfire server,
/// sharing a data-protection keys folder and the check-in key, behind a YARP reverse proxy that spreads requests round-robin.
/// What one instance issues or starts, the others accept and continue; jobs run once however many servers poll.
/// </summary>
[Collection(nameof(Jobs.HangfireServerCollection))]
public sealed class SeveralInstancesTests : IClassFixture<SeveralInstancesTests.Cluster>
{
    private readonly Cluster cluster;

    public SeveralInstancesTests(Cluster cluster)
    {
        TestPostgres.Require();
        this.cluster = cluster;
    }

    /// <summary>Certificate verifications a client may make a minute, counted in the database by all three instances together.</summary>
    private const int VerifyPermits = 6;

    public sealed record InstanceName(string Name);

    /// <summary>A job that records each run: what it was asked, which instance ran it, and the occurrence a recurring run is for.</summary>
    public sealed class RecordedJob(InstanceName instance)
    {
        public static readonly ConcurrentQueue<(string Tag, string JobId, string Instance, long? Occurrence)> Runs = new();

        public async Task RunAsync(string tag, int milliseconds, PerformContext context)
        {
            await Task.Delay(milliseconds);
            Runs.Enqueue((tag, context.BackgroundJob.Id, instance.Name, context.GetJobParameter<long?>("Time", allowStale: true)));
        }
    }

    /// <summary>One instance: the shared database (made by the first), the shared keys, its name on every response.</summary>
    public sealed class Instance : PostgresEnrollmentFactory
    {
        private readonly string name;
        private readonly Cluster cluster;

        public Instance(string name, Cluster cluster)
        {
            this.name = name;
            this.cluster = cluster;
            // Before the host is built (the fixture builds it at once): a real port, as a load balancer needs.
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }

        public string Name => name;

        public Uri Address { get; private set; } = null!;

        protected override bool UsesFakeClock => true;

        protected override Task<string> CreateDatabaseAsync() => Task.FromResult(cluster.ConnectionString);

        protected override Task DropDatabaseAsync() => Task.CompletedTask;

        protected override void AddSettings(IDictionary<string, string?> settings)
        {
            settings["Hangfire:Server"] = "true";
            settings["Hangfire:Workers"] = "2";
            settings["DataProtection:KeysPath"] = cluster.KeysPath;
            settings["Attendance:CheckInKey"] = cluster.CheckInKey;
            settings["App:TrustedProxies"] = "127.0.0.1";
            settings["RateLimits:Store"] = "Database";
            settings["RateLimits:VerifyPermitsPerMinute"] = VerifyPermits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s =>
            {
                s.AddSingleton(new InstanceName(name));
                s.AddTransient<IStartupFilter>(_ => new NameHeader(name));
            });
        }

        public void Start()
        {
            StartServer();
            Address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
            // The factory's own clients (the test world's, the kits') go to this instance's port too.
            ClientOptions.BaseAddress = Address;
        }

        public HttpClient Client(AuthenticationHeaderValue? bearer = null, string? cookie = null)
        {
            var client = new HttpClient { BaseAddress = Address };
            client.DefaultRequestHeaders.Authorization = bearer;
            if (cookie is not null) client.DefaultRequestHeaders.Add("Cookie", cookie);
            return client;
        }

        private sealed class NameHeader(string name) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((http, after) =>
                {
                    http.Response.Headers["X-Instance"] = name;
                    return after(http);
                });
                next(app);
            };
        }
    }

    public sealed class Cluster : IAsyncLifetime
    {
        private string? _database;
        private WebApplication? _proxy;

        public string ConnectionString { get; private set; } = "";

        public string KeysPath { get; } = Directory.CreateTempSubdirectory("academy-keys-").FullName;

        public string CheckInKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        public List<Instance> Instances { get; } = [];

        public Uri ProxyAddress { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            if (TestPostgres.BaseConnectionString is null) return;
            (_database, ConnectionString) = await TestPostgres.CreateDatabaseAsync();
            // One after another: the first migrates and makes the job storage's schema, the others find them.
            foreach (var name in new[] { "a", "b", "c" })
            {
                var instance = new Instance(name, this);
                await instance.InitializeAsync();
                instance.Start();
                Instances.Add(instance);
            }
            _proxy = StartProxy(Instances.Select(i => i.Address));
            await _proxy.StartAsync();
            ProxyAddress = new Uri(_proxy.Urls.Single());
        }

        private static WebApplication StartProxy(IEnumerable<Uri> instances)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.AddReverseProxy().LoadFromMemory(
                [new RouteConfig { RouteId = "all", ClusterId = "academy", Match = new RouteMatch { Path = "{**rest}" } }],
                [new ClusterConfig
                {
                    ClusterId = "academy",
                    LoadBalancingPolicy = "RoundRobin",
                    Destinations = instances.Select((uri, i) => (i, uri)).ToDictionary(d => $"instance-{d.i}", d => new DestinationConfig { Address = d.uri.ToString() }),
                }]);
            var app = builder.Build();
            app.MapReverseProxy();
            return app;
        }

        public async ValueTask DisposeAsync()
        {
            if (_proxy is not null) await _proxy.DisposeAsync();
            foreach (var instance in Instances) await instance.DisposeAsync();
            if (_database is not null) await TestPostgres.DropDatabaseAsync(_database);
            Directory.Delete(KeysPath, recursive: true);
        }
    }

    private Instance A => cluster.Instances[0];
    private Instance B => cluster.Instances[1];
    private Instance C => cluster.Instances[2];

    [Fact]
    public async Task A_bearer_token_and_a_cookie_issued_by_one_instance_are_accepted_by_the_others()
    {
        var learner = await A.LearnerAsync();
        var bearer = learner.Client.DefaultRequestHeaders.Authorization;
        foreach (var instance in new[] { B, C })
        {
            var data = await (await instance.Client(bearer).GetAsync("/api/me/data")).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Contains(learner.Email, data.GetRawText());
        }

        using var login = await A.Client().PostJsonAsync("/api/auth/login?useCookies=true", new { email = learner.Email, password = TestWorld.Password });
        await login.ExpectStatusAsync(HttpStatusCode.OK);
        var cookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        Assert.Contains("academy.auth=", cookie);
        foreach (var instance in new[] { B, C })
            await (await instance.Client(cookie: cookie).GetAsync("/api/me/data")).ExpectStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_attempt_started_on_one_instance_is_continued_on_another_and_read_back_on_a_third()
    {
        var exam = await A.SessionAsync();
        var bearer = exam.Candidate.Client.DefaultRequestHeaders.Authorization;
        var id = (await A.Client(bearer).StartedAsync(exam.RegistrationId)).AttemptId();

        var onB = B.Client(bearer);
        await (await onB.SaveAsync(id, 1, null, 1)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await onB.StartAsync(exam.RegistrationId)).ExpectStatusAsync(HttpStatusCode.OK); // resumed, not a second attempt
        var attempt = await A.AttemptAsync(id);
        var single = attempt.Items.First(i => i.Type == TrainerAcademy.Domain.Exams.QuestionType.SingleChoice).Position;
        await (await onB.SaveAsync(id, single, "C", 2)).ExpectJsonAsync(HttpStatusCode.OK);
        // A stale save sent to yet another instance is refused from the same stored revision.
        await (await C.Client(bearer).SaveAsync(id, single, "A", 1)).ExpectStatusAsync(HttpStatusCode.Conflict);

        var read = await (await C.Client(bearer).GetAsync($"/api/attempts/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        var item = read.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("itemId").GetInt32() == single);
        Assert.Equal("C", item.GetProperty("response").GetString());
        Assert.Equal(2, item.GetProperty("savedRevision").GetInt32());
    }

    [Fact]
    public async Task Through_the_proxy_requests_are_spread_over_the_instances_and_each_accepts_the_sign_in()
    {
        var learner = await A.LearnerAsync();
        using var proxy = new HttpClient { BaseAddress = cluster.ProxyAddress };
        var token = await TestHttp.LoginAsync(proxy, learner.Email, TestWorld.Password);
        proxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var served = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await proxy.GetAsync("/api/me/data");
            await response.ExpectStatusAsync(HttpStatusCode.OK);
            served.Add(response.Headers.GetValues("X-Instance").Single());
        }
        Assert.Equal(["a", "b", "c"], served.Distinct().Order());
        Assert.Equal(HttpStatusCode.OK, (await proxy.GetAsync("/healthz/ready")).StatusCode);
    }

    [Fact]
    public async Task Through_the_proxy_a_client_gets_the_rate_limit_once_across_the_instances()
    {
        using var proxy = new HttpClient { BaseAddress = cluster.ProxyAddress };
        // The proxy appends the address it saw (loopback, a trusted proxy), so the instances count the address before it.
        var client = $"198.51.100.{RandomNumberGenerator.GetInt32(1, 250)}";

        var answers = new List<(HttpStatusCode Status, string Instance)>();
        for (var i = 0; i < 2 * VerifyPermits; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/verify/S000031000001264000001.k1.abc");
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await proxy.SendAsync(request);
            answers.Add((response.StatusCode, response.Headers.GetValues("X-Instance").Single()));
        }

        Assert.Equal(VerifyPermits, answers.Count(a => a.Status == HttpStatusCode.NotFound));
        Assert.Equal(VerifyPermits, answers.Count(a => a.Status == HttpStatusCode.TooManyRequests));
        Assert.Equal(["a", "b", "c"], answers.Select(a => a.Instance).Distinct().Order());
        Assert.All(answers.Skip(VerifyPermits), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.Status));
    }

    [Fact]
    public async Task A_recurring_job_runs_once_per_occurrence_whichever_instance_triggers_it()
    {
        var id = "multi-instance-probe-" + Guid.NewGuid().ToString("N")[..8];
        var tag = "recurring-" + id;
        // Every instance registers the same recurring job, as each registers the platform's at start.
        foreach (var instance in cluster.Instances)
            instance.Services.GetRequiredService<IRecurringJobManager>()
                .AddOrUpdate<RecordedJob>(id, j => j.RunAsync(tag, 0, null!), "*/2 * * * * *");
        await Task.Delay(TimeSpan.FromSeconds(11));
        A.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(id);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var runs = RecordedJob.Runs.Where(r => r.Tag == tag).ToList();
        Assert.True(runs.Count >= 3, $"only {runs.Count} runs in 11 s of a job every 2 s");
        Assert.All(runs, r => Assert.NotNull(r.Occurrence));
        var repeated = runs.GroupBy(r => r.Occurrence).Where(g => g.Count() > 1).ToList();
        Assert.True(repeated.Count == 0, "occurrences run more than once: " + string.Join(", ", repeated.Select(g => $"{g.Key} × {g.Count()}")));
        Assert.Equal(runs.Count, runs.Select(r => r.JobId).Distinct().Count());
    }

    [Fact]
    public async Task Jobs_enqueued_through_one_instance_are_each_run_once_by_whichever_server_is_free()
    {
        var batch = Guid.NewGuid().ToString("N")[..8];
        var jobs = A.Services.GetRequiredService<IBackgroundJobClient>();
        var tags = Enumerable.Range(0, 12).Select(i => $"batch-{batch}-{i}").ToList();
        foreach (var tag in tags) jobs.Enqueue<RecordedJob>(j => j.RunAsync(tag, 500, null!));

        var clock = Stopwatch.StartNew();
        while (RecordedJob.Runs.Count(r => r.Tag.StartsWith($"batch-{batch}-", StringComparison.Ordinal)) < tags.Count && clock.Elapsed < TimeSpan.FromSeconds(40))
            await Task.Delay(100);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // a second run of any of them would show now

        var runs = RecordedJob.Runs.Where(r => r.Tag.StartsWith($"batch-{batch}-", StringComparison.Ordinal)).ToList();
        Assert.Equal(tags.Order(), runs.Select(r => r.Tag).Order());
        Assert.True(runs.Select(r => r.Instance).Distinct().Count() >= 2,
            "all 12 jobs ran on one instance: " + string.Join(", ", runs.Select(r => r.Instance)));
    }

    [Fact]
    public async Task A_timetable_queued_through_one_instance_is_generated_once_by_one_server_and_read_through_the_others()
    {
        var w = await A.WorldAsync();
        var bearer = w.StaffA.DefaultRequestHeaders.Authorization;
        var id = (await (await A.Client(bearer).PostJsonAsync("/api/cohorts", new
        {
            courseId = w.CourseA, startsOn = new DateOnly(2026, 6, 13), weekendPattern = "Both", dailySlots = new[] { "09:00-12:00", "13:30-17:30" },
            capacity = 20, venueId = w.VenueA,
        })).ExpectJsonAsync(HttpStatusCode.Created)).Id();

        var clock = Stopwatch.StartNew();
        string? state = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && state is not ("done" or "failed" or "conflict"))
        {
            await Task.Delay(200);
            state = (await (await B.Client(bearer).GetAsync($"/api/cohorts/{id}/timetable-status")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("state").GetString();
        }
        Assert.Equal("done", state);
        var sessions = await (await C.Client(bearer).GetAsync($"/api/cohorts/{id}/sessions")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(sessions.GetProperty("sessions").GetArrayLength() > 0);

        // Hangfire's own record of the job: taken by one server, once, and done.
        var storage = A.Services.GetRequiredService<JobStorage>();
        string jobId;
        using (var connection = storage.GetConnection()) jobId = connection.GetAllEntriesFromHash($"timetable-status:{id}")["jobId"];
        var history = storage.GetMonitoringApi().JobDetails(jobId).History;
        Assert.Single(history, h => h.StateName == "Processing");
        Assert.Single(history, h => h.StateName == "Succeeded");
    }

    [Fact]
    public void A_check_in_code_shown_by_one_instance_is_accepted_by_another()
    {
        var now = A.Time.GetUtcNow();
        var code = A.Services.GetRequiredService<CheckInCodes>().CurrentCode(4711, now);
        Assert.True(B.Services.GetRequiredService<CheckInCodes>().IsValid(4711, code, now));
        Assert.True(C.Services.GetRequiredService<CheckInCodes>().IsValid(4711, code, now.AddSeconds(CheckInCodes.StepSeconds)));

        // Without the shared Attendance:CheckInKey each process makes its own key, and another instance's code is refused.
        var ownKey = new CheckInCodes(Options.Create(new AttendanceOptions()), NullLogger<CheckInCodes>.Instance);
        Assert.False(ownKey.IsValid(4711, code, now));
    }
}
