using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Benchmarks;

/// <summary>
/// The enrollment rush of the issue: many learners enroll at the same moment. Learner accounts and their bearer
/// tokens are made directly (hashing 1,000 passwords would measure PBKDF2, not enrollment).
/// </summary>
internal static class EnrollmentRush
{
    public sealed record RushResult(string Name, int Requests, int Created, int Conflicts, int Other, double Seconds, double P50, double P95, double P99, double Max, string Invariant)
    {
        public double RequestsPerSecond => Requests / Seconds;
    }

    public static async Task<List<RushResult>> RunAsync(IServiceProvider services, string baseUrl, int learners, int connections)
    {
        var tokens = (await MakeLearnersAsync(services, learners)).Select(l => l.Token).ToList();
        var results = new List<RushResult>();

        // A server that has served nothing yet would have the first requests of the rush wait for the JIT and for EF's
        // first query compilations, which is not what a rush on a running platform meets: an unmeasured rush of 500
        // other learners on 10 cohorts of 15 takes both paths (a seat, a full cohort) first, then the process settles.
        var warmTokens = (await MakeLearnersAsync(services, 500)).Select(l => l.Token).ToList();
        var warm = await MakeCohortsAsync(services, count: 10, capacity: 15);
        await RushAsync(services, baseUrl, "warm-up", warmTokens, i => warm[i % warm.Count], connections);
        await CertificateIssuance.SettleAsync();

        var one = await MakeCohortsAsync(services, count: 1, capacity: 30);
        results.Add(await RushAsync(services, baseUrl, $"{learners:N0} learners, 1 cohort of 30 seats", tokens, i => one[0], connections));

        var fifty = await MakeCohortsAsync(services, count: 50, capacity: 15);
        results.Add(await RushAsync(services, baseUrl, $"{learners:N0} learners, 50 cohorts of 15 seats", tokens, i => fifty[i % fifty.Count], connections));
        return results;
    }

    private static async Task<RushResult> RushAsync(IServiceProvider services, string baseUrl, string name, IReadOnlyList<string> tokens, Func<int, int> cohortOf, int connections)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var latencies = new double[tokens.Count];
        var statuses = new HttpStatusCode[tokens.Count];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, connections).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < tokens.Count)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cohorts/{cohortOf(i)}/enrollments")
                {
                    Content = new StringContent("{\"joinWaitlist\":false}", Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
                var t0 = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                statuses[i] = response.StatusCode;
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

        return new RushResult(name, tokens.Count,
            statuses.Count(s => s == HttpStatusCode.Created), statuses.Count(s => s == HttpStatusCode.Conflict),
            statuses.Count(s => s is not (HttpStatusCode.Created or HttpStatusCode.Conflict)),
            seconds, P(0.5), P(0.95), P(0.99), sorted[^1], await CheckSeatsAsync(services));
    }

    /// <summary>Every cohort's seat count equals its seat-holding places and never passes its capacity.</summary>
    private static async Task<string> CheckSeatsAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var rows = await db.Cohorts.AsNoTracking().Select(c => new
        {
            c.SeatsTaken,
            c.Capacity,
            Held = db.Enrollments.Count(e => e.CohortId == c.Id && (e.Status == EnrollmentStatus.PendingPayment || e.Status == EnrollmentStatus.Confirmed)),
        }).ToListAsync();
        var bad = rows.Count(r => r.SeatsTaken != r.Held || r.SeatsTaken > r.Capacity);
        return bad == 0 ? "seats = places held ≤ capacity in every cohort" : $"{bad} cohorts INCONSISTENT";
    }

    /// <summary>The password of every learner the benchmarks make.</summary>
    public const string LearnerPassword = "bench-learner-password";

    public static async Task<List<(string UserId, string Token)>> MakeLearnersAsync(IServiceProvider services, int count)
    {
        var users = await MakeAccountsAsync(services, count);
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var signIn = sp.GetRequiredService<SignInManager<ApplicationUser>>();
        var bearer = sp.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var tokens = new List<(string UserId, string Token)>(count);
        foreach (var user in users)
        {
            var principal = await signIn.CreateUserPrincipalAsync(user);
            var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, IdentityConstants.BearerScheme);
            tokens.Add((user.Id, bearer.BearerTokenProtector.Protect(ticket)));
        }
        return tokens;
    }

    /// <summary>Learner accounts with confirmed e-mail addresses and <see cref="LearnerPassword"/>, written in one go.</summary>
    public static async Task<List<ApplicationUser>> MakeAccountsAsync(IServiceProvider services, int count)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AcademyDbContext>();
        var hash = new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), LearnerPassword);
        var roleId = await db.Roles.Where(r => r.Name == Roles.Learner).Select(r => r.Id).SingleAsync();
        var users = Enumerable.Range(0, count).Select(i =>
        {
            var email = $"rush-{i:D5}-{Guid.NewGuid():N}@bench.local";
            return new ApplicationUser
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, PasswordHash = hash, SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAt = DateTimeOffset.UtcNow,
            };
        }).ToList();
        db.Users.AddRange(users);
        db.UserRoles.AddRange(users.Select(u => new IdentityUserRole<string> { UserId = u.Id, RoleId = roleId }));
        await db.SaveChangesAsync();
        return users;
    }

    private static async Task<List<int>> MakeCohortsAsync(IServiceProvider services, int count, int capacity)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var center = new TrainingCenter($"抢报测试中心 {Guid.NewGuid():N}"[..12], Random.Shared.Next(2000, 8999).ToString(CultureInfo.InvariantCulture), "31", "上海", null);
        db.Centers.Add(center);
        await db.SaveChangesAsync();
        var course = new Course(center.Id, Course.AiTrainerOccupation, 4, "抢报测试课程", 15, 35, 3200m, null, TheoryShareBand.Default);
        db.Courses.Add(course);
        await db.SaveChangesAsync();
        var saturday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);
        while (saturday.DayOfWeek != DayOfWeek.Saturday) saturday = saturday.AddDays(1);
        var cohorts = Enumerable.Range(0, count).Select(i =>
        {
            var c = new Cohort(course, saturday.AddDays(7 * (i % 20)), WeekendPattern.Both, [TimeSlot.Parse("09:00-12:00")], capacity, null);
            c.Open();
            return c;
        }).ToList();
        db.Cohorts.AddRange(cohorts);
        await db.SaveChangesAsync();
        return cohorts.Select(c => c.Id).ToList();
    }

    public static string Markdown(BenchOptions options, IReadOnlyList<RushResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores; provider {options.Provider}; {options.Connections} connections sending every learner's POST /api/cohorts/{{id}}/enrollments once, as fast as answered.");
        sb.AppendLine();
        sb.AppendLine("| rush | requests/s | p50 ms | p95 ms | p99 ms | max ms | 201 | 409 | other | after the rush |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.RequestsPerSecond:N0} | {r.P50:N1} | {r.P95:N1} | {r.P99:N1} | {r.Max:N0} | {r.Created} | {r.Conflicts} | {r.Other} | {r.Invariant} |");
        return sb.ToString();
    }
}
