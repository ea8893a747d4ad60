using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Attendance;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Tests.Reports;

/// <summary>
/// A data set whose every report figure is known: two centers (X and Y), written straight through the domain in January to
/// March of a year no other test touches, with places confirmed, attendance taken, results released, certificates issued
/// and payments received in known numbers. The expected figures are spelled out beside the rows that make them.
/// </summary>
public sealed class ReportDataSet
{
    public required int CenterX { get; init; }
    public required int CenterY { get; init; }
    public required int CohortX4 { get; init; }
    public required int CohortX5 { get; init; }
    public required int CohortY4 { get; init; }
    public required string WorkFunctionA { get; init; }
    public required string WorkFunctionB { get; init; }
    public required int Year { get; init; }

    public DateOnly From => new(Year, 1, 1);
    public DateOnly To => new(Year, 3, 31);

    private static int _years = 2030;

    /// <summary>When the data set's records say they were written: no figure counts it, and it is fixed, not the machine's clock.</summary>
    private static readonly DateTimeOffset Recorded = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Moments in Beijing time (stored in UTC).</summary>
    private static DateTimeOffset Beijing(int year, int month, int day, int hour = 10) => new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    public static async Task<ReportDataSet> CreateAsync(IServiceProvider services, DatabaseProvider provider)
    {
        // Each data set has a year of its own, so two test classes sharing a database never count each other's rows.
        var year = Interlocked.Increment(ref _years) + (provider == DatabaseProvider.PostgreSql ? 20 : 0);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var now = Beijing(year, 1, 1);

        var x = new TrainingCenter("报表中心 X" + year, OrganisationCode(), "31", "上海", null);
        var y = new TrainingCenter("报表中心 Y" + year, OrganisationCode(), "31", "上海", null);
        db.Centers.AddRange(x, y);
        await db.SaveChangesAsync();
        var workFunctions = await db.WorkFunctions.AsNoTracking().Where(w => w.LowestLevel >= 4 && w.HighestLevel <= 4).OrderBy(w => w.Code).Select(w => w.Code).Take(2).ToListAsync();
        var version = await db.QuestionVersions.AsNoTracking().OrderBy(v => v.Id).Select(v => v.Id).FirstAsync();
        var skillBlueprints = new[] { 4, 5 }.ToDictionary(level => level,
            level => new SkillBlueprint(level, "报表测试 " + year, 60, 60m, [new SkillBlueprintLine(PracticalCategory.BusinessDataProcessing, 1, 100m)], now));
        db.SkillBlueprints.AddRange(skillBlueprints.Values);
        await db.SaveChangesAsync();

        var set = new ReportDataSet
        {
            CenterX = x.Id, CenterY = y.Id, Year = year, WorkFunctionA = workFunctions[0], WorkFunctionB = workFunctions[1],
            CohortX4 = 0, CohortX5 = 0, CohortY4 = 0,
        };
        var builder = new Builder(db, year, version, skillBlueprints.ToDictionary(b => b.Key, b => b.Value.Id), set.WorkFunctionA, set.WorkFunctionB);
        var cx4 = await builder.CohortAsync(x.Id, 4);
        var cx5 = await builder.CohortAsync(x.Id, 5);
        var cy4 = await builder.CohortAsync(y.Id, 4);
        var examX4 = await builder.ExamSessionAsync(x.Id, 4, Beijing(year, 2, 10));
        var examX4March = await builder.ExamSessionAsync(x.Id, 4, Beijing(year, 3, 12));
        var examX5 = await builder.ExamSessionAsync(x.Id, 5, Beijing(year, 2, 11));
        var examY4 = await builder.ExamSessionAsync(y.Id, 4, Beijing(year, 2, 12));

        // Center X, level 4: 15 places confirmed (10 in January, 4 in February, 1 in March) and two that never were.
        var p = new int[16];
        for (var i = 1; i <= 15; i++)
        {
            var confirmed = i <= 10 ? Beijing(year, 1, i) : i <= 14 ? Beijing(year, 2, i) : Beijing(year, 3, 3);
            // p15 is free; p11–p14 paid by bank transfer recorded offline; the rest online.
            p[i] = await builder.PlaceAsync(cx4, confirmed, price: i == 15 ? 0m : 2600m, funding: i is >= 11 and <= 14 ? Funding.Offline : Funding.Online);
        }
        await builder.UnconfirmedPlacesAsync(cx4, Beijing(year, 1, 20));

        // Attendance: 180 theory and 420 practice minutes; complete at 90% of each (162 and 378).
        foreach (var i in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 15 }) await builder.AttendAsync(p[i], AttendanceStatus.Present, 0, AttendanceStatus.Present);
        await builder.AttendAsync(p[9], AttendanceStatus.Late, 18, AttendanceStatus.Present);   // 162 of 180: exactly 90%, complete
        await builder.AttendAsync(p[10], AttendanceStatus.Late, 19, AttendanceStatus.Present);  // 161: not complete
        await builder.AttendAsync(p[11], AttendanceStatus.Present, 0, AttendanceStatus.Absent); // no practice: not complete
        await builder.AttendAsync(p[12], AttendanceStatus.Present, 0, AttendanceStatus.Present, theoryInCancelledSessionOnly: true); // not complete

