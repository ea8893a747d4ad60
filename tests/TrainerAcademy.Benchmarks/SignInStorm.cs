using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace TrainerAcademy.Benchmarks;

/// <summary>
/// The sign-in storm before an exam window: N candidates sign in through <c>POST /api/auth/login</c> (Identity's
/// bearer-token sign-in, the password checked against its PBKDF2 hash) at an even rate over the given seconds, then a
/// closed loop finds the ceiling. Every sign-in is checked to have returned a token. The password hash is the cost, so
/// the process's CPU time per sign-in is reported beside the latencies.
/// </summary>
internal static class SignInStorm
{
    private const int CeilingSeconds = 10;
    private const int CeilingConnections = 32;

    public sealed record Phase(string Name, long Requests, double Seconds, double P50, double P95, double P99, double Max,
        IReadOnlyDictionary<string, long> Statuses, double CpuSeconds)
    {
        public double PerSecond => Requests / Seconds;

        public string StatusText => string.Join(", ", Statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value:N0}"));
    }

    public static async Task<(Phase Storm, Phase Ceiling)> RunAsync(IServiceProvider services, string baseUrl, int candidates, int seconds)
    {
        var accounts = await EnrollmentRush.MakeAccountsAsync(services, candidates + CeilingConnections);
        var emails = accounts.Select(a => a.Email!).ToList();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Min(candidates, ExamDay.MaxConnections) };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };

        // One sign-in first, so the storm does not time the JIT.
        await SignInAsync(client, emails[^1]);

        var latencies = new double[candidates];
        var statuses = new ConcurrentDictionary<string, long>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, candidates).Select(async i =>
        {
            var due = TimeSpan.FromSeconds(seconds * (double)i / candidates) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero) await Task.Delay(due);
            var t0 = Stopwatch.GetTimestamp();
            var status = await SignInAsync(client, emails[i]);
            latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        }));
        var storm = Summarize($"{candidates:N0} sign-ins spread over {seconds} s", latencies, statuses, Stopwatch.GetElapsedTime(started).TotalSeconds,
            (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);

        // The ceiling: a few connections signing in back to back, each as its own account in turn.
        var ceilingLatencies = new ConcurrentBag<double>();
        var ceilingStatuses = new ConcurrentDictionary<string, long>();
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(CeilingSeconds * (double)Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, CeilingConnections).Select(async c =>
        {
            var n = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var t0 = Stopwatch.GetTimestamp();
                var status = await SignInAsync(client, emails[(c * 7919 + n++) % candidates]);
                ceilingLatencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                ceilingStatuses.AddOrUpdate(status, 1, (_, k) => k + 1);
            }
        }));
        var ceiling = Summarize($"sign-ins back to back, {CeilingConnections} connections, {CeilingSeconds} s", [.. ceilingLatencies], ceilingStatuses,
            Stopwatch.GetElapsedTime(started).TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        return (storm, ceiling);
    }

    /// <summary>Signs in; "200" only when the answer carries a bearer token.</summary>
    private static async Task<string> SignInAsync(HttpClient client, string email)
    {
        try
        {
            using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = EnrollmentRush.LearnerPassword });
            if (!response.IsSuccessStatusCode) return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.TryGetProperty("accessToken", out var token) && token.GetString() is { Length: > 0 } ? "200" : "200 without a token";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "transport error";
        }
    }

    private static Phase Summarize(string name, IReadOnlyCollection<double> latencies, IReadOnlyDictionary<string, long> statuses, double seconds, double cpuSeconds)
    {
        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Phase(name, sorted.Length, seconds, P(0.50), P(0.95), P(0.99), sorted.LastOrDefault(), statuses.ToDictionary(), cpuSeconds);
    }

    public static bool Failed(Phase storm, Phase ceiling) => storm.Statuses.Keys.Concat(ceiling.Statuses.Keys).Any(k => k != "200");

    public static string Markdown(Phase storm, Phase ceiling, string settings, string command)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {ExamDay.Machine()}; the load generator shares the cores with the server.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Database: {settings}. The sign-in rate limit (10 a minute per client address) is lifted for the run: every request comes from 127.0.0.1.");
        sb.AppendLine();
        sb.AppendLine("```bash");
        sb.AppendLine(command);
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine("| phase | requests | per second | p50 ms | p95 ms | p99 ms | max ms | CPU-seconds of this process | CPU ms per sign-in | outcomes |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var p in new[] { storm, ceiling })
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {p.Name} | {p.Requests:N0} | {p.PerSecond:N1} | {p.P50:N1} | {p.P95:N1} | {p.P99:N1} | {p.Max:N0} | {p.CpuSeconds:N1} | {p.CpuSeconds * 1000 / Math.Max(1, p.Requests):N1} | {p.StatusText} |");
        return sb.ToString();
    }
}
