using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using TrainerAcademy.Benchmarks;
using TrainerAcademy.Data;
using TrainerAcademy.Testing;

// Catalog read benchmark: the real app on Kestrel over a catalog of realistic size, loaded from
// this process through loopback. Usage:
//   dotnet run -c Release --project tests/TrainerAcademy.Benchmarks -- [--seconds 10] [--connections 32]
//        [--scenario catalog|enroll|timetable|exam|signin|skill-scoring|certificates|reports] [--provider Sqlite|PostgreSql] [--pg "Host=127.0.0.1;Port=5432;Username=postgres"] [--write docs/performance.md]
//   exam: [--candidates 300] [--seconds 30] [--think-ms 1000] [--ramp 10] [--paper seeded|shanghai] [--prepare yes|no] [--generator process|inline]
//   signin: [--candidates 300] [--seconds 30]   (the sign-ins spread over the seconds, then 10 s back to back)
//   reports: [--enrollments 100000] [--results 50000]
//   charts: --charts docs/perf   (draws the SVG charts of docs/performance.md from the CSV results there)
//   certificates: [--certificates 1000] [--chromium 100] [--samples folder-for-one-PDF-of-each-kind]
namespace TrainerAcademy.Benchmarks
{
    internal static class CatalogBenchmark
    {
        public static async Task<int> Main(string[] args)
        {
            // The exam-day load generator, started by the benchmark as a process of its own.
            if (args is ["--drive", var planPath, var resultPath]) return await ExamDay.DriveMainAsync(planPath, resultPath);
            // The charts of docs/performance.md, drawn from the raw results in docs/perf.
            if (args is ["--charts", var chartFolder]) return PerfCharts.Render(chartFolder);
            var options = BenchOptions.Parse(args);
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
            if (options.Scenario == "skill-scoring")
            {
                var table = SkillScoring.Run(candidates: 1000, runs: 5);
                Console.WriteLine(table);
                if (options.WritePath is { } skillTarget) Report.WriteSection(skillTarget, "skill-scoring-bench", table);
                return 0;
            }
            if (options.Scenario == "timetable")
            {
                var table = TimetableYear.Run(runs: 20);
                Console.WriteLine(table);
                if (options.WritePath is { } timetableTarget) Report.WriteSection(timetableTarget, "timetable-bench", table);
                return 0;
            }

            var folder = Directory.CreateTempSubdirectory("academy-bench-").FullName;
            string connectionString;
            string? dropDatabase = null;
            if (options.Provider == DatabaseProvider.PostgreSql)
            {
                var name = "bench_" + Guid.NewGuid().ToString("N")[..10];
                await using (var admin = new NpgsqlConnection(options.Postgres))
                {
                    await admin.OpenAsync();
                    await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
                    await create.ExecuteNonQueryAsync();
                }
                connectionString = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = name, MaxPoolSize = 100 }.ConnectionString;
                dropDatabase = name;
            }
            else
            {
                connectionString = $"Data Source={Path.Combine(folder, "academy.db")}";
            }

