using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TrainerAcademy.Data;

namespace TrainerAcademy.Infrastructure;

/// <summary>
/// Three probes. <c>/healthz/live</c> checks nothing: it answers 200 while the process serves requests, so an orchestrator
/// restarts only a process that hangs, never one whose database is away. <c>/healthz/ready</c> runs the checks tagged
/// <see cref="Ready"/> (database reachable, migrations applied, job storage reachable) and answers 503 when one fails, so a
/// load balancer sends no traffic to an instance that cannot serve it. <c>/healthz</c> runs every check, the PDF font too.
/// </summary>
public static class HealthChecks
{
    public const string Ready = "ready";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddAcademyHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<AcademyDbContext>("database", tags: [Ready])
            .AddCheck<MigrationsCheck>("migrations", tags: [Ready], timeout: Timeout)
            .AddCheck<JobStorageCheck>("job-storage", tags: [Ready], timeout: Timeout);
        return services;
    }

    public static void MapAcademyHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteReportAsync })
            .AllowAnonymous();
    }

    /// <summary>The overall status and each check's, so an operator sees which dependency keeps the instance out.</summary>
    private static Task WriteReportAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description ?? e.Value.Exception?.GetType().Name }),
        });
    }

    /// <summary>Unhealthy while the database lacks a migration this build expects (e.g. started with MigrateOnStartup off before the DBA ran the script).</summary>
    private sealed class MigrationsCheck(AcademyDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied, the first {pending[0]}.");
        }
    }

    /// <summary>Hangfire's storage answers a statistics query (the same read the jobs dashboard makes).</summary>
    private sealed class JobStorageCheck(JobStorage storage) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
            // Hangfire's storage API is synchronous; off the request's thread, so the check's timeout can end the wait.
            Task.Run(() =>
            {
                storage.GetMonitoringApi().GetStatistics();
                return HealthCheckResult.Healthy();
            }, ct);
    }
}
