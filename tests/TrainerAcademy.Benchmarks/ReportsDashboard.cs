using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Attendance;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Reports;

namespace TrainerAcademy.Benchmarks;

/// <summary>
/// The reports dashboard on a platform of realistic size: 100,000 confirmed places over 24 months at 20 centers (400 cohorts,
/// two sessions each, two attendance marks a place), 50,000 released results (theory paper of 10 items and skill paper each),
/// certificates for those who passed and a payment per place. Seeded through the domain in batches, then each figure's
/// queries are timed through <see cref="ReportDashboard"/>: one cold run, then the median and the slowest of 5 warm runs,
/// for every center over 12 months and for one center over 12 months.
/// </summary>
internal static class ReportsDashboard
{
    public sealed record Timing(string Name, double ColdMs, double MedianMs, double MaxMs, string Figures);

    public static async Task<(IReadOnlyList<Timing> Timings, string Seeded, double SeedSeconds)> RunAsync(IServiceProvider services, int enrollments, int results)
    {
        var seed = Stopwatch.StartNew();
        var (seeded, center) = await SeedAsync(services, enrollments, results);
        var seedSeconds = seed.Elapsed.TotalSeconds;
        var months = Enumerable.Range(0, 12).Select(i => new ReportMonth(i, 2026, i + 1)).ToList();
        var all = new ReportFilter(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), null, null, null, null, months);
        var one = all with { CenterId = center };
        var timings = new List<Timing>();
        foreach (var (label, filter) in new[] { ("every center", all), ("one center", one) })
        {
            timings.Add(await TimeAsync(services, $"funnel (5 stages by month and by cohort), {label}", filter, async (d, f) =>
            {
                var r = await d.FunnelAsync(f);
                return $"{r.Total.At("enrolled"):N0} places, {r.Total.At("certified"):N0} certified";
            }));
            timings.Add(await TimeAsync(services, $"pass rates (month, level, center, work function, cohort), {label}", filter, async (d, f) =>
            {
                var r = await d.ResultsAsync(f);
                return $"{r.Total.Assessed:N0} results, {r.Total.Rate}% passed";
            }));
            timings.Add(await TimeAsync(services, $"revenue and refunds (month, center), {label}", filter, async (d, f) =>
            {
                var r = await d.MoneyAsync(f);
                return $"¥{r.Total.At("revenue"):N0} revenue, ¥{r.Total.At("refunds"):N0} refunds";
            }));
        }
        return (timings, seeded, seedSeconds);
    }

    private static async Task<Timing> TimeAsync(IServiceProvider services, string name, ReportFilter filter, Func<ReportDashboard, ReportFilter, Task<string>> run)
    {
        var runs = new List<double>();
        var figures = "";
        for (var i = 0; i < 6; i++)
        {
            using var scope = services.CreateScope();
            var dashboard = scope.ServiceProvider.GetRequiredService<ReportDashboard>();
            var t = Stopwatch.StartNew();
            figures = await run(dashboard, filter);
            runs.Add(t.Elapsed.TotalMilliseconds);
        }
        var warm = runs.Skip(1).Order().ToList();
        Console.WriteLine($"{name,-80} cold {runs[0],8:N0} ms  warm median {warm[2],8:N0} ms  max {warm[^1],8:N0} ms  {figures}");
        return new Timing(name, runs[0], warm[2], warm[^1], figures);
    }

    private static async Task<(string Text, int FirstCenter)> SeedAsync(IServiceProvider services, int enrollments, int results)
    {
        const int centers = 20, cohortsPerCenter = 20;
        var random = new Random(20261206);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var versions = await db.QuestionVersions.AsNoTracking().OrderBy(v => v.Id).Take(10).ToListAsync();
        var workFunctions = await db.WorkFunctions.AsNoTracking().Where(w => w.LowestLevel >= 4 && w.HighestLevel <= 4).Select(w => w.Code).ToListAsync();
        var blueprints = new Dictionary<int, ExamBlueprint>();
        foreach (var level in new[] { 4, 5 })
            blueprints[level] = await QuestionBankStore.NewestActiveBlueprintAsync(db, level) ?? throw new InvalidOperationException("no blueprint");
        var skill = new Dictionary<int, SkillBlueprint>();
        foreach (var level in new[] { 4, 5 })
            db.SkillBlueprints.Add(skill[level] = new SkillBlueprint(level, "基准 " + level, 60, 60m, [new SkillBlueprintLine(PracticalCategory.BusinessDataProcessing, 1, 100m)], now));
        await db.SaveChangesAsync();

        var cohorts = new List<(Cohort Cohort, int Level, int TheorySession, int PracticeSession)>();
        var sessions = new Dictionary<(int Center, int Level, int Month), ExamSession>();
        var firstCenter = 0;
        for (var c = 0; c < centers; c++)
        {
            var center = new TrainingCenter($"基准中心 {c + 1:D2}", (8000 + c).ToString(CultureInfo.InvariantCulture), "31", "上海", null);
            db.Centers.Add(center);
            await db.SaveChangesAsync();
            if (c == 0) firstCenter = center.Id;
            var venue = new Venue(center.Id, "主教室", 500, null);
            var instructor = new Instructor(center.Id, "讲师", 2, null);
            var courses = new[] { 4, 5 }.Select(l => new Course(center.Id, Course.AiTrainerOccupation, l, $"{l} 级周末班", 3, 7, 2600m, null, TheoryShareBand.Default)).ToList();
            db.AddRange(venue, instructor);
            db.AddRange(courses);
            await db.SaveChangesAsync();
            for (var k = 0; k < cohortsPerCenter; k++)
            {
                var course = courses[k % 2];
                var start = new DateOnly(2025, 1, 4).AddDays(7 * (k * 5 % 100));
                var cohort = new Cohort(course, start, WeekendPattern.Both, [TimeSlot.Parse("09:00-12:00")], 500, venue);
                cohort.Open();
                db.Cohorts.Add(cohort);
                await db.SaveChangesAsync();
                var theory = new CohortSession(cohort.Id, center.Id, new PlannedSession(1, start, new TimeOnly(8, 0), new TimeOnly(11, 0), SessionKind.Theory, venue.Id, instructor.Id));
                var practice = new CohortSession(cohort.Id, center.Id, new PlannedSession(2, start, new TimeOnly(12, 0), new TimeOnly(19, 0), SessionKind.Practice, venue.Id, instructor.Id));
                db.CohortSessions.AddRange(theory, practice);
                await db.SaveChangesAsync();
                cohorts.Add((cohort, course.Level, theory.Id, practice.Id));
            }
            for (var month = 0; month < 24; month++)
                foreach (var level in new[] { 4, 5 })
                {
                    var window = new DateTimeOffset(2025 + month / 12, month % 12 + 1, 20, 1, 0, 0, TimeSpan.Zero);
                    var session = new ExamSession(center.Id, level, blueprints[level].Id, $"L{level} {month}", ExamMode.Online, null, 5000, window, window.AddHours(3),
                        window.AddDays(-3), false, now, skill[level].Id);
                    db.ExamSessions.Add(session);
                    sessions[(center.Id, level, month)] = session;
                }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        var registered = 0;
        var serial = 0;
        for (var batch = 0; batch < enrollments; batch += 2000)
        {
            var users = new List<ApplicationUser>();
            var places = new List<(Enrollment Place, int Month, int Level, int TheorySession, int PracticeSession)>();
            for (var i = batch; i < Math.Min(enrollments, batch + 2000); i++)
            {
                var user = new ApplicationUser { UserName = $"bench-{i}@bench.local", Email = $"bench-{i}@bench.local", NormalizedUserName = $"BENCH-{i}@BENCH.LOCAL", NormalizedEmail = $"BENCH-{i}@BENCH.LOCAL", EmailConfirmed = true, CreatedAt = now };
                users.Add(user);
                var (cohort, level, theory, practice) = cohorts[i % cohorts.Count];
                var month = i % 24;
                var confirmedAt = new DateTimeOffset(2025 + month / 12, month % 12 + 1, 1 + i % 27, 2, 0, 0, TimeSpan.Zero);
                places.Add((Enrollment.WithSeat(cohort, user.Id, 2600m, confirmedAt, TimeSpan.FromMinutes(30), Funding.Online), month, level, theory, practice));
            }
            db.Users.AddRange(users);
            db.Enrollments.AddRange(places.Select(p => p.Place));
            await db.SaveChangesAsync();
            foreach (var (place, month, level, theory, practice) in places)
            {
                // 90% attend in full; the rest miss the practice day.
                var t = new AttendanceRecord(theory, place.CohortId, place.CenterId, place.Id, place.LearnerId);
                t.Mark(AttendanceStatus.Present, 0, 180, AttendanceSource.Roster, "bench", place.ConfirmedAt!.Value);
                var p = new AttendanceRecord(practice, place.CohortId, place.CenterId, place.Id, place.LearnerId);
                p.Mark(place.Id % 10 == 0 ? AttendanceStatus.Absent : AttendanceStatus.Present, 0, 420, AttendanceSource.Roster, "bench", place.ConfirmedAt!.Value);
                db.AttendanceRecords.AddRange(t, p);
                var payment = Payment.ForCheckout(place, $"cs_bench_{place.Id}", place.ConfirmedAt.Value);
                payment.MarkSucceeded($"pi_bench_{place.Id}", place.ConfirmedAt.Value);
                if (place.Id % 20 == 0) payment.RecordRefundedTotal(1300m);
                db.Payments.Add(payment);
                if (place.Id % 10 != 0 && registered < results)
                {
                    registered++;
                    var session = sessions[(place.CenterId, level, month)];
                    var registration = new ExamRegistration(session, place.LearnerId, $"B{++serial:D12}", new ApplicationDeclaration(null, null, false, false), "bench", now);
                    db.ExamRegistrations.Add(registration);
                    _pending.Add((registration, session, level));
                }
            }
            await db.SaveChangesAsync();
            foreach (var (registration, session, level) in _pending)
            {
                var items = Enumerable.Range(1, 10).Select(n => new AttemptItem(n, versions[n % versions.Count], workFunctions[n % workFunctions.Count], "0123", 10m)).ToList();
                var theoryAttempt = new ExamAttempt(registration, session, blueprints[level], 1, items, session.WindowStart);
                theoryAttempt.Submit(session.WindowStart.AddMinutes(50), automatic: false);
                var skillAttempt = new ExamAttempt(registration, session, skill[level], 1, [], session.WindowStart);
                skillAttempt.Submit(session.WindowStart.AddMinutes(55), automatic: false);
                db.ExamAttempts.AddRange(theoryAttempt, skillAttempt);
            }
            await db.SaveChangesAsync();
            _pending.Clear();
            db.ChangeTracker.Clear();
            if (batch % 20000 == 0) Console.WriteLine($"seeded {batch + 2000:N0} places");
        }

        // Grade in bulk: three in four pass both parts; the rest fail the skill part. Items: 7 of 10 right on a passing paper.
        var graded = AttemptStatus.Graded;
        await db.ExamAttempts.Where(a => a.Component == AssessmentComponent.Theory).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, graded).SetProperty(a => a.Score, 70m).SetProperty(a => a.Passed, true));
        await db.ExamAttempts.Where(a => a.Component == AssessmentComponent.Skill).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, graded)
            .SetProperty(a => a.Score, a => a.RegistrationId % 4 == 0 ? 40m : 80m).SetProperty(a => a.Passed, a => a.RegistrationId % 4 != 0));
        await db.AttemptItems.ExecuteUpdateAsync(s => s.SetProperty(i => i.Awarded, i => i.Position <= 7 ? 10m : 0m));
        var released = DateTimeOffset.UtcNow;
        foreach (var ((_, _, month), session) in sessions)
        {
            var at = session.WindowEnd.AddDays(2);
            await db.ExamSessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ResultsReleasedAt, at));
        }

        // Certificates for the passed results.
        var passed = await (from r in db.ExamRegistrations.AsNoTracking()
                            where r.Id % 4 != 0
                            join s in db.ExamSessions on r.SessionId equals s.Id
                            select new { r.Id, r.SessionId, s.CenterId, r.LearnerId, s.Level }).ToListAsync();
        foreach (var chunk in passed.Chunk(2000))
        {
            foreach (var r in chunk)
            {
                var number = $"S8000{r.CenterId % 100:D2}{r.CenterId:D6}26{r.Level}{r.Id:D6}";
                var facts = new CertificateFacts(number, "基准学员", "居民身份证", "110101199001011234", "人工智能训练师", null, r.Level, "级", "基准中心", new DateOnly(2026, 1, 1));
                db.Certificates.Add(new Certificate(r.Id, r.SessionId, r.CenterId, r.LearnerId, 1, facts, new VerificationCode(number, "k1", new byte[VerificationCode.SignatureLength]),
                    "bench.pdf", new string('0', 64), "seal", 1000, now));
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        _ = released;
        var counts = $"{await db.Enrollments.CountAsync():N0} places, {await db.AttendanceRecords.CountAsync():N0} attendance marks, {await db.ExamRegistrations.CountAsync():N0} results "
                     + $"({await db.ExamAttempts.CountAsync():N0} papers, {await db.AttemptItems.CountAsync():N0} theory items), {await db.Certificates.CountAsync():N0} certificates, "
                     + $"{await db.Payments.CountAsync():N0} payments at {centers} centers in {cohorts.Count} cohorts";
        Console.WriteLine(counts);
        return (counts, firstCenter);
    }

    private static readonly List<(ExamRegistration Registration, ExamSession Session, int Level)> _pending = [];

    public static string Markdown(IReadOnlyList<Timing> timings, string seeded, double seedSeconds, string settings, string command)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {ExamDay.Machine()}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Database: {settings}. Data: {seeded} (seeded in {seedSeconds:N0} s).");
        sb.AppendLine();
        sb.AppendLine("```bash");
        sb.AppendLine(command);
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine("| figure (12 months, 2026) | cold ms | warm median ms | warm max ms | answer |");
        sb.AppendLine("|---|---:|---:|---:|---|");
        foreach (var t in timings)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {t.Name} | {t.ColdMs:N0} | {t.MedianMs:N0} | {t.MaxMs:N0} | {t.Figures} |");
        return sb.ToString();
    }
}
