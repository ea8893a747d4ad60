using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.ExamSitting;

namespace TrainerAcademy.Tests.Subsidies;

/// <summary>A learner of one test with a complete profile and a certificate as the issuer would have stored it.</summary>
public sealed record Certified(TestLearner Learner, int CertificateId, string Number, string IdNumber);

/// <summary>Learners with certificates, made straight in the database (issuing real ones is the certificate tests' business).</summary>
public static class SubsidyKit
{
    private static int _serial = 7000;

    /// <summary>
    /// A learner whose real-name profile says <paramref name="employment"/>, holding a valid certificate of
    /// <paramref name="level"/> issued <paramref name="issuedDaysAgo"/> days before the fake clock's today, by a center
    /// registered in <paramref name="province"/>.
    /// </summary>
    public static async Task<Certified> CertifiedAsync(this AcademyFactory factory, int level = 5, Employment employment = Employment.Employed,
        int issuedDaysAgo = 10, int? insuranceMonths = null, string province = "31", TestLearner? learner = null)
    {
        learner ??= await factory.LearnerAsync();
        var serial = Interlocked.Increment(ref _serial);
        var idNumber = TestData.IdNumber(serial);
        var now = factory.Clock().GetUtcNow();
        var issuedOn = factory.Time.Today().AddDays(-issuedDaysAgo);
        return await factory.DbAsync(async db =>
        {
            var profile = await db.LearnerProfiles.FindAsync(learner.Id);
            if (profile is null) db.LearnerProfiles.Add(profile = new LearnerProfile(learner.Id));
            profile.Update("补贴测试" + "甲乙丙丁"[serial % 4], IdType.ResidentIdCard, idNumber, "13800138000", employment, "上海", "上海", 3, Education.Bachelor, now,
                unemploymentInsuranceMonths: insuranceMonths);
            var center = new TrainingCenter("补贴中心 " + serial, TestData.NextOrganisationCode(), province, "上海", null);
            db.Centers.Add(center);
            var blueprint = new ExamBlueprint(level, "补贴测试蓝图 " + serial, 90, 60m, ExamSittingKit.Lines, now);
            db.ExamBlueprints.Add(blueprint);
            await db.SaveChangesAsync();
            var opens = now.AddDays(-issuedDaysAgo - 40);
            var session = new ExamSession(center.Id, level, blueprint.Id, "补贴测试考试 " + serial, ExamMode.Online, null, 100, opens, opens.AddHours(4),
                opens.AddDays(-1), true, opens.AddDays(-10));
            db.ExamSessions.Add(session);
            await db.SaveChangesAsync();
            var registration = new ExamRegistration(session, learner.Id, "S" + serial, new ApplicationDeclaration(null, null, false, false), "test", opens.AddDays(-5));
            db.ExamRegistrations.Add(registration);
            await db.SaveChangesAsync();
            string raw = $"S{serial:D4}31{center.Id:D6}{issuedOn.Year % 100:D2}{level}{serial:D6}";
            var number = raw.Substring(0, CertificateNumber.Length);
            var facts = new CertificateFacts(number, profile.RealName!, "居民身份证", idNumber, "人工智能训练师", null, level, $"{level}级", center.Name, issuedOn);
            var certificate = new Certificate(registration.Id, session.Id, center.Id, learner.Id, 1, facts, new VerificationCode(number, "k1", new byte[64]),
                $"certificates/{number}.pdf", new string('0', 64), "seal", 1, now);
            db.Certificates.Add(certificate);
            await db.SaveChangesAsync();
            return new Certified(learner, certificate.Id, number, idNumber);
        });
    }

    public static Task<HttpResponseMessage> ApplyAsync(this HttpClient client, int certificateId) =>
        client.PostJsonAsync("/api/subsidy/applications", new { certificateId });

    public static async Task<JsonElement> EligibilityAsync(this HttpClient client, string query) =>
        await (await client.GetAsync("/api/subsidy/eligibility?" + query)).ExpectJsonAsync(HttpStatusCode.OK);

    public static JsonElement Rule(this JsonElement view, string rule) =>
        Assert.Single(view.GetProperty("rules").EnumerateArray(), r => r.GetProperty("rule").GetString() == rule);

    public static decimal Amount(this JsonElement view) => view.GetProperty("amount").GetProperty("amount").GetDecimal();

    public static Task RevokeAsync(this AcademyFactory factory, int certificateId) =>
        factory.DbAsync(async db =>
        {
            var c = await db.Certificates.SingleAsync(x => x.Id == certificateId);
            c.Revoke("测试撤销", "admin", factory.Clock().GetUtcNow());
            await db.SaveChangesAsync();
            return 0;
        });
}
