using System.Net.Http.Headers;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Domain.Subsidies;
using TrainerAcademy.Features.Subsidies;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.ExamSitting;

namespace TrainerAcademy.Tests.Subsidies;

/// <summary>
/// The subsidy through the API on a real database: the estimate before enrolling and the assessment of a certificate,
/// rule by rule in both languages; a claim (one per certificate under parallel requests), the review with a request for
/// documents, a batch exported as Excel and paid; the window closing; reminders sent once by overlapping runs.
/// </summary>
public abstract class SubsidyTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : SubsidyTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : SubsidyTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    private async Task<HttpClient> AdminAsync() => await factory.SignInAsync((await factory.WorldAsync()).AdminEmail, TestWorld.Password);

    [Fact]
    public async Task A_learner_sees_the_estimate_of_a_course_before_enrolling()
    {
        var world = await factory.WorldAsync();
        var employed = await factory.CertifiedAsync(employment: Employment.Employed);
        var unemployed = await factory.CertifiedAsync(employment: Employment.RegisteredUnemployed);

        var estimate = await employed.Learner.Client.EligibilityAsync($"courseId={world.CourseA}");   // a level-5 course of a Shanghai center

        Assert.True(estimate.GetProperty("eligible").GetBoolean());
        Assert.Equal(1560m, estimate.Amount());
        Assert.Equal("CNY", estimate.GetProperty("amount").GetProperty("currency").GetString());
        Assert.Equal("shanghai-skill-upgrading", estimate.GetProperty("policy").GetProperty("code").GetString());
        Assert.True(estimate.Rule("window").GetProperty("passed").GetBoolean());
        Assert.Equal(1950m, (await unemployed.Learner.Client.EligibilityAsync($"courseId={world.CourseA}")).Amount());
        // The learner already holds a level 5 claim: the estimate says a second one is refused, and why.
        await (await employed.Learner.Client.ApplyAsync(employed.CertificateId)).ExpectJsonAsync(HttpStatusCode.Created);
        var again = await employed.Learner.Client.EligibilityAsync($"courseId={world.CourseA}");
        Assert.False(again.GetProperty("eligible").GetBoolean());
        Assert.Equal(JsonValueKind.Null, again.GetProperty("amount").ValueKind);
        Assert.False(again.Rule("one-per-level").GetProperty("passed").GetBoolean());

        // Neither course nor certificate, or both: a 400; an unknown course: a 404; no account: a 401.
        await (await employed.Learner.Client.GetAsync("/api/subsidy/eligibility")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await employed.Learner.Client.GetAsync($"/api/subsidy/eligibility?courseId={world.CourseA}&certificateId=1")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await employed.Learner.Client.GetAsync("/api/subsidy/eligibility?courseId=999999")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await world.Anonymous.GetAsync($"/api/subsidy/eligibility?courseId={world.CourseA}")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_certificate_is_assessed_rule_by_rule_in_Chinese_and_English()
    {
        var c = await factory.CertifiedAsync(level: 4);

        var view = await c.Learner.Client.EligibilityAsync($"certificateId={c.CertificateId}");

        Assert.True(view.GetProperty("eligible").GetBoolean());
        Assert.Equal(2080m, view.Amount());
        Assert.Equal(["profile", "certificate", "organisation", "level", "key-occupation", "person-category", "window", "one-per-level"],
            view.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString()));
        foreach (var rule in view.GetProperty("rules").EnumerateArray())
        {
            Assert.True(rule.GetProperty("passed").GetBoolean());
            Assert.Equal(rule.GetProperty("reasonZh").GetString(), rule.GetProperty("reason").GetString());
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", rule.GetProperty("reasonZh").GetString()!);
            Assert.DoesNotContain("{0}", rule.GetProperty("reasonEn").GetString());
        }
        Assert.Equal("人员类别“在职”：按标准的 80% 发放。", view.Rule("person-category").GetProperty("reasonZh").GetString());
        Assert.Equal("Person category Employed: 80% of the amount.", view.Rule("person-category").GetProperty("reasonEn").GetString());
        Assert.Equal(factory.Time.Today().AddDays(-10).AddMonths(12).AddDays(-1).ToString("yyyy-MM-dd"), view.GetProperty("lastDay").GetString());

        // Another learner's certificate does not exist for this learner.
        var other = await factory.LearnerAsync();
        await (await other.Client.GetAsync($"/api/subsidy/eligibility?certificateId={c.CertificateId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await other.Client.ApplyAsync(c.CertificateId)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_claim_that_breaks_a_rule_is_422_with_every_rule_and_nothing_is_stored()
    {
        var retired = await factory.CertifiedAsync(employment: Employment.Retired);
        var elsewhere = await factory.CertifiedAsync(province: "32");
        var revoked = await factory.CertifiedAsync();
        await factory.RevokeAsync(revoked.CertificateId);

        var problem = await (await retired.Learner.Client.ApplyAsync(retired.CertificateId)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("subsidy.ineligible", problem.GetProperty("code").GetString());
        var rules = problem.GetProperty("rules").EnumerateArray().ToList();
        Assert.Contains(rules, r => r.GetProperty("rule").GetString() == "person-category" && !r.GetProperty("passed").GetBoolean());
        Assert.Contains(rules, r => r.GetProperty("rule").GetString() == "window" && r.GetProperty("passed").GetBoolean());
        // Outside Shanghai the national policy is considered, and the profile lacks the contributions it needs.
        var national = await (await elsewhere.Learner.Client.ApplyAsync(elsewhere.CertificateId)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(national.GetProperty("rules").EnumerateArray(), r => r.GetProperty("rule").GetString() == "organisation" && !r.GetProperty("passed").GetBoolean());
        var withMonths = await factory.CertifiedAsync(province: "32", insuranceMonths: 30);
        var nationalClaim = await (await withMonths.Learner.Client.ApplyAsync(withMonths.CertificateId)).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(("national-unemployment-insurance", 1000m),
            (nationalClaim.GetProperty("policyCode").GetString(), nationalClaim.GetProperty("amount").GetProperty("amount").GetDecimal()));
        var revokedProblem = await (await revoked.Learner.Client.ApplyAsync(revoked.CertificateId)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(revokedProblem.GetProperty("rules").EnumerateArray(), r => r.GetProperty("rule").GetString() == "certificate" && !r.GetProperty("passed").GetBoolean());

        var stored = await factory.DbAsync(db => db.SubsidyApplications.CountAsync(a =>
            a.CertificateId == retired.CertificateId || a.CertificateId == elsewhere.CertificateId || a.CertificateId == revoked.CertificateId));
        Assert.Equal(0, stored);
    }

    [Fact]
    public async Task Parallel_claims_of_one_certificate_make_one_claim()
    {
        var c = await factory.CertifiedAsync();
        using var start = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, 8).Select(async _ =>
        {
            await start.WaitAsync();
            using var response = await c.Learner.Client.ApplyAsync(c.CertificateId);
            return response.StatusCode;
        }).ToList();
        start.Release(requests.Count);

        var statuses = await Task.WhenAll(requests);

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Contains(s, new[] { HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity }));
        Assert.Equal(1, await factory.DbAsync(db => db.SubsidyApplications.CountAsync(a => a.CertificateId == c.CertificateId)));
        Assert.Equal(1, await factory.DbAsync(db => db.SubsidyDecisions.CountAsync(d =>
            db.SubsidyApplications.Any(a => a.Id == d.ApplicationId && a.CertificateId == c.CertificateId))));
    }

    [Fact]
    public async Task An_admin_asks_for_documents_approves_batches_exports_and_marks_paid_and_every_step_is_on_record()
    {
        var c = await factory.CertifiedAsync(employment: Employment.RegisteredUnemployed);
        var admin = await AdminAsync();
        var claim = await (await c.Learner.Client.ApplyAsync(c.CertificateId)).ExpectJsonAsync(HttpStatusCode.Created);
        var id = claim.Id();
        Assert.Equal("Submitted", claim.GetProperty("status").GetString());
        Assert.Contains((await (await admin.GetAsync("/api/subsidy/review")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray(), a => a.Id() == id);
        // Learners do not review.
        await (await c.Learner.Client.PostJsonAsync($"/api/subsidy/applications/{id}/approve", new { })).ExpectStatusAsync(HttpStatusCode.Forbidden);

        var noReason = await (await admin.PostJsonAsync($"/api/subsidy/applications/{id}/request-documents", new { reason = " " })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("subsidy.reason", noReason.GetProperty("code").GetString());
        await (await admin.PostJsonAsync($"/api/subsidy/applications/{id}/request-documents", new { reason = "请上传失业登记证明", revision = 0 })).ExpectJsonAsync(HttpStatusCode.OK);
        // A reviewer deciding on what they saw before the change is told it moved on.
        await (await admin.PostJsonAsync($"/api/subsidy/applications/{id}/reject", new { reason = "过期", revision = 0 })).ExpectProblemAsync(HttpStatusCode.Conflict);

        using (var form = new MultipartFormDataContent())
        {
            form.Add(new StringContent("已上传失业登记证明"), "note");
            var file = new ByteArrayContent("%PDF-1.4\n%test\n"u8.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "file", "失业登记证明.pdf");
            var resubmitted = await (await c.Learner.Client.PostAsync($"/api/subsidy/applications/{id}/resubmit", form)).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal("Submitted", resubmitted.GetProperty("status").GetString());
        }
        var afterResubmit = await (await admin.GetAsync($"/api/subsidy/applications/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        var document = afterResubmit.GetProperty("history").EnumerateArray().Last().GetProperty("fileId").GetString();
        await (await admin.GetAsync($"/api/subsidy/applications/{id}/documents/{document}")).ExpectStatusAsync(HttpStatusCode.OK);

        await (await admin.PostJsonAsync($"/api/subsidy/applications/{id}/approve", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        var batch = await (await admin.PostAsync("/api/subsidy/batches", null)).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.True(batch.GetProperty("count").GetInt32() >= 1);
        // Nothing left to batch.
        await (await admin.PostAsync("/api/subsidy/batches", null)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        using (var export = await admin.GetAsync($"/api/subsidy/batches/{batch.Id()}/export"))
        {
            await export.ExpectStatusAsync(HttpStatusCode.OK);
            using var book = new XLWorkbook(await export.Content.ReadAsStreamAsync());
            var sheet = book.Worksheet(1);
            var row = sheet.RowsUsed().Single(r => r.Cell(10).GetString() == c.Number);
            Assert.Equal(c.IdNumber, row.Cell(4).GetString());
            Assert.Equal(1950m, row.Cell(15).GetValue<decimal>());
        }

        await (await admin.PostJsonAsync($"/api/subsidy/batches/{batch.Id()}/paid", new { reference = "沪人社拨付 2026-001" })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await admin.PostJsonAsync($"/api/subsidy/batches/{batch.Id()}/paid", new { })).ExpectProblemAsync(HttpStatusCode.Conflict);

        var mine = Assert.Single((await (await c.Learner.Client.GetAsync("/api/subsidy/applications")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal("Paid", mine.GetProperty("status").GetString());
        Assert.Equal(["Submitted", "DocumentsRequested", "Resubmitted", "Approved", "Batched", "Paid"],
            mine.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        var history = await factory.DbAsync(db => db.SubsidyDecisions.AsNoTracking().Where(d => d.ApplicationId == id).OrderBy(d => d.Id).ToListAsync());
        var adminId = await factory.DbAsync(async db => (await db.Users.SingleAsync(u => u.Email == (factory.WorldAsync().Result.AdminEmail))).Id);
        Assert.Equal([c.Learner.Id, adminId, c.Learner.Id, adminId, adminId, adminId], history.Select(h => h.ByUserId));
        Assert.Equal("请上传失业登记证明", history[1].Reason);
        Assert.Equal("沪人社拨付 2026-001", history[5].Reason);
        Assert.All(history, h => Assert.NotEqual(default, h.At));

        // The audit log has each decision, by the admin, the export with full identity numbers (never the numbers) and the batch's payment.
        var target = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var audit = await factory.DbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => (e.TargetType == "subsidy-claim" && e.TargetId == target) || (e.TargetType == "subsidy-batch" && e.TargetId == batch.Id().ToString()))
            .OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["subsidy.documents-requested", "subsidy.approved", "personal-data.revealed", "subsidy.batch-paid"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal(adminId, e.ActorId));
        Assert.Contains("请上传失业登记证明", audit[0].Detail);
        Assert.Contains("subsidy batch export", audit[2].Detail);
        Assert.DoesNotContain(c.IdNumber, audit[2].Detail);
        Assert.Contains("沪人社拨付 2026-001", audit[3].Detail);

        // The dashboard counts the payment among the money figures (other tests of this class may have paid claims too).
        var money = await (await admin.GetAsync("/api/reports/money")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(money.GetProperty("figures").EnumerateArray(), f => f.GetProperty("key").GetString() == "subsidies");
        Assert.True(money.GetProperty("total").GetProperty("amounts").GetProperty("subsidies").GetDecimal() >= 1950m);
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_is_final()
    {
        var c = await factory.CertifiedAsync();
        var admin = await AdminAsync();
        var id = (await (await c.Learner.Client.ApplyAsync(c.CertificateId)).ExpectJsonAsync(HttpStatusCode.Created)).Id();

        await (await admin.PostJsonAsync($"/api/subsidy/applications/{id}/reject", new { })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var rejected = await (await admin.PostJsonAsync($"/api/subsidy/applications/{id}/reject", new { reason = "证书信息与身份证不符" })).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("证书信息与身份证不符", rejected.GetProperty("latestReason").GetString());
        await (await admin.PostJsonAsync($"/api/subsidy/applications/{id}/approve", new { })).ExpectProblemAsync(HttpStatusCode.Conflict);
        var again = await (await c.Learner.Client.ApplyAsync(c.CertificateId)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(again.GetProperty("rules").EnumerateArray(), r => r.GetProperty("rule").GetString() == "certificate-claimed");
    }

    [Fact]
    public async Task The_window_closes_the_day_after_its_last_day()
    {
        // The test moves the clock to 21:00 in Beijing on the last day, then to midnight.
        var c = await factory.CertifiedAsync(issuedDaysAgo: 300);
        var lastDay = DateOnly.Parse((await c.Learner.Client.EligibilityAsync($"certificateId={c.CertificateId}")).GetProperty("lastDay").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture);
        var ninePm = new DateTimeOffset(lastDay.ToDateTime(new TimeOnly(21, 0)), TimeSpan.FromHours(8));
        factory.Clock().SetUtcNow(ninePm.ToUniversalTime());
        var client = await factory.SignInAsync(c.Learner.Email, TestWorld.Password);

        Assert.True((await client.EligibilityAsync($"certificateId={c.CertificateId}")).GetProperty("eligible").GetBoolean());
        factory.Clock().Advance(TimeSpan.FromHours(3));   // midnight in Beijing
        var closed = await client.EligibilityAsync($"certificateId={c.CertificateId}");

        Assert.False(closed.GetProperty("eligible").GetBoolean());
        Assert.False(closed.Rule("window").GetProperty("passed").GetBoolean());
        Assert.Contains(lastDay.ToString("yyyy-MM-dd"), closed.Rule("window").GetProperty("reasonEn").GetString());
        await (await client.ApplyAsync(c.CertificateId)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Reminders_go_60_and_14_days_before_the_window_closes_once_each_even_when_runs_overlap()
    {
        var c = await factory.CertifiedAsync();
        var claimed = await factory.CertifiedAsync();
        await (await claimed.Learner.Client.ApplyAsync(claimed.CertificateId)).ExpectJsonAsync(HttpStatusCode.Created);
        var lastDay = factory.Time.Today().AddDays(-10).AddMonths(12).AddDays(-1);

        async Task RunOverlappingAsync() =>
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => factory.JobAsync<SubsidyReminderJob, int>((j, ct) => j.RunAsync(ct))));
        Task<int> MailsAsync(string email) => factory.DbAsync(db => db.Outbox.CountAsync(m => m.To == email && m.Subject.Contains("补贴")));
        Task<List<int>> RemindersAsync(int certificateId) =>
            factory.DbAsync(db => db.SubsidyReminders.Where(r => r.CertificateId == certificateId).OrderByDescending(r => r.DaysBefore).Select(r => r.DaysBefore).ToListAsync());
        void MoveTo(DateOnly day) =>
            factory.Clock().SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 30)), TimeSpan.FromHours(8)).ToUniversalTime());

        MoveTo(lastDay.AddDays(-61));
        await RunOverlappingAsync();
        Assert.Empty(await RemindersAsync(c.CertificateId));

        MoveTo(lastDay.AddDays(-60));
        await RunOverlappingAsync();
        await RunOverlappingAsync();
        Assert.Equal([60], await RemindersAsync(c.CertificateId));
        Assert.Equal(1, await MailsAsync(c.Learner.Email));

        MoveTo(lastDay.AddDays(-14));
        await RunOverlappingAsync();
        MoveTo(lastDay.AddDays(-3));
        await RunOverlappingAsync();
        Assert.Equal([60, 14], await RemindersAsync(c.CertificateId));
        Assert.Equal(2, await MailsAsync(c.Learner.Email));
        var mail = await factory.DbAsync(db => db.Outbox.Where(m => m.To == c.Learner.Email).OrderBy(m => m.Id).LastAsync());
        Assert.Contains(lastDay.ToString("yyyy-MM-dd"), mail.HtmlBody);
        Assert.Contains("¥1,560", mail.HtmlBody);
        Assert.Empty(await RemindersAsync(claimed.CertificateId));
        Assert.Equal(0, await MailsAsync(claimed.Learner.Email));
    }

    [Fact]
    public async Task The_profile_keeps_the_months_of_unemployment_insurance_within_bounds()
    {
        var learner = await factory.LearnerAsync();
        var profile = new
        {
            realName = "缴费测试", idType = "ResidentIdCard", idNumber = TestData.IdNumber(4242), phone = "13800138000", employment = "Employed",
            yearsInOccupation = 2, education = "Bachelor", unemploymentInsuranceMonths = 18, acceptPrivacyNotice = true,
        };

        var saved = await (await learner.Client.PutJsonAsync("/api/me/profile", profile)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(18, saved.GetProperty("unemploymentInsuranceMonths").GetInt32());

        var tooMany = await (await learner.Client.PutJsonAsync("/api/me/profile", profile with { unemploymentInsuranceMonths = 601 })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(tooMany.GetProperty("errors").TryGetProperty("UnemploymentInsuranceMonths", out _) || tooMany.GetProperty("errors").TryGetProperty("unemploymentInsuranceMonths", out _));
    }
}