        // Results, level 4 at center X, released in February: p1–p4 pass, p5 fails the skill part, p6 fails theory and has no skill
        // score, p7 has theory only (pending, not a result), p10 passes (not complete, so outside the funnel); p13 passes in March.
        // Theory items: work function A and B one point each; (A, B) awarded as listed.
        await builder.ResultAsync(examX4, p[1], 80, 70, (1, 1));
        await builder.ResultAsync(examX4, p[2], 80, 70, (1, 1));
        await builder.ResultAsync(examX4, p[3], 80, 70, (1, 1));
        await builder.ResultAsync(examX4, p[4], 80, 70, (1, 1));
        await builder.ResultAsync(examX4, p[5], 80, 40, (1, 0));
        await builder.ResultAsync(examX4, p[6], 30, null, (1, 0));
        await builder.ResultAsync(examX4, p[7], 90, null, (1, 1), releasedAndGraded: true);
        await builder.ResultAsync(examX4, p[10], 75, 75, (1, 1));
        await builder.ResultAsync(examX4March, p[13], 75, 75, (0, 1));
        await builder.ReleaseAsync(examX4, Beijing(year, 2, 20));
        await builder.ReleaseAsync(examX4March, Beijing(year, 3, 20));

        // Certificates: p1–p3 and p13 valid; p4's was revoked.
        foreach (var i in new[] { 1, 2, 3, 13 }) await builder.CertificateAsync(p[i], 4, CertificateStatus.Valid);
        await builder.CertificateAsync(p[4], 4, CertificateStatus.Revoked);

        // Money at center X: p1–p10 paid 2,600 online in January, p10 then refunded 1,300; p11–p14 paid 2,600 offline in February;
        // a mismatched payment of 500 and a pending checkout in January count for nothing.
        for (var i = 1; i <= 10; i++) await builder.PaymentAsync(p[i], 2600m, Beijing(year, 1, i, 11), refunded: i == 10 ? 1300m : 0m);
        for (var i = 11; i <= 14; i++) await builder.PaymentAsync(p[i], 2600m, Beijing(year, 2, i, 11), offline: true);
        await builder.OddPaymentsAsync(p[1], Beijing(year, 1, 25));

        // Center X, level 5: three places in January, all complete; q1 passed in February and holds a certificate.
        var q = new int[4];
        for (var i = 1; i <= 3; i++)
        {
            q[i] = await builder.PlaceAsync(cx5, Beijing(year, 1, 10 + i), 0m, Funding.Free);
            await builder.AttendAsync(q[i], AttendanceStatus.Present, 0, AttendanceStatus.Present);
        }
        await builder.ResultAsync(examX5, q[1], 90, 90, (1, 1));
        await builder.ReleaseAsync(examX5, Beijing(year, 2, 21));
        await builder.CertificateAsync(q[1], 5, CertificateStatus.Valid);

