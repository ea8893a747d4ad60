using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Attendance;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Demo;

/// <summary>
/// Development demo data (Demo:Seed = true): one center with venues and instructors, courses for
/// levels 5, 4 and 3, cohorts on the coming weekends, a running cohort with attendance taken, and the three demo accounts. Production never sets Demo:Seed.
/// </summary>
[FeatureService]
public sealed class DemoData(AcademyDbContext db, AccountService accounts, UserManager<ApplicationUser> users, TimeProvider clock,
    Timetable.TimetableJob timetables,
    Enrollments.SeatLedger seats,
    Certificates.CertificateIssuer certificates,
    Subsidies.SubsidyEligibility subsidy,
    IConfiguration config,
    ILogger<DemoData> log)
{
    public const string Password = "Demo-2026-trainer";
    public const string AdminEmail = "admin@demo.local";
    public const string StaffEmail = "staff@demo.local";
    public const string LearnerEmail = "learner@demo.local";
    public const string ExaminerEmail = "examiner@demo.local";

    /// <summary>A second learner, registered unemployed, whose subsidy claim waits in the admin's review queue.</summary>
    public const string ClaimantEmail = "claimant@demo.local";

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await accounts.EnsureRolesAsync();
        if (await users.FindByEmailAsync(AdminEmail) is not null) return;

        var center = new TrainingCenter("上海智训职业技能培训中心", "0123", "31", "上海", "上海市徐汇区漕溪北路 88 号");
        db.Centers.Add(center);
        await db.SaveChangesAsync(ct);

        var lecture = new Venue(center.Id, "A101 理论教室", 40, "3 楼");
        var lab = new Venue(center.Id, "C1 实训机房", 32, "5 楼");
        var seminar = new Venue(center.Id, "B203 研讨室", 20, "2 楼");
        var annex = new Venue(center.Id, "C2 实训机房", 24, "5 楼");
        db.Venues.AddRange(lecture, lab, seminar, annex);
        db.Instructors.AddRange(
            new Instructor(center.Id, "王敏", 2, "wangmin@demo.local"),
            new Instructor(center.Id, "李强", 3, "liqiang@demo.local"),
            new Instructor(center.Id, "陈静", 2, "chenjing@demo.local"),
            new Instructor(center.Id, "赵磊", 3, "zhaolei@demo.local"));

        var band = TheoryShareBand.Default;
        var l5 = new Course(center.Id, Course.AiTrainerOccupation, 5, "人工智能训练师（五级/初级工）周末班", 18, 42, 2600m,
            "面向零基础在职人员：数据采集与清洗、图像与文本标注、智能系统基础运维。理论 30%，实训 70%。", band);
        var l4 = new Course(center.Id, Course.AiTrainerOccupation, 4, "人工智能训练师（四级/中级工）周末班", 15, 35, 3200m,
            "数据标注质检、标注规范制定、智能系统运维与问题排查，配合大量机房实操。", band);
        var l3 = new Course(center.Id, Course.AiTrainerOccupation, 3, "人工智能训练师（三级/高级工）周末班", 12, 28, 3800m,
            "业务分析、模型训练与效果优化、交互流程设计、培训大纲编写。适合已取得四级证书的从业者。", band);
        db.Courses.AddRange(l5, l4, l3);
        await db.SaveChangesAsync(ct);

        var saturday = NextWeekday(clock.Today(), DayOfWeek.Saturday);
        var fullDay = new[] { TimeSlot.Parse("09:00-12:00"), TimeSlot.Parse("13:30-17:30") };
        var cohorts = new[]
        {
            // Rooms and weekends chosen so no two cohorts want one room at one time: every demo cohort gets a timetable.
            new Cohort(l5, saturday, WeekendPattern.Both, fullDay, 30, lab),
            new Cohort(l5, saturday.AddDays(14), WeekendPattern.Saturday, fullDay, 24, lecture),
            new Cohort(l4, saturday.AddDays(1), WeekendPattern.Sunday, fullDay, 30, lecture),
            new Cohort(l3, saturday.AddDays(7), WeekendPattern.Both, [TimeSlot.Parse("09:00-12:00"), TimeSlot.Parse("13:00-16:00")], 20, seminar),
        };
        foreach (var cohort in cohorts) cohort.Open();
        db.Cohorts.AddRange(cohorts);
        db.Cohorts.Add(new Cohort(l4, saturday.AddDays(42), WeekendPattern.Both, fullDay, 30, lab));
        await db.SaveChangesAsync(ct);

        var admin = await accounts.CreateAsync(AdminEmail, Password, Roles.Admin, displayName: "平台管理员");
        var staffMember = await accounts.CreateAsync(StaffEmail, Password, Roles.CenterStaff, center.Id, "张老师（教务）");
        var examiner = await accounts.CreateAsync(ExaminerEmail, Password, Roles.CenterStaff, center.Id, "周敏（考评员）");
        // Two examiners of the center, so a written task can be double-marked in the demo.
        db.ExaminerGrants.AddRange(
            new Domain.Marking.ExaminerGrant(staffMember.Id, center.Id, Domain.Marking.ExaminerScope.Center, admin.Id, clock.GetUtcNow()),
            new Domain.Marking.ExaminerGrant(examiner.Id, center.Id, Domain.Marking.ExaminerScope.Center, admin.Id, clock.GetUtcNow()));
        var learner = await accounts.CreateAsync(LearnerEmail, Password, Roles.Learner, displayName: "刘洋",
            privacyNoticeVersion: Privacy.PrivacyNotice.Version);
        var profile = await db.LearnerProfiles.SingleAsync(p => p.UserId == learner.Id, ct);
        const string first17 = "31010419900307123";
        profile.Update("刘洋", IdType.ResidentIdCard, first17 + ChineseIdNumber.CheckCharacter(first17), "13800138000",
            Employment.Employed, "上海", "上海", 2, Education.Bachelor, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await DemoPractical.SeedAsync(db, clock, ct);
        await DemoExam.SeedAsync(db, center, learner.Id, clock, ct);

        // Timetables at once, in the order the cohorts were created (a cohort clashing with an earlier one gets a conflict report).
        foreach (var cohortId in await db.Cohorts.Where(k => k.CenterId == center.Id).OrderBy(k => k.Id).Select(k => k.Id).ToListAsync(ct))
            await timetables.GenerateAsync(cohortId, ct);

        await SeedRunningCohortAsync(l5, annex, ct);
        var claimant = await accounts.CreateAsync(ClaimantEmail, Password, Roles.Learner, displayName: "陈静怡",
            privacyNoticeVersion: Privacy.PrivacyNotice.Version);
        var claimantProfile = await db.LearnerProfiles.SingleAsync(p => p.UserId == claimant.Id, ct);
        const string claimant17 = "31010519950612234";
        claimantProfile.Update("陈静怡", IdType.ResidentIdCard, claimant17 + ChineseIdNumber.CheckCharacter(claimant17), "13900139000",
            Employment.RegisteredUnemployed, "上海", "上海", 1, Education.JuniorCollege, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await DemoExam.SeedCertifiedAsync(db, center, [learner.Id, claimant.Id], clock, ct);
        // The level-5 certificates, issued as the batch job would, so /certificates and /verify show one. The demo learner's is
        // not claimed (/subsidies shows the eligible claim); the second learner's claim waits for the admin's review.
        var certified = await db.ExamRegistrations
            .Join(db.ExamSessions.Where(x => x.Level == 5), r => r.SessionId, x => x.Id, (r, x) => new { r.Id, r.LearnerId })
            .Where(r => r.LearnerId == learner.Id || r.LearnerId == claimant.Id).ToListAsync(ct);
        var publicBase = config["App:PublicBaseUrl"] is { Length: > 0 } url ? url : "http://localhost:5080";
        try
        {
            foreach (var registration in certified.OrderBy(r => r.LearnerId == learner.Id ? 0 : 1))
                await certificates.IssueAsync(registration.Id, publicBase, ct);
            await SeedClaimAsync(claimant.Id, ct);
        }
        catch (Domain.RuleViolation e)
        {
            // Without a Chinese font no certificate can be printed; the demo starts without one and /healthz says why.
            log.LogWarning("The demo certificate was not issued: {Reason}", e.Message);
        }
    }

    /// <summary>The learner's claim with their certificate, made as the claim page makes it, so the review queue has one.</summary>
    private async Task SeedClaimAsync(string learnerId, CancellationToken ct)
    {
        var certificateId = await db.Certificates.Where(c => c.LearnerId == learnerId).Select(c => c.Id).SingleAsync(ct);
        var (view, assessment) = await subsidy.ForCertificateAsync(learnerId, certificateId, ct);
        if (assessment is null || !view.Eligible)
        {
            log.LogWarning("The demo subsidy claim was not made: {Rules}", string.Join(" ", view.Rules.Where(r => !r.Passed).Select(r => r.ReasonEn)));
            return;
        }
        var certificate = await db.Certificates.AsNoTracking().SingleAsync(c => c.Id == certificateId, ct);
        db.SubsidyApplications.Add(new Domain.Subsidies.SubsidyApplication(certificateId, learnerId, assessment, certificate.Occupation, certificate.Level,
            clock.Today(), clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A level 5 cohort that started four weekends ago and ends on the coming Saturday, or later when holidays and
    /// make-up working days fall in between: its timetable generated like every other, the demo learner's place
    /// confirmed by an offline payment before the start, and the learner's attendance taken on the sessions already
    /// held (present, once late, once absent). It has a room of its own and the instructor the other cohorts leave
    /// free, so however far the calendar pushes its last days it never clashes with them.
    /// </summary>
    private async Task SeedRunningCohortAsync(Course course, Venue room, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = clock.Today();
        var startsOn = NextWeekday(today, DayOfWeek.Saturday).AddDays(-28);
        var cohort = new Cohort(course, startsOn, WeekendPattern.Both, [TimeSlot.Parse("09:00-12:00"), TimeSlot.Parse("13:30-17:30")], 20, room);
        cohort.Open();
        db.Cohorts.Add(cohort);
        await db.SaveChangesAsync(ct);
        if (!await timetables.GenerateAsync(cohort.Id, ct)) return;

        var learner = await users.FindByEmailAsync(LearnerEmail) ?? throw new InvalidOperationException("The demo learner is missing.");
        var staff = await users.FindByEmailAsync(StaffEmail) ?? throw new InvalidOperationException("The demo staff member is missing.");
        var paidAt = CohortSession.ToUtc(startsOn.AddDays(-10), new TimeOnly(10, 0));
        if (!await seats.TryTakeAsync(cohort.Id, ct)) return;
        var place = Enrollment.WithSeat(cohort, learner.Id, course.Fee, paidAt, TimeSpan.Zero, Funding.Offline);
        db.Enrollments.Add(place);
        await db.SaveChangesAsync(ct);
        db.Payments.Add(Payment.Offline(place, course.Fee, "单位转账 DEMO-2026-001", staff.Id, paidAt));

        var started = await db.Cohorts.SingleAsync(k => k.Id == cohort.Id, ct);
        started.AdvanceByDate(today);

        var held = await db.CohortSessions.AsNoTracking()
            .Where(s => s.CohortId == cohort.Id && s.Status == SessionStatus.Scheduled)
            .OrderBy(s => s.Sequence).ToListAsync(ct);
        foreach (var session in held.Where(s => s.EndsAt <= now))
        {
            var (status, minutesMissed) = session.Sequence switch
            {
                3 => (AttendanceStatus.Late, 25),
                6 => (AttendanceStatus.Absent, 0),
                _ => (AttendanceStatus.Present, 0),
            };
            var record = new AttendanceRecord(session.Id, session.CohortId, session.CenterId, place.Id, learner.Id);
            record.Mark(status, minutesMissed, session.Minutes, AttendanceSource.Roster, staff.Id, session.EndsAt);
            db.AttendanceRecords.Add(record);
        }
        await db.SaveChangesAsync(ct);
    }

    private static DateOnly NextWeekday(DateOnly from, DayOfWeek day)
    {
        var d = from.AddDays(1);
        while (d.DayOfWeek != day) d = d.AddDays(1);
        return d;
    }
}