            // The certificate run sets the app's clock past the results' posting instead of waiting for it.
            var clock = options.Scenario == "certificates" ? new TestClock(CertificateIssuance.ClockStart) : null;
            // The root factory stays referenced: its finalizer would dispose the derived one (and the app) during a long run.
            await using var root = new WebApplicationFactory<global::Program>();
            await using var factory = root.WithWebHostBuilder(b =>
            {
                b.UseSolutionRelativeContentRoot("src/TrainerAcademy.Web");
                b.UseEnvironment("Production");
                // Production requires its public address and answers only its hosts; the load generator calls 127.0.0.1.
                b.UseSetting("App:PublicBaseUrl", "https://academy.bench.local");
                b.UseSetting("AllowedHosts", "127.0.0.1");
                b.UseSetting("Database:Provider", options.Provider.ToString());
                b.UseSetting("ConnectionStrings:Academy", connectionString);
                // The reports scenario seeds its own platform of known size; the demo data would only add to it.
                b.UseSetting("Demo:Seed", options.Scenario == "reports" ? "false" : "true");
                b.UseSetting("Hangfire:Server", "false");
                b.UseSetting("Logging:LogLevel:Default", "Warning");
                b.UseSetting("Documents:Root", Path.Combine(folder, "documents"));
                // The sign-in storm comes from one address; the limit of 10 sign-ins a minute per address would refuse it.
                if (options.Scenario == "signin") b.UseSetting("RateLimits:AuthPermitsPerMinute", "10000000");
                b.ConfigureServices(s => s.AddSingleton<IStartupFilter, BareEndpoint>());
                if (clock is not null)
                    b.ConfigureTestServices(s =>
                    {
                        s.RemoveAll<TimeProvider>();
                        s.AddSingleton<TimeProvider>(clock);
                    });
            });
            factory.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
            factory.StartServer();
            var baseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
                .Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1");

            if (options.Scenario == "certificates")
            {
                var outcome = await CertificateIssuance.RunAsync(factory.Services, clock!, options.Provider, options.Certificates, options.ChromiumCertificates, options.Samples);
                var certificateReport = CertificateIssuance.Markdown(outcome, options.Certificates, Command(args));
                Console.WriteLine(certificateReport);
                if (options.WritePath is { } certificateTarget) Report.WriteSection(certificateTarget, "certificate-bench:" + options.Provider, certificateReport);
                await DropAsync();
                return outcome.Issue.Holds ? 0 : 1;
            }

            if (options.Scenario == "reports")
            {
                var (timings, seeded, seedSeconds) = await ReportsDashboard.RunAsync(factory.Services, options.Enrollments, options.Results);
                var reportsReport = ReportsDashboard.Markdown(timings, seeded, seedSeconds, await ExamDay.SettingsAsync(factory.Services, options.Provider), Command(args));
                Console.WriteLine(reportsReport);
                if (options.WritePath is { } reportsTarget) Report.WriteSection(reportsTarget, "reports-bench:" + options.Provider, reportsReport);
                await DropAsync();
                return 0;
            }

            if (options.Scenario == "enroll")
            {
                var rush = await EnrollmentRush.RunAsync(factory.Services, baseUrl, learners: 1000, options.Connections);
                foreach (var r in rush)
                    Console.WriteLine($"{r.Name,-42} {r.RequestsPerSecond,8:N0} req/s  p50 {r.P50,6:N1} ms  p99 {r.P99,6:N1} ms  201 {r.Created}  409 {r.Conflicts}  other {r.Other}  {r.Invariant}");
                var rushReport = EnrollmentRush.Markdown(options, rush);
                if (options.WritePath is { } rushTarget) Report.WriteSection(rushTarget, "enroll-bench:" + options.Provider, rushReport);
                await DropAsync();
                return rush.All(r => r.Other == 0 && r.Invariant.StartsWith("seats", StringComparison.Ordinal)) ? 0 : 1;
            }

            if (options.Scenario == "signin")
            {
                var (storm, ceiling) = await SignInStorm.RunAsync(factory.Services, baseUrl, options.Candidates, options.Seconds);
                var signInReport = SignInStorm.Markdown(storm, ceiling, await ExamDay.SettingsAsync(factory.Services, options.Provider), Command(args));
                Console.WriteLine(signInReport);
                if (options.WritePath is { } signInTarget) Report.WriteSection(signInTarget, "signin-bench:" + options.Provider, signInReport);
                await DropAsync();
                return SignInStorm.Failed(storm, ceiling) ? 1 : 0;
            }