        // Center Y, level 4: two places in January, both complete; r1 passed in February, certified, and paid 3,000 in January.
        var r1 = await builder.PlaceAsync(cy4, Beijing(year, 1, 5), 3000m, Funding.Online);
        var r2 = await builder.PlaceAsync(cy4, Beijing(year, 1, 6), 0m, Funding.Free);
        await builder.AttendAsync(r1, AttendanceStatus.Present, 0, AttendanceStatus.Present);
        await builder.AttendAsync(r2, AttendanceStatus.Present, 0, AttendanceStatus.Present);
        await builder.ResultAsync(examY4, r1, 88, 77, (1, 1));
        await builder.ReleaseAsync(examY4, Beijing(year, 2, 22));
        await builder.CertificateAsync(r1, 4, CertificateStatus.Valid);
        await builder.PaymentAsync(r1, 3000m, Beijing(year, 1, 5, 11));

        return new ReportDataSet
        {
            CenterX = x.Id, CenterY = y.Id, Year = year, WorkFunctionA = set.WorkFunctionA, WorkFunctionB = set.WorkFunctionB,
            CohortX4 = cx4.CohortId, CohortX5 = cx5.CohortId, CohortY4 = cy4.CohortId,
        };
    }

    private static int _codes = 7000 + Random.Shared.Next(500);

    private static string OrganisationCode() => Interlocked.Increment(ref _codes).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record CohortSetup(int CohortId, int CenterId, int TheorySession, int PracticeSession, int CancelledTheorySession, Cohort Cohort);

    private sealed class Builder(AcademyDbContext db, int year, int questionVersionId, Dictionary<int, int> skillBlueprintIds, string workFunctionA, string workFunctionB)
    {
        private int _serial;
        private readonly Dictionary<int, (string LearnerId, int CenterId, int CohortId)> _places = [];

        public async Task<CohortSetup> CohortAsync(int centerId, int level)
        {
            var venue = new Venue(centerId, $"R{level}-{Guid.NewGuid():N}"[..12], 100, null);
            var instructor = new Instructor(centerId, "报表讲师", 2, null);
            var course = new Course(centerId, Course.AiTrainerOccupation, level, $"{level} 级报表课程", 3, 7, 2600m, null, TheoryShareBand.Default);
            db.AddRange(venue, instructor, course);
            await db.SaveChangesAsync();
            var start = new DateOnly(year, 1, 4);
            while (start.DayOfWeek != DayOfWeek.Saturday) start = start.AddDays(1);
            var cohort = new Cohort(course, start, WeekendPattern.Both, [TimeSlot.Parse("09:00-12:00")], 100, venue);
            cohort.Open();
            db.Cohorts.Add(cohort);
            await db.SaveChangesAsync();
            CohortSession Session(int sequence, SessionKind kind, int startHour, int minutes) =>
                new(cohort.Id, centerId, new PlannedSession(sequence, start, new TimeOnly(startHour, 0), new TimeOnly(startHour, 0).AddMinutes(minutes), kind, venue.Id, instructor.Id));
            var theory = Session(1, SessionKind.Theory, 8, 180);
            var practice = Session(2, SessionKind.Practice, 12, 420);
            var cancelled = Session(3, SessionKind.Theory, 8, 180);
            cancelled.Cancel();
            db.CohortSessions.AddRange(theory, practice, cancelled);
            await db.SaveChangesAsync();
            return new CohortSetup(cohort.Id, centerId, theory.Id, practice.Id, cancelled.Id, cohort);
        }

        private async Task<string> LearnerAsync()
        {
            var user = new ApplicationUser
            {
                UserName = $"report-{Guid.NewGuid():N}@test.local", Email = $"report-{Guid.NewGuid():N}@test.local", EmailConfirmed = true,
                DisplayName = "学员" + ++_serial, CreatedAt = Recorded,
            };
            user.NormalizedUserName = user.UserName!.ToUpperInvariant();
            user.NormalizedEmail = user.Email!.ToUpperInvariant();
            db.Users.Add(user);
            await db.SaveChangesAsync();
            return user.Id;
        }

        public async Task<int> PlaceAsync(CohortSetup cohort, DateTimeOffset confirmedAt, decimal price, Funding funding)
        {
            var learner = await LearnerAsync();
            var place = Enrollment.WithSeat(cohort.Cohort, learner, price, confirmedAt, TimeSpan.FromMinutes(30), price == 0 ? null : funding);
            db.Enrollments.Add(place);
            await db.SaveChangesAsync();
            _places[place.Id] = (learner, cohort.CenterId, cohort.CohortId);
            _sessions[place.Id] = cohort;
            return place.Id;
        }

        private readonly Dictionary<int, CohortSetup> _sessions = [];

        /// <summary>A place held for payment and a waitlisted one: neither is confirmed, so neither is enrolled.</summary>
        public async Task UnconfirmedPlacesAsync(CohortSetup cohort, DateTimeOffset at)
        {
            db.Enrollments.Add(Enrollment.WithSeat(cohort.Cohort, await LearnerAsync(), 2600m, at, TimeSpan.FromMinutes(30)));
            db.Enrollments.Add(Enrollment.OnWaitlist(cohort.Cohort, await LearnerAsync(), 2600m, at));
            await db.SaveChangesAsync();
        }

        public async Task AttendAsync(int enrollmentId, AttendanceStatus theory, int theoryMissed, AttendanceStatus practice, bool theoryInCancelledSessionOnly = false)
        {
            var cohort = _sessions[enrollmentId];
            var (learner, center, cohortId) = _places[enrollmentId];
            var t = new AttendanceRecord(theoryInCancelledSessionOnly ? cohort.CancelledTheorySession : cohort.TheorySession, cohortId, center, enrollmentId, learner);
            t.Mark(theory, theoryMissed, 180, AttendanceSource.Roster, "test", Recorded);
            var p = new AttendanceRecord(cohort.PracticeSession, cohortId, center, enrollmentId, learner);
            p.Mark(practice, 0, 420, AttendanceSource.Roster, "test", Recorded);
            db.AttendanceRecords.AddRange(t, p);
            await db.SaveChangesAsync();
        }

        public async Task<ExamSession> ExamSessionAsync(int centerId, int level, DateTimeOffset window)
        {
            var blueprint = await QuestionBankStore.NewestActiveBlueprintAsync(db, level) ?? throw new InvalidOperationException($"no level-{level} blueprint");
            var session = new ExamSession(centerId, level, blueprint.Id, $"报表考试 L{level}", ExamMode.Online, null, 500, window, window.AddHours(3),
                window.AddDays(-3), false, window.AddDays(-30), skillBlueprintIds[level]);
            db.ExamSessions.Add(session);
            await db.SaveChangesAsync();
            return session;
        }

        /// <summary>A registration with its theory paper (two one-point items, work functions A and B) and skill paper graded at these scores.</summary>
        public async Task ResultAsync(ExamSession session, int enrollmentId, decimal theory, decimal? skill, (int A, int B) awarded, bool releasedAndGraded = false)
        {
            var (learner, _, _) = _places[enrollmentId];
            var registration = new ExamRegistration(session, learner, $"R{year % 100}{session.Id:D5}{++_serial:D5}", new ApplicationDeclaration(null, null, false, false), "test",
                session.WindowStart.AddDays(-10));
            db.ExamRegistrations.Add(registration);
            await db.SaveChangesAsync();
            var bp = await db.ExamBlueprints.AsNoTracking().SingleAsync(b => b.Id == session.BlueprintId);
            var qv = await db.QuestionVersions.SingleAsync(v => v.Id == questionVersionId);
            var attempt = new ExamAttempt(registration, session, bp, 1,
                [new AttemptItem(1, qv, workFunctionA, "0123", 1m), new AttemptItem(2, qv, workFunctionB, "0123", 1m)], session.WindowStart);
            attempt.Submit(session.WindowStart.AddMinutes(30), automatic: false);
            db.ExamAttempts.Add(attempt);
            ExamAttempt? skillAttempt = null;
            if (skill is not null && session.SkillBlueprintId is { } sb)
            {
                var blueprint = await db.SkillBlueprints.SingleAsync(b => b.Id == sb);
                skillAttempt = new ExamAttempt(registration, session, blueprint, 1, [], session.WindowStart);
                skillAttempt.Submit(session.WindowStart.AddMinutes(60), automatic: false);
                db.ExamAttempts.Add(skillAttempt);
            }
            await db.SaveChangesAsync();
            var graded = AttemptStatus.Graded;
            await db.ExamAttempts.Where(a => a.Id == attempt.Id).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, graded).SetProperty(a => a.Score, theory).SetProperty(a => a.Passed, theory >= 60m));
            await db.AttemptItems.Where(i => i.AttemptId == attempt.Id && i.Position == 1).ExecuteUpdateAsync(s => s.SetProperty(i => i.Awarded, (decimal)awarded.A));
            await db.AttemptItems.Where(i => i.AttemptId == attempt.Id && i.Position == 2).ExecuteUpdateAsync(s => s.SetProperty(i => i.Awarded, (decimal)awarded.B));
            if (skillAttempt is not null)
                await db.ExamAttempts.Where(a => a.Id == skillAttempt.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.Status, graded).SetProperty(a => a.Score, skill).SetProperty(a => a.Passed, skill >= 60m));
            _registrations[enrollmentId] = registration.Id;
            _ = releasedAndGraded;
        }

        private readonly Dictionary<int, int> _registrations = [];

        public async Task ReleaseAsync(ExamSession session, DateTimeOffset at)
        {
            var released = at;
            await db.ExamSessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ResultsReleasedAt, released));
        }

        public async Task CertificateAsync(int enrollmentId, int level, CertificateStatus status)
        {
            var (learner, center, _) = _places[enrollmentId];
            var registrationId = _registrations[enrollmentId];
            var sessionId = await db.ExamRegistrations.Where(r => r.Id == registrationId).Select(r => r.SessionId).SingleAsync();
            var number = $"S999931{center:D6}{year % 100:D2}{level}{++_serial:D6}";
            var facts = new CertificateFacts(number, "报表学员", "居民身份证", "110101199001011234", "人工智能训练师", null, level, "四级", "报表中心", new DateOnly(year, 3, 1));
            var certificate = new Certificate(registrationId, sessionId, center, learner, 1, facts, new VerificationCode(number, "k1", new byte[VerificationCode.SignatureLength]), $"certificates/{number}.pdf",
                new string('0', 64), "seal", 1000, Recorded);
            db.Certificates.Add(certificate);
            if (status == CertificateStatus.Revoked) certificate.Revoke("测试撤销", learner, Recorded);
            await db.SaveChangesAsync();
        }

        public async Task PaymentAsync(int enrollmentId, decimal amount, DateTimeOffset paidAt, decimal refunded = 0m, bool offline = false)
        {
            var place = await db.Enrollments.SingleAsync(e => e.Id == enrollmentId);
            var payment = offline
                ? Payment.Offline(place, amount, "银行转账 " + enrollmentId, "staff", paidAt)
                : Payment.ForCheckout(place, "cs_report_" + Guid.NewGuid().ToString("N"), paidAt.AddMinutes(-5));
            if (!offline) payment.MarkSucceeded("pi_report_" + Guid.NewGuid().ToString("N"), paidAt);
            if (refunded > 0) payment.RecordRefundedTotal(refunded);
            db.Payments.Add(payment);
            await db.SaveChangesAsync();
        }

        public async Task OddPaymentsAsync(int enrollmentId, DateTimeOffset at)
        {
            var place = await db.Enrollments.SingleAsync(e => e.Id == enrollmentId);
            var mismatched = Payment.ForCheckout(place, "cs_report_" + Guid.NewGuid().ToString("N"), at);
            mismatched.MarkMismatched("pi_report_" + Guid.NewGuid().ToString("N"), 500m, "CNY", at);
            db.Payments.AddRange(mismatched, Payment.ForCheckout(place, "cs_report_" + Guid.NewGuid().ToString("N"), at));
            await db.SaveChangesAsync();
        }
    }
}
