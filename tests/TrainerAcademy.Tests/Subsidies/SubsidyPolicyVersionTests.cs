using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.ExamSitting;

namespace TrainerAcademy.Tests.Subsidies;

/// <summary>
/// Admins change a policy by adding a version from a date: certificates issued before it keep the old terms, those issued
/// from it take the new ones, and the past is never rewritten. An app of its own, since a new version changes every amount.
/// </summary>
public abstract class SubsidyPolicyVersionTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : SubsidyPolicyVersionTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : SubsidyPolicyVersionTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    [Fact]
    public async Task A_new_version_applies_to_certificates_issued_from_its_date_and_the_old_one_to_those_before()
    {
        var world = await factory.WorldAsync();
        var admin = await factory.SignInAsync(world.AdminEmail, TestWorld.Password);
        var versions = await (await admin.GetAsync("/api/subsidy/policies")).ExpectJsonAsync(HttpStatusCode.OK);
        var shanghai = versions.EnumerateArray().Single(v => v.GetProperty("policyCode").GetString() == "shanghai-skill-upgrading");
        Assert.True(shanghai.GetProperty("inForce").GetBoolean());
        Assert.True(shanghai.GetProperty("fromReferenceData").GetBoolean());
        var terms = System.Text.Json.Nodes.JsonNode.Parse(shanghai.GetProperty("terms").GetRawText())!.AsObject();
        terms["amounts"]!["5"] = 1800;
        var today = factory.Time.Today();
        var tomorrow = today.AddDays(1);
        object Version(DateOnly from, string code = "shanghai-skill-upgrading") =>
            new { policyCode = code, effectiveFrom = from.ToString("yyyy-MM-dd"), terms, note = "沪人社〔测试〕1 号" };

        var before = await factory.CertifiedAsync(issuedDaysAgo: 0);
        var learner = await factory.LearnerAsync();
        await (await learner.Client.PostJsonAsync("/api/subsidy/policies", Version(tomorrow))).ExpectStatusAsync(HttpStatusCode.Forbidden);
        var past = await (await admin.PostJsonAsync("/api/subsidy/policies", Version(today.AddDays(-1)))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("subsidy-policy.effective-past", past.GetProperty("code").GetString());
        await (await admin.PostJsonAsync("/api/subsidy/policies", Version(tomorrow, "no-such-policy"))).ExpectProblemAsync(HttpStatusCode.NotFound);
        var added = await (await admin.PostJsonAsync("/api/subsidy/policies", Version(tomorrow))).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, added.GetProperty("version").GetInt32());
        Assert.False(added.GetProperty("inForce").GetBoolean());
        await (await admin.PostJsonAsync("/api/subsidy/policies", Version(tomorrow))).ExpectProblemAsync(HttpStatusCode.Conflict);

        factory.Clock().Advance(TimeSpan.FromDays(1));
        var after = await factory.CertifiedAsync(issuedDaysAgo: 0);

        var oldTerms = await before.Learner.Client.EligibilityAsync($"certificateId={before.CertificateId}");
        var newTerms = await after.Learner.Client.EligibilityAsync($"certificateId={after.CertificateId}");
        Assert.Equal((1560m, 1), (oldTerms.Amount(), oldTerms.GetProperty("policy").GetProperty("version").GetInt32()));
        Assert.Equal((1872m, 2), (newTerms.Amount(), newTerms.GetProperty("policy").GetProperty("version").GetInt32()));
        // The course estimate takes the version in force today.
        Assert.Equal(1872m, (await after.Learner.Client.EligibilityAsync($"courseId={world.CourseA}")).Amount());

        var claim = await (await before.Learner.Client.ApplyAsync(before.CertificateId)).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal((1560m, 1), (claim.GetProperty("amount").GetProperty("amount").GetDecimal(), claim.GetProperty("policyVersion").GetInt32()));
        var stored = await factory.DbAsync(db => db.SubsidyPolicies.AsNoTracking().Where(v => v.PolicyCode == "shanghai-skill-upgrading").OrderBy(v => v.Version).ToListAsync());
        Assert.Equal([new DateOnly(2024, 1, 1), tomorrow], stored.Select(v => v.EffectiveFrom));
        Assert.Equal(1500m, stored[0].Terms.Amounts[5]);
    }
}