            if (options.Scenario == "exam")
            {
                var exam = await ExamDay.RunAsync(factory.Services, baseUrl, options.Provider, options.Candidates, options.Seconds, options.ThinkMs, options.RampSeconds, options.Paper, options.Prepare, options.Generator);
                foreach (var (_, p) in exam.Phases)
                    Console.WriteLine($"{p.Name,-52} {p.PerSecond,9:N0}/s  p50 {p.P50,7:N1}  p95 {p.P95,7:N1}  p99 {p.P99,7:N1}  max {p.Max,7:N0} ms  server {p.ServerPeakMiB,5:N0} MiB  {p.StatusText}");
                Console.WriteLine(exam.Invariant);
                Console.WriteLine(exam.OtherCpu);
                Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB");
                var measuredAt = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();
                var examReport = ExamDay.Markdown(options, exam, Command(args), measuredAt);
                if (options.WritePath is { } examTarget)
                {
                    Report.WriteSection(examTarget, "exam-bench:" + options.Provider, examReport);
                    PerfCharts.AppendExamDay(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(examTarget))!, "perf"), options, exam, Command(args), measuredAt);
                }
                await DropAsync();
                return exam.Failed ? 1 : 0;
            }

            await CatalogData.GrowAsync(factory.Services, centers: 20, coursesPerCenter: 6, cohortsPerCourse: 8);

            var scenarios = new (string Name, string Path)[]
            {
                ("B0 bare endpoint (no database)", "/bench/bare"),
                ("GET /api/courses (all, 123 courses)", "/api/courses"),
                ("GET /api/cohorts?level=4", "/api/cohorts?level=4"),
                ("GET /api/cohorts (all open, ~960)", "/api/cohorts"),
                ("GET /catalog (Razor page)", "/catalog"),
            };

            var results = new List<LoadResult>();
            foreach (var (name, path) in scenarios)
            {
                await LoadGenerator.RunAsync(baseUrl, path, options.Connections, TimeSpan.FromSeconds(2)); // warm-up
                var result = await LoadGenerator.RunAsync(baseUrl, path, options.Connections, TimeSpan.FromSeconds(options.Seconds));
                results.Add(result with { Name = name });
                Console.WriteLine($"{name,-42} {result.RequestsPerSecond,10:N0} req/s  p50 {result.P50,6:N1} ms  p95 {result.P95,6:N1} ms  p99 {result.P99,6:N1} ms  errors {result.Errors}");
            }

            var report = Report.Markdown(options, results);
            Console.WriteLine();
            Console.WriteLine(report);
            if (options.WritePath is { } target) Report.WriteSection(target, "catalog-bench:" + options.Provider, report);
            await DropAsync();
            return 0;

            static string Command(string[] args) => "dotnet run -c Release --project tests/TrainerAcademy.Benchmarks --" + string.Concat(args.Select(a =>
                " " + (a.Any(c => char.IsWhiteSpace(c) || c is ';' or '"' or '\'' or '$') ? "\"" + a.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : a)));

            async Task DropAsync()
            {
                await factory.DisposeAsync();
                if (dropDatabase is not null)
                {
                    NpgsqlConnection.ClearAllPools();
                    await using var admin = new NpgsqlConnection(options.Postgres);
                    await admin.OpenAsync();
                    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {dropDatabase} WITH (FORCE)", admin);
                    await drop.ExecuteNonQueryAsync();
                }
                try { Directory.Delete(folder, true); } catch (IOException) { }
            }
        }
    }

    internal sealed record BenchOptions(int Seconds, int Connections, DatabaseProvider Provider, string Postgres, string? WritePath, string Scenario,
        int Candidates, int ThinkMs, int Certificates, int ChromiumCertificates, string? Samples, int Enrollments = 100_000, int Results = 50_000,
        int RampSeconds = 10, string Paper = "seeded", bool Prepare = true, string Generator = "process")
    {
        public static BenchOptions Parse(string[] args)
        {
            string? Get(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            var scenario = Get("--scenario") ?? "catalog";
            return new BenchOptions(
                int.Parse(Get("--seconds") ?? (scenario == "exam" ? "30" : "10"), CultureInfo.InvariantCulture),
                int.Parse(Get("--connections") ?? "32", CultureInfo.InvariantCulture),
                Enum.Parse<DatabaseProvider>(Get("--provider") ?? "Sqlite", ignoreCase: true),
                Get("--pg") ?? Environment.GetEnvironmentVariable("TEST_POSTGRES") ?? "Host=127.0.0.1;Username=postgres",
                Get("--write"),
                scenario,
                int.Parse(Get("--candidates") ?? "300", CultureInfo.InvariantCulture),
                int.Parse(Get("--think-ms") ?? "1000", CultureInfo.InvariantCulture),
                int.Parse(Get("--certificates") ?? "1000", CultureInfo.InvariantCulture),
                int.Parse(Get("--chromium") ?? "100", CultureInfo.InvariantCulture),
                Get("--samples"),
                int.Parse(Get("--enrollments") ?? "100000", CultureInfo.InvariantCulture),
                int.Parse(Get("--results") ?? "50000", CultureInfo.InvariantCulture),
                int.Parse(Get("--ramp") ?? "10", CultureInfo.InvariantCulture),
                Get("--paper") ?? "seeded",
                Get("--prepare") is not "no",
                Get("--generator") ?? "process");
        }
    }

    /// <summary>
    /// The baselines, at the front of the same pipeline: B0 (<c>/bench/bare</c>) is what this machine serves with no
    /// database and no page; B1 (<c>POST /bench/insert</c>) authenticates the bearer token with the app's own scheme and
    /// writes one row in a transaction of its own through the app's DbContext and pool, as the bare insert loop does.
    /// </summary>
    internal sealed class BareEndpoint : IStartupFilter
    {
        private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"ok\":true}");

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/bench/bare", b => b.Run(ctx =>
            {
                ctx.Response.ContentType = "application/json";
                return ctx.Response.Body.WriteAsync(Body).AsTask();
            }));
            app.Map("/bench/insert", b => b.Run(async ctx =>
            {
                var auth = await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.AuthenticateAsync(ctx);
                if (!auth.Succeeded)
                {
                    ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                await ExamDay.InsertOneAsync(ctx.RequestServices.GetRequiredService<AcademyDbContext>(), ctx.RequestServices.GetRequiredService<TimeProvider>(), 0);
                ctx.Response.ContentType = "application/json";
                await ctx.Response.Body.WriteAsync(Body);
            }));
            next(app);
        };
    }

    internal sealed record LoadResult(string Name, long Requests, long Errors, double Seconds, double P50, double P95, double P99, double Max)
    {
        public double RequestsPerSecond => Requests / Seconds;
    }

    internal static class LoadGenerator
    {
        /// <summary>Closed loop: each connection sends its next request when the last one is answered, until the time is up.</summary>
        public static async Task<LoadResult> RunAsync(string baseUrl, string path, int connections, TimeSpan duration, string? bearer = null)
        {
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
            using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
            var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var started = Stopwatch.GetTimestamp();
            var workers = Enumerable.Range(0, connections).Select(async _ =>
            {
                var latencies = new List<double>(4096);
                long errors = 0;
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        // With a bearer token the request is a POST that carries it (the write baseline), otherwise a plain GET.
                        using var request = new HttpRequestMessage(bearer is null ? HttpMethod.Get : HttpMethod.Post, path);
                        if (bearer is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
                        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                        if (!response.IsSuccessStatusCode) errors++;
                    }
                    catch (HttpRequestException) { errors++; }
                    latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
                return (latencies, errors);
            }).ToArray();
            var done = await Task.WhenAll(workers);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var all = done.SelectMany(d => d.latencies).Order().ToArray();
            double P(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
            return new LoadResult(path, all.Length, done.Sum(d => d.errors), elapsed, P(0.50), P(0.95), P(0.99), all.LastOrDefault());
        }
    }
}
