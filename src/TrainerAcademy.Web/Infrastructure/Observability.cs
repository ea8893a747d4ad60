using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TrainerAcademy.Infrastructure;

/// <summary>
/// OpenTelemetry traces, metrics and logs, exported by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or
/// <c>Observability:OtlpEndpoint</c> is set. Without either (and without <c>Observability:Enabled</c>) no OpenTelemetry
/// SDK is registered, so nothing listens to the activities and instruments and a request pays nothing for them.
/// </summary>
public static class Observability
{
    public const string ServiceName = "TrainerAcademy";

    /// <summary>The platform's own spans: one per background job run.</summary>
    public static readonly ActivitySource Jobs = new("TrainerAcademy.Jobs");

    public static WebApplicationBuilder AddAcademyObservability(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        services.AddSingleton<AcademyMetrics>();

        ConfigureConsoleLogs(builder);

        var endpoint = config["Observability:OtlpEndpoint"] is { Length: > 0 } own ? own : config["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!config.GetValue("Observability:Enabled", !string.IsNullOrEmpty(endpoint))) return builder;

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(config["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : ServiceName,
                serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithTracing(t => t
                .AddSource(Jobs.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation())
            .WithMetrics(m => m
                .AddMeter(AcademyMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithLogging();
        if (!string.IsNullOrEmpty(endpoint))
        {
            // The standard OTEL_EXPORTER_OTLP_* variables (protocol, headers) still apply; Observability:OtlpEndpoint only names the collector.
            if (config["Observability:OtlpEndpoint"] is { Length: > 0 })
                otel.UseOtlpExporter(config.GetValue("Observability:OtlpProtocol", OtlpExportProtocol.Grpc), new Uri(endpoint));
            else
                otel.UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>
    /// <c>Logging:Console:FormatterName</c> = <c>json</c> writes one JSON object a line; it is the default in Production.
    /// Scopes are included, and the host puts the request's trace and span ids into every log's scope.
    /// </summary>
    private static void ConfigureConsoleLogs(WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (builder.Environment.IsProduction() && string.IsNullOrEmpty(config["Logging:Console:FormatterName"]))
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = ConsoleFormatterNames.Json);
        if (string.IsNullOrEmpty(config["Logging:Console:FormatterOptions:IncludeScopes"]))
            builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
    }

    /// <summary>
    /// Hangfire's own filters (global and attributes) and the job span. Given to this host's job server and client through
    /// the container, not added to Hangfire's process-wide global filters, which every host in the process would share.
    /// </summary>
    public sealed class JobFilters : IJobFilterProvider
    {
        private static readonly JobFilter Span = new(new JobActivityFilter(), JobFilterScope.Global, null);

        public IEnumerable<JobFilter> GetFilters(Job job) => JobFilterProviders.Providers.GetFilters(job).Append(Span);
    }

    /// <summary>A span around each job run, named for its class and method, with the job's id and its outcome.</summary>
    private sealed class JobActivityFilter : IServerFilter
    {
        private const string Key = "academy.activity";

        public void OnPerforming(PerformingContext context)
        {
            var job = context.BackgroundJob.Job;
            var activity = Jobs.StartActivity($"job {job?.Type.Name}.{job?.Method.Name}", ActivityKind.Internal);
            if (activity is null) return;
            activity.SetTag("job.id", context.BackgroundJob.Id);
            if (context.GetJobParameter<string>("RecurringJobId", allowStale: true) is { } recurring) activity.SetTag("job.recurring_id", recurring);
            context.Items[Key] = activity;
        }

        public void OnPerformed(PerformedContext context)
        {
            if (!context.Items.TryGetValue(Key, out var item) || item is not Activity activity) return;
            if (context.Exception is { } e && !context.ExceptionHandled)
                activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            activity.Dispose();
        }
    }
}

/// <summary>
/// The platform's own instruments (meter <c>TrainerAcademy</c>). Counters only grow, so a backend derives rates from them
/// (answers saved per second); the job gauges read Hangfire's monitoring API when they are collected.
/// </summary>
public sealed class AcademyMetrics
{
    public const string MeterName = "TrainerAcademy";

    private readonly Counter<long> _answersSaved;
    private readonly Counter<long> _attemptsStarted;
    private readonly Counter<long> _certificatesIssued;
    private readonly Counter<long> _emails;
    private readonly IServiceProvider _services;
    private readonly ILogger<AcademyMetrics> _log;
    private readonly Lock _lock = new();
    private (long At, JobCounts Counts)? _last;

    public AcademyMetrics(IMeterFactory meters, IServiceProvider services, ILogger<AcademyMetrics> log)
    {
        _services = services;
        _log = log;
        var meter = meters.Create(MeterName);
        _answersSaved = meter.CreateCounter<long>("academy.exam.answers_saved", "{answer}", "Exam answers saved (acknowledged and stored).");
        _attemptsStarted = meter.CreateCounter<long>("academy.exam.attempts_started", "{attempt}", "Exam attempts started (a resumed attempt is not counted).");
        _certificatesIssued = meter.CreateCounter<long>("academy.certificates.issued", "{certificate}", "Certificates issued, first editions and re-issues.");
        _emails = meter.CreateCounter<long>("academy.outbox.emails", "{email}", "E-mails the outbox delivered (outcome=sent) or failed to deliver (outcome=failed).");
        meter.CreateObservableGauge("academy.jobs.enqueued", () => Jobs().Queues, "{job}", "Background jobs waiting in each Hangfire queue.");
        meter.CreateObservableGauge("academy.jobs.scheduled", () => Measure(Jobs().Scheduled), "{job}", "Background jobs scheduled for later.");
        meter.CreateObservableGauge("academy.jobs.processing", () => Measure(Jobs().Processing), "{job}", "Background jobs running now on any server.");
        meter.CreateObservableGauge("academy.jobs.failed", () => Measure(Jobs().Failed), "{job}", "Background jobs that failed and wait for an administrator.");
    }

    public void AnswerSaved(string component) => _answersSaved.Add(1, new KeyValuePair<string, object?>("exam.component", component));

    public void AttemptStarted(string component) => _attemptsStarted.Add(1, new KeyValuePair<string, object?>("exam.component", component));

    public void CertificateIssued(int edition) => _certificatesIssued.Add(1, new KeyValuePair<string, object?>("certificate.reissue", edition > 1));

    public void EmailsSent(int sent, int failed)
    {
        if (sent > 0) _emails.Add(sent, new KeyValuePair<string, object?>("outcome", "sent"));
        if (failed > 0) _emails.Add(failed, new KeyValuePair<string, object?>("outcome", "failed"));
    }

    private static IEnumerable<Measurement<long>> Measure(long? value) => value is { } v ? [new Measurement<long>(v)] : [];

    private sealed record JobCounts(IReadOnlyList<Measurement<long>> Queues, long? Scheduled, long? Processing, long? Failed);

    /// <summary>
    /// One read of the job storage serves the four gauges of one collection. A storage that cannot be read gives no
    /// measurements (and a warning) rather than failing the whole export.
    /// </summary>
    private JobCounts Jobs()
    {
        var now = Environment.TickCount64;
        lock (_lock)
        {
            if (_last is { } last && now - last.At < 1000) return last.Counts;
            JobCounts counts;
            try
            {
                var monitoring = _services.GetRequiredService<JobStorage>().GetMonitoringApi();
                var statistics = monitoring.GetStatistics();
                var queues = monitoring.Queues()
                    .Select(q => new Measurement<long>(q.Length, new KeyValuePair<string, object?>("queue", q.Name)))
                    .ToList();
                counts = new JobCounts(queues, statistics.Scheduled, statistics.Processing, statistics.Failed);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _log.LogWarning(e, "The job storage could not be read for the job gauges");
                counts = new JobCounts([], null, null, null);
            }
            _last = (now, counts);
            return counts;
        }
    }
}
