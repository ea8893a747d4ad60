using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TrainerAcademy.Features.Outbox;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.ExamSitting;

namespace TrainerAcademy.Tests.Hosting;

/// <summary>
/// The app with OpenTelemetry on (Observability:Enabled, no OTLP endpoint) and in-memory exporters in place of OTLP, a fake
/// clock for the exam and a Hangfire server. The platform's counters are read with a <see cref="MeterListener"/> that
/// listens to this host's meter only, so other test classes running in the same process never add to them.
/// </summary>
[Collection(nameof(Jobs.HangfireServerCollection))]
public sealed class ObservabilityTests(ObservabilityTests.ObservedFactory factory) : IClassFixture<ObservabilityTests.ObservedFactory>
{
    public sealed class ObservedFactory : SqliteEnrollmentFactory
    {
        public ConcurrentQueue<Activity> Activities { get; } = new();

        public List<Metric> Metrics { get; } = [];

        protected override bool UsesFakeClock => true;

        protected override void AddSettings(IDictionary<string, string?> settings)
        {
            settings["Observability:Enabled"] = "true";
            settings["Hangfire:Server"] = "true";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s =>
            {
                s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(new ActivitySink(Activities)));
                s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(Metrics));
            });
        }

        /// <summary>The exporter takes an <see cref="ICollection{T}"/>; finished activities arrive from the server's threads.</summary>
        private sealed class ActivitySink(ConcurrentQueue<Activity> queue) : ICollection<Activity>
        {
            public int Count => queue.Count;
            public bool IsReadOnly => false;
            public void Add(Activity item) => queue.Enqueue(item);
            public void Clear() => queue.Clear();
            public bool Contains(Activity item) => queue.Contains(item);
            public void CopyTo(Activity[] array, int arrayIndex) => queue.ToArray().CopyTo(array, arrayIndex);
            public bool Remove(Activity item) => throw new NotSupportedException();
            public IEnumerator<Activity> GetEnumerator() => queue.GetEnumerator();
            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }

    [Fact]
    public async Task Starting_an_attempt_and_saving_answers_count_on_the_platform_meter()
    {
        var exam = await factory.SessionAsync();
        using var meter = new PlatformMeter(factory);
        var client = exam.Candidate.Client;

        var id = (await client.StartedAsync(exam.RegistrationId)).AttemptId();
        await client.StartedAsync(exam.RegistrationId, HttpStatusCode.OK); // resumed: not a new attempt
        await (await client.SaveAsync(id, 1, null, 1)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await client.SaveAsync(id, 2, null, 1)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await client.SaveAsync(id, 2, null, 1)).ExpectJsonAsync(HttpStatusCode.OK); // the same save again: already stored, not counted
        await (await client.SaveAsync(id, 2, null, 2)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await client.SaveAsync(id, 2, null, 1)).ExpectStatusAsync(HttpStatusCode.Conflict); // stale: nothing saved

        Assert.Equal(1, meter.Total("academy.exam.attempts_started"));
        Assert.Equal(3, meter.Total("academy.exam.answers_saved"));
        Assert.All(meter.Tags("academy.exam.answers_saved", "exam.component"), c => Assert.Equal("Theory", c));
    }

    [Fact]
    public async Task A_request_is_traced_under_the_callers_trace_and_the_meters_reach_the_exporter()
    {
        var client = factory.CreateApiClient();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/courses");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        await (await client.SendAsync(request)).ExpectSuccessAsync();

        var server = await EventuallyAsync(() => factory.Activities.FirstOrDefault(a => a.TraceId == traceId && a.Kind == ActivityKind.Server));
        Assert.Equal("GET /api/courses", server.DisplayName);
        Assert.Equal(200, server.GetTagItem("http.response.status_code"));

        factory.Services.GetRequiredService<MeterProvider>().ForceFlush();
        List<string> names;
        lock (factory.Metrics) names = [.. factory.Metrics.Select(m => m.Name)];
        Assert.Contains("http.server.request.duration", names);
        Assert.Contains("academy.jobs.scheduled", names);
        Assert.Contains(names, n => n.StartsWith("dotnet.", StringComparison.Ordinal)); // runtime instrumentation
    }

    [Fact]
    public async Task A_job_run_is_a_span_of_its_own()
    {
        var jobId = factory.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<OutboxDispatchJob>(j => j.RunAsync(CancellationToken.None));

        var span = await EventuallyAsync(() => factory.Activities.FirstOrDefault(a => Equals(a.GetTagItem("job.id"), jobId)));
        Assert.Equal("job OutboxDispatchJob.RunAsync", span.DisplayName);
        Assert.Equal(Observability.Jobs.Name, span.Source.Name);
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task The_job_gauges_show_the_queues_and_the_scheduled_jobs_of_the_job_storage()
    {
        using var meter = new PlatformMeter(factory);
        var jobs = factory.Services.GetRequiredService<IBackgroundJobClient>();
        var monitoring = factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

        // A queue no server of this host listens to keeps its job; a job a day away stays scheduled.
        jobs.Create(Job.FromExpression<OutboxDispatchJob>(j => j.RunAsync(CancellationToken.None)), new EnqueuedState("observability_probe"));
        var scheduled = jobs.Schedule<OutboxDispatchJob>(j => j.RunAsync(CancellationToken.None), TimeSpan.FromDays(1));
        Assert.Contains(monitoring.ScheduledJobs(0, 1000), j => j.Key == scheduled);

        // Other jobs of this host (a retry falling due) may leave the scheduled set meanwhile: compare the gauge with
        // the storage over a second in which the storage's count held still.
        long? gauge = null, storage = null;
        for (var attempt = 0; attempt < 10 && gauge is null; attempt++)
        {
            var before = monitoring.ScheduledCount();
            await Task.Delay(TimeSpan.FromSeconds(1.1)); // the gauges read the storage at most once a second
            var observed = meter.Observe("academy.jobs.scheduled").Sum(m => m.Value);
            if (monitoring.ScheduledCount() == before) (gauge, storage) = (observed, before);
        }
        Assert.NotNull(gauge);
        Assert.Equal(storage, gauge);

        var enqueued = meter.Observe("academy.jobs.enqueued");
        Assert.Contains(enqueued, m => m.Value == 1 && Equals(m.Tags["queue"], "observability_probe"));
        Assert.Single(meter.Observe("academy.jobs.failed"));
        Assert.Single(meter.Observe("academy.jobs.processing"));
    }

    private static async Task<T> EventuallyAsync<T>(Func<T?> find) where T : class
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (find() is { } found) return found;
            await Task.Delay(50);
        }
        Assert.Fail("not seen within 20 s");
        return null!;
    }
}
