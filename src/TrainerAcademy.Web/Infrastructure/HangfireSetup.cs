using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Jobs;

namespace TrainerAcademy.Infrastructure;

/// <summary>Hangfire keeps its jobs in the same kind of database as the app, so they survive a restart.</summary>
public static class HangfireSetup
{
    public static IServiceCollection AddAcademyJobs(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        var provider = DatabaseSetup.Provider(config);
        var cs = DatabaseSetup.ConnectionString(config, env);
        // Hangfire's defaults are process-wide (JobStorage.Current, JobActivator.Current), which the host configured
        // last would own. This host keeps the storage its own configuration made, and its own activator, so
        // several hosts in one process (the integration tests) never enqueue into or run another host's jobs.
        JobStorage? storage = null;
        services.AddSingleton<JobStorage>(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            return storage!;
        });
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(h =>
        {
            h.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            switch (provider)
            {
                case DatabaseProvider.Sqlite:
                    storage = h.UseSQLiteStorage(JobsDatabasePath(cs), new SQLiteStorageOptions
                    {
                        // The default 15 s poll makes delayed jobs late; one second keeps them on time.
                        QueuePollInterval = TimeSpan.FromSeconds(1),
                    }).Entry;
                    break;
                case DatabaseProvider.SqlServer:
                    storage = h.UseSqlServerStorage(JobsConnectionString(provider, cs), new SqlServerStorageOptions
                    {
                        PrepareSchemaIfNecessary = true,
                        QueuePollInterval = TimeSpan.Zero,
                    }).Entry;
                    break;
                case DatabaseProvider.PostgreSql:
                    storage = h.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(JobsConnectionString(provider, cs)), new PostgreSqlStorageOptions
                    {
                        PrepareSchemaIfNecessary = true,
                        QueuePollInterval = TimeSpan.FromSeconds(1),
                        // A job whose server died (killed, power lost) stays fetched until this timeout, then another server runs it
                        // again. Sliding: a running job's fetch is renewed in the background, so a timeout shorter than the longest
                        // job does not hand a live job to a second server.
                        InvisibilityTimeout = InvisibilityTimeout(config),
                        UseSlidingInvisibilityTimeout = true,
                        DistributedLockTimeout = DistributedLockTimeout(config),
                    }).Entry;
                    break;
            }
        });

        services.RemoveAll<IJobFilterProvider>();
        services.AddSingleton<IJobFilterProvider, Observability.JobFilters>();

        if (config.GetValue("Hangfire:Server", true))
        {
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = config.GetValue("Hangfire:Workers", Math.Min(Environment.ProcessorCount * 2, 8));
                o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }
        services.AddHostedService<RecurringJobsRegistration>();
        return services;
    }

    /// <summary><c>Hangfire:InvisibilityTimeoutSeconds</c>: how long after its server died a fetched job is run again (PostgreSQL).</summary>
    public static TimeSpan InvisibilityTimeout(IConfiguration config) =>
        TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Hangfire:InvisibilityTimeoutSeconds", 300), 5, 86_400));

    /// <summary>
    /// <c>Hangfire:DistributedLockTimeoutSeconds</c>: how long a lock of the PostgreSQL job store stands once its holder
    /// is gone (30 s by default, 5 to 3,600). The store's locks are rows: a holder whose connection broke (the database
    /// went away mid-poll) or whose process died cannot delete its row, and until the row expires no server enqueues a
    /// scheduled job or changes the state of the job it locked. The store's own default is ten minutes; every lock it
    /// takes is held for moments, and the work behind each one is safe to run twice.
    /// </summary>
    public static TimeSpan DistributedLockTimeout(IConfiguration config) =>
        TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Hangfire:DistributedLockTimeoutSeconds", 30), 5, 3_600));

    /// <summary>
    /// Hangfire's client is synchronous. Sharing EF's connection pool, a job created during an enrollment rush blocked
    /// a thread waiting for a connection held by transactions queued on the cohort row, and the thread pool starved
    /// (7–15 s stalls, then pool-exhausted 500s). A different application name gives the job store a pool of its own.
    /// </summary>
    public static string JobsConnectionString(DatabaseProvider provider, string appConnectionString) => provider switch
    {
        DatabaseProvider.PostgreSql => new Npgsql.NpgsqlConnectionStringBuilder(appConnectionString) { ApplicationName = "TrainerAcademy.Jobs", MaxPoolSize = 20 }.ConnectionString,
        DatabaseProvider.SqlServer => new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(appConnectionString) { ApplicationName = "TrainerAcademy.Jobs", MaxPoolSize = 20 }.ConnectionString,
        _ => appConnectionString,
    };

    /// <summary>The SQLite job store is a file of its own beside the app's database, so job polling never waits on app writes.</summary>
    public static string JobsDatabasePath(string appConnectionString)
    {
        var path = Path.GetFullPath(new SqliteConnectionStringBuilder(appConnectionString).DataSource);
        return Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + "-jobs.db");
    }

    public static void MapAcademyJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/jobs", new DashboardOptions
        {
            DashboardTitle = "TrainerAcademy · 后台任务 Jobs",
            AppPath = "/",
            Authorization = [new AdminOnly()],
            AsyncAuthorization = [],
        }).RequireAuthorization(Policies.Admin);
    }

    /// <summary>The endpoint policy already demands an admin; this keeps the dashboard's own check in agreement.</summary>
    private sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
