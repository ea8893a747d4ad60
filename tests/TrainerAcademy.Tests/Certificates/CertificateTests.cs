using System.Buffers.Text;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Features.Certificates;
using TrainerAcademy.Features.AuditLog;
using TrainerAcademy.Tests.AuditLog;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.ExamSitting;
using TrainerAcademy.Tests.Pdf;
using PdfPigDocument = UglyToad.PdfPig.PdfDocument;

namespace TrainerAcademy.Tests.Certificates;

/// <summary>
/// Certificates end to end through the API: eligible candidates (passed, posting over, no open review) approved and
/// issued by the batch job with national numbers without gaps, the PDF read back (every field, the photo, the QR code
/// decoded and its signature checked), verification anonymous and exact, revocation and re-issue at once, key rotation.
/// Each test makes a center of its own, so its numbers are its own; the clock only moves forward, a posting at a time.
/// </summary>
public abstract class CertificateTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : CertificateTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : CertificateTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    private static int _serial = 500;

    private sealed record Candidate(ExamSetup Exam, string RealName, string IdNumber)
    {
        public int SessionId => Exam.SessionId;
        public int RegistrationId => Exam.RegistrationId;
        public HttpClient Client => Exam.Candidate.Client;
    }

    private async Task<int> CenterAsync() => await factory.DbAsync(async db =>
    {
        var center = new TrainingCenter("颁证中心 " + Guid.NewGuid().ToString("N")[..6], TestData.NextOrganisationCode(), "31", "上海", null);
        db.Centers.Add(center);
        await db.SaveChangesAsync();
        return center.Id;
    });

    /// <summary>A fresh admin client: bearer tokens are signed at the clock's current time and the tests move it on.</summary>
    private async Task<HttpClient> AdminAsync() => await factory.SignInAsync((await factory.WorldAsync()).AdminEmail, TestWorld.Password);

    /// <summary>
    /// A level-4 session of <paramref name="centerId"/> with one candidate whose theory and skill attempts are graded with
    /// the given scores, released once the window has closed.
    /// </summary>
    private async Task<Candidate> ReleasedAsync(int centerId, decimal theory = 85m, decimal skill = 75m, string? realName = null)
    {
        var exam = await SkillAttemptTests.SkillSessionAsync(factory, centerId: centerId);
        var name = realName ?? "王" + "晓明丽华志强"[Interlocked.Increment(ref _serial) % 6] + "证";
        var idNumber = TestData.IdNumber(Interlocked.Increment(ref _serial));
        var now = factory.Clock().GetUtcNow();
        await factory.DbAsync(async db =>
        {
            var profile = await db.LearnerProfiles.FindAsync(exam.Candidate.Id);
            if (profile is null) db.LearnerProfiles.Add(profile = new LearnerProfile(exam.Candidate.Id));
            profile.Update(name, IdType.ResidentIdCard, idNumber, "13800138000", Employment.Employed, "上海", "上海", 3, Education.Bachelor, now);
            var session = await db.ExamSessions.SingleAsync(s => s.Id == exam.SessionId);
            var registration = await db.ExamRegistrations.SingleAsync(r => r.Id == exam.RegistrationId);
            var blueprint = await db.ExamBlueprints.SingleAsync(b => b.Id == session.BlueprintId);
            var skillBlueprint = await db.SkillBlueprints.SingleAsync(b => b.Id == session.SkillBlueprintId);
            var t = new ExamAttempt(registration, session, blueprint, 1, [], now);
            var s = new ExamAttempt(registration, session, skillBlueprint, 1, [], now);
            t.Submit(now, automatic: false);
            s.Submit(now, automatic: false);
            t.Grade(new Dictionary<int, QuestionVersion>(), now);
            s.GradeSkill(now);
            db.ExamAttempts.AddRange(t, s);
            await db.SaveChangesAsync();
            // The papers are empty, so grading gave 0: the scores are set as grading would have set them.
            foreach (var (attempt, score) in new[] { (t, theory), (s, skill) })
                await db.ExamAttempts.Where(a => a.Id == attempt.Id)
                    .ExecuteUpdateAsync(x => x.SetProperty(a => a.Score, score).SetProperty(a => a.Passed, score >= 60m));
            return 0;
        });
        AdvanceTo(exam.WindowEnd.AddMinutes(5));
        await (await (await AdminAsync()).PostAsync($"/api/exam-sessions/{exam.SessionId}/release-results", null)).ExpectJsonAsync(HttpStatusCode.OK);
        return new Candidate(exam, name, idNumber);
    }

    private void AdvanceTo(DateTimeOffset moment)
    {
        if (moment > factory.Clock().GetUtcNow()) factory.Clock().SetUtcNow(moment.ToUniversalTime());
    }

    private static async Task<JsonElement> CandidateRowAsync(HttpClient admin, Candidate c)
    {
        var rows = await (await admin.GetAsync($"/api/exam-sessions/{c.SessionId}/certificate-candidates")).ExpectJsonAsync(HttpStatusCode.OK);
        return Assert.Single(rows.EnumerateArray(), r => r.GetProperty("registrationId").GetInt32() == c.RegistrationId);
    }

    /// <summary>Moves the clock to 09:00 Beijing time of the first day after the candidates' postings.</summary>
    private async Task PastPostingAsync(params Candidate[] candidates)
    {
        var admin = await AdminAsync();
        foreach (var c in candidates)
        {
            if ((await CandidateRowAsync(admin, c)).GetProperty("eligibility").GetProperty("eligibleFrom").GetString() is not { } day) continue;
            var from = DateOnly.Parse(day, CultureInfo.InvariantCulture);
            AdvanceTo(new DateTimeOffset(from.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)));
        }
    }

    private async Task<JsonElement> IssueAsync(HttpClient admin, int sessionId, object? body = null)
    {
        var batch = await (await admin.PostJsonAsync($"/api/exam-sessions/{sessionId}/certificate-batches", body ?? new { })).ExpectJsonAsync(HttpStatusCode.Accepted);
        var id = batch.GetProperty("batchId").GetInt32();
        await factory.JobAsync<CertificateBatchJob, int>((j, ct) => j.RunAsync(id, ct));
        return await (await admin.GetAsync($"/api/certificate-batches/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
    }

    private static async Task<JsonElement> MineAsync(Candidate c) =>
        Assert.Single((await (await c.Client.GetAsync("/api/certificates")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray());

    private static async Task<byte[]> PdfAsync(HttpClient client, int certificateId)
    {
        using var response = await client.GetAsync($"/api/certificates/{certificateId}/pdf");
        await response.ExpectStatusAsync(HttpStatusCode.OK);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static string Serial(string number) => number[^6..];

    [Fact]
    public async Task An_eligible_candidate_is_approved_and_issued_one_certificate_with_its_national_number_pdf_and_email()
    {
        var center = await CenterAsync();
        var passed = await ReleasedAsync(center, realName: "欧阳明华");
        var failed = await ReleasedAsync(center, theory: 85m, skill: 50m);
        var admin = await AdminAsync();

        // Before the posting ends nobody is eligible and nothing is issued.
        var early = await CandidateRowAsync(admin, passed);
        Assert.False(early.GetProperty("eligibility").GetProperty("eligible").GetBoolean());
        Assert.Contains("PostingNotEnded", early.GetProperty("eligibility").GetProperty("holds").EnumerateArray().Select(h => h.GetString()));
        var none = await (await admin.PostJsonAsync($"/api/exam-sessions/{passed.SessionId}/certificate-batches", new { registrationIds = new[] { passed.RegistrationId } }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("certificate-batch.not-eligible", none.GetProperty("code").GetString());

        // The posting runs: the contract's address of the board shows the session to anyone.
        var board = await (await factory.CreateApiClient().GetAsync($"/api/results/posted?sessionId={passed.SessionId}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("欧**华", Assert.Single(board.GetProperty("candidates").EnumerateArray()).GetProperty("name").GetString());
        // The failed candidate asks for a review of the skill score (the contract's address): an open review holds a certificate back.
        await (await failed.Client.PostJsonAsync($"/api/results/{failed.RegistrationId}/reviews", new { component = "skill", reason = "第 3 题评分有误" }))
            .ExpectJsonAsync(HttpStatusCode.Created);

        await PastPostingAsync(passed, failed);
        admin = await AdminAsync();
        await (await factory.CreateApiClient().GetAsync($"/api/results/posted?sessionId={passed.SessionId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.True((await CandidateRowAsync(admin, passed)).GetProperty("eligibility").GetProperty("eligible").GetBoolean());
        var notPassed = await CandidateRowAsync(admin, failed);
        Assert.Contains("NotPassed", notPassed.GetProperty("eligibility").GetProperty("holds").EnumerateArray().Select(h => h.GetString()));
        Assert.Contains("ReviewOpen", notPassed.GetProperty("eligibility").GetProperty("holds").EnumerateArray().Select(h => h.GetString()));
        await (await admin.PostJsonAsync($"/api/exam-sessions/{failed.SessionId}/certificate-batches", new { registrationIds = new[] { failed.RegistrationId } }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        var issuedAt = factory.Clock().GetUtcNow();
        var progress = await IssueAsync(admin, passed.SessionId);
        Assert.Equal(1, progress.GetProperty("total").GetInt32());
        Assert.Equal(1, progress.GetProperty("issued").GetInt32());
        Assert.Equal(100, progress.GetProperty("percent").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, progress.GetProperty("completedAt").ValueKind);

        var certificate = await MineAsync(passed);
        var org = await factory.DbAsync(db => db.Centers.Where(c => c.Id == center).Select(c => c.OrganisationCode).SingleAsync());
        var beijingYear = issuedAt.ToOffset(TimeSpan.FromHours(8)).Year % 100;
        var number = certificate.GetProperty("number").GetString()!;
        Assert.Equal($"S{org}31{center:D6}{beijingYear:D2}4000001", number);
        Assert.Equal("欧阳明华", certificate.GetProperty("name").GetString());
        Assert.Equal("Valid", certificate.GetProperty("status").GetString());
        Assert.Equal("四级/中级工", certificate.GetProperty("levelName").GetString());

        // Again, by a retry or a second click: nothing more is issued.
        await (await admin.PostJsonAsync($"/api/exam-sessions/{passed.SessionId}/certificate-batches", new { registrationIds = new[] { passed.RegistrationId } }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.Equal(certificate.GetProperty("id").GetInt32(),
                await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(passed.RegistrationId, "http://localhost"));
        Assert.Equal(1, await factory.DbAsync(db => db.Certificates.CountAsync(c => c.RegistrationId == passed.RegistrationId)));

        // The audit log: the release, the approval and the issue, each once, by the admin (the issue in the batch job, for the approving admin).
        var adminId = await factory.UserIdAsync((await factory.WorldAsync()).AdminEmail);
        await factory.SingleAuditAsync(AuditActions.ResultsReleased, passed.SessionId.ToString(CultureInfo.InvariantCulture), adminId);
        Assert.Equal(center, (await factory.SingleAuditAsync(AuditActions.CertificateBatchStarted, progress.GetProperty("batchId").GetInt32().ToString(CultureInfo.InvariantCulture), adminId)).CenterId);
        var issuedLine = await factory.SingleAuditAsync(AuditActions.CertificateIssued, certificate.GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture), adminId, fromRequest: false);
        Assert.Contains(number, issuedLine.Detail, StringComparison.Ordinal);

        // The PDF: one A4 page, every field as real text, its hash as recorded, the QR code opening a verifying address.
        var pdf = await PdfAsync(passed.Client, certificate.GetProperty("id").GetInt32());
        Assert.True(pdf.Length < 100_000, $"{pdf.Length} bytes");
        Assert.Equal(certificate.GetProperty("pdfSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(pdf)));
        using (var document = PdfPigDocument.Open(pdf))
        {
            var page = Assert.Single(document.GetPages());
            Assert.Equal(595, page.Width, 0);
            Assert.Equal(842, page.Height, 0);
            var text = string.Concat(page.Letters.Select(l => l.Value));
            foreach (var field in new[] { "职业技能等级证书", "欧阳明华", passed.IdNumber, "居民身份证", "人工智能训练师", "四级/中级工", number, "发证日期" })
                Assert.Contains(field, text);
            var qr = PdfRendererTests.DecodeQr(Assert.Single(page.GetImages(), i => i.BitsPerComponent == 1));
            Assert.NotNull(qr);
            Assert.Equal(certificate.GetProperty("verifyUrl").GetString(), qr);
            var code = qr[(qr.IndexOf("/verify/", StringComparison.Ordinal) + "/verify/".Length)..];
            var verified = await (await factory.CreateApiClient().GetAsync($"/api/verify/{code}")).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.True(verified.GetProperty("valid").GetBoolean());
        }

        var mail = Assert.Single(await factory.MailToAsync(passed.Exam.Candidate.Email), m => m.Subject.Contains(number, StringComparison.Ordinal));
        Assert.Contains("/verify/", mail.HtmlBody);
        Assert.Empty(await factory.DbAsync(db => db.Certificates.Where(c => c.RegistrationId == failed.RegistrationId).ToListAsync()));
    }

    [Fact]
    public async Task Numbers_have_no_gaps_and_no_duplicates_when_issuers_race_and_a_batch_resumes_after_a_crash()
    {
        var center = await CenterAsync();
        var candidates = new List<Candidate>();
        for (var i = 0; i < 6; i++) candidates.Add(await ReleasedAsync(center));
        await PastPostingAsync([.. candidates]);

        // Two issuers per result at once (a retry, a second server): one certificate each, serials 1..4.
        var racing = candidates.Take(4).ToList();
        var results = await Task.WhenAll(racing.Concat(racing).Select(async c =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return (c.RegistrationId, Id: await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(c.RegistrationId, "http://localhost"));
        }));
        Assert.All(results.GroupBy(r => r.RegistrationId), g => Assert.Single(g.Select(r => r.Id).Distinct()));

        // A batch whose job died after issuing its first item but before recording it: the next run issues the rest, once.
        var admin = await AdminAsync();
        var rest = candidates.Skip(4).ToList();
        var batch = await (await admin.PostJsonAsync($"/api/exam-sessions/{rest[0].SessionId}/certificate-batches", new { })).ExpectJsonAsync(HttpStatusCode.Accepted);
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(rest[0].RegistrationId, "http://localhost");
        var batchId = batch.GetProperty("batchId").GetInt32();
        Assert.Equal(1, await factory.JobAsync<CertificateBatchJob, int>((j, ct) => j.RunAsync(batchId, ct)));
        Assert.Equal(0, await factory.JobAsync<CertificateBatchJob, int>((j, ct) => j.RunAsync(batchId, ct)));
        // The contract's form of the same request: the session in the body.
        var viaBody = await (await admin.PostJsonAsync("/api/certificate-batches", new { sessionId = rest[1].SessionId })).ExpectJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("running", viaBody.GetProperty("status").GetString());
        var bodyBatch = viaBody.GetProperty("batchId").GetInt32();
        Assert.Equal(1, await factory.JobAsync<CertificateBatchJob, int>((j, ct) => j.RunAsync(bodyBatch, ct)));
        Assert.Equal("completed", (await (await admin.GetAsync($"/api/certificate-batches/{bodyBatch}")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        await (await admin.PostJsonAsync("/api/certificate-batches", new { sessionId = 0 })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var numbers = await factory.DbAsync(db => db.Certificates.Where(c => c.CenterId == center).Select(c => c.Number).ToListAsync());
        Assert.Equal(6, numbers.Count);
        Assert.Equal(6, numbers.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 6).Select(n => n.ToString("D6", CultureInfo.InvariantCulture)), numbers.Select(Serial).Order());
        Assert.Equal(6, await factory.DbAsync(db => db.CertificateSerials.Where(s => s.CenterId == center).Select(s => s.Last).SingleAsync()));
        Assert.Equal(6, await factory.DbAsync(db => db.Certificates.Where(c => c.CenterId == center).Select(c => c.RegistrationId).Distinct().CountAsync()));
    }

    [Fact]
    public async Task A_batch_checks_eligibility_when_it_issues_not_when_it_was_approved()
    {
        var center = await CenterAsync();
        var withdrawn = await ReleasedAsync(center);
        var reviewed = await ReleasedAsync(center, skill: 75m);
        await PastPostingAsync(withdrawn, reviewed);
        var admin = await AdminAsync();
        var batches = new List<int>();
        foreach (var c in new[] { withdrawn, reviewed })
            batches.Add((await (await admin.PostJsonAsync($"/api/exam-sessions/{c.SessionId}/certificate-batches", new { })).ExpectJsonAsync(HttpStatusCode.Accepted))
                .GetProperty("batchId").GetInt32());

        // After approval and before the job: one registration is cancelled, the other candidate's result goes under review.
        await factory.DbAsync(db => db.ExamRegistrations.Where(r => r.Id == withdrawn.RegistrationId)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.Status, RegistrationStatus.Cancelled)));
        await factory.DbAsync(async db =>
        {
            var attempt = await db.ExamAttempts.SingleAsync(a => a.RegistrationId == reviewed.RegistrationId && a.Component == AssessmentComponent.Skill);
            var session = await db.ExamSessions.SingleAsync(x => x.Id == reviewed.SessionId);
            var today = factory.Clock().Today();
            db.ResultReviews.Add(ResultReview.Request(session, attempt, new ReviewWindow(today, today, Provisional: false), today, "第 2 题评分有误",
                factory.Clock().GetUtcNow()));
            return await db.SaveChangesAsync();
        });

        foreach (var (batchId, candidate, reason) in new[] { (batches[0], withdrawn, "withdrawn"), (batches[1], reviewed, "review") })
        {
            Assert.Equal(0, await factory.JobAsync<CertificateBatchJob, int>((j, ct) => j.RunAsync(batchId, ct)));
            var progress = await (await admin.GetAsync($"/api/certificate-batches/{batchId}")).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(1, progress.GetProperty("failed").GetInt32());
            var failure = Assert.Single(progress.GetProperty("failures").EnumerateArray());
            Assert.Equal(candidate.RegistrationId, failure.GetProperty("registrationId").GetInt32());
            Assert.Contains(reason, failure.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.Empty(await factory.DbAsync(db => db.Certificates.Where(c => c.RegistrationId == candidate.RegistrationId).ToListAsync()));
        }
    }

    [Fact]
    public async Task Verification_shows_the_masked_facts_refuses_a_changed_code_and_shows_a_revocation_and_a_reissue_at_once()
    {
        var center = await CenterAsync();
        var candidate = await ReleasedAsync(center, realName: "李建国");
        await PastPostingAsync(candidate);
        var admin = await AdminAsync();
        await IssueAsync(admin, candidate.SessionId);
        var certificate = await MineAsync(candidate);
        var id = certificate.GetProperty("id").GetInt32();
        var code = certificate.GetProperty("code").GetString()!;
        var anonymous = factory.CreateApiClient();

        using (var response = await anonymous.GetAsync($"/api/verify/{code}"))
        {
            var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var verified = await response.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.True(verified.GetProperty("signatureValid").GetBoolean());
            Assert.True(verified.GetProperty("pdfSealValid").GetBoolean());
            Assert.Equal("Valid", verified.GetProperty("status").GetString());
            Assert.Equal("李*国", verified.GetProperty("maskedName").GetString());
            Assert.Equal("李*国", verified.GetProperty("holder").GetString());
            Assert.Equal("四级/中级工", verified.GetProperty("level").GetString());
            Assert.False(string.IsNullOrEmpty(verified.GetProperty("issuer").GetString()));
            Assert.DoesNotContain("李建国", raw);
            Assert.DoesNotContain(candidate.IdNumber, raw);
            Assert.DoesNotContain(candidate.Exam.Candidate.Email, raw);
        }

        // Offline: the facts, the published JWK and nothing else check the code and the PDF's seal.
        var jwks = await (await anonymous.GetAsync(CertificatesApi.KeysPath)).ExpectJsonAsync(HttpStatusCode.OK);
        var parsed = VerificationCode.Parse(code)!;
        var jwk = Assert.Single(jwks.GetProperty("keys").EnumerateArray(), k => k.GetProperty("kid").GetString() == parsed.KeyId);
        using var published = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(jwk.GetProperty("x").GetString()), Y = Base64Url.DecodeFromChars(jwk.GetProperty("y").GetString()) },
        });
        var stored = await factory.DbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.True(parsed.Verifies(stored.Facts, published));
        Assert.False(parsed.Verifies(stored.Facts with { Name = "李建华" }, published));
        Assert.True(DocumentSeal.Verifies(stored.Number, stored.PdfSha256, stored.PdfSeal, published));
        Assert.False(DocumentSeal.Verifies(stored.Number, new string('0', 64), stored.PdfSeal, published));

        // A code whose signature was changed: the certificate is found but the signature does not hold.
        var signature = code[(code.LastIndexOf('.') + 1)..];
        var flipped = code[..(code.LastIndexOf('.') + 1)] + (signature[0] == 'A' ? 'B' : 'A') + signature[1..];
        var forged = await (await anonymous.GetAsync($"/api/verify/{flipped}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(forged.GetProperty("signatureValid").GetBoolean());
        Assert.False(forged.GetProperty("valid").GetBoolean());
        // Unknown, malformed, over-long and NUL-bearing codes: a clean 404, never a 5xx.
        var otherNumber = parsed.Number[..^1] + (parsed.Number[^1] == '9' ? '8' : '9');
        foreach (var bad in new[] { $"{otherNumber}.{parsed.KeyId}.{signature}", "abc", "S1234.k1.xyz", new string('A', 5000), "S１２３４.k.a", $"{parsed.Number}.{parsed.KeyId}.{signature[..10]}" })
            await (await anonymous.GetAsync($"/api/verify/{bad}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        // The page, on a phone as on a desk, says the same.
        var page = await factory.CreateBrowserClient().GetStringAsync($"/verify/{code}", TestContext.Current.CancellationToken);
        Assert.Contains("李*国", page);
        Assert.DoesNotContain("李建国", page);
        Assert.Contains(stored.Number, page);

        // Revoked: verification says so at once, with the date and the reason; the revocation is final.
        var revoked = await (await admin.PostJsonAsync($"/api/certificates/{id}/revoke", new { reason = "证件信息与本人不符" })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Revoked", revoked.GetProperty("status").GetString());
        var revokedLine = await factory.SingleAuditAsync(AuditActions.CertificateRevoked, id.ToString(CultureInfo.InvariantCulture),
            await factory.UserIdAsync((await factory.WorldAsync()).AdminEmail));
        Assert.Contains("证件信息与本人不符", revokedLine.Detail, StringComparison.Ordinal);
        var after = await (await anonymous.GetAsync($"/api/verify/{code}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Revoked", after.GetProperty("status").GetString());
        Assert.Equal("证件信息与本人不符", after.GetProperty("revokedReason").GetString());
        Assert.False(after.GetProperty("valid").GetBoolean());
        Assert.Contains("证件信息与本人不符", await factory.CreateBrowserClient().GetStringAsync($"/verify/{code}", TestContext.Current.CancellationToken));
        await (await admin.PostJsonAsync($"/api/certificates/{id}/revoke", new { reason = "again" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostJsonAsync($"/api/certificates/{id}/reissue", new { reason = "again" })).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_reissue_has_a_new_number_and_the_corrected_name_and_old_codes_keep_verifying_after_the_keys_rotate()
    {
        var center = await CenterAsync();
        var candidate = await ReleasedAsync(center, realName: "张晓");
        await PastPostingAsync(candidate);
        var admin = await AdminAsync();
        await IssueAsync(admin, candidate.SessionId);
        var first = await MineAsync(candidate);
        var firstCode = first.GetProperty("code").GetString()!;

        var rotated = await (await admin.PostAsync("/api/certificate-keys/rotate", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var newKey = rotated.GetProperty("keyId").GetString()!;
        Assert.NotEqual(VerificationCode.Parse(firstCode)!.KeyId, newKey);

        var missing = await (await admin.PostJsonAsync($"/api/certificates/{first.GetProperty("id").GetInt32()}/reissue", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("reason", Assert.Single(missing.GetProperty("errors").EnumerateObject()).Name, ignoreCase: true);
        await factory.DbAsync(async db =>
        {
            var profile = await db.LearnerProfiles.SingleAsync(p => p.UserId == candidate.Exam.Candidate.Id);
            profile.Update("张晓明", profile.IdType, profile.IdNumber, profile.Phone, profile.Employment, null, null, profile.YearsInOccupation, profile.Education,
                factory.Clock().GetUtcNow());
            return await db.SaveChangesAsync();
        });
        var reissued = await (await admin.PostJsonAsync($"/api/certificates/{first.GetProperty("id").GetInt32()}/reissue", new { reason = "姓名更正" }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, reissued.GetProperty("edition").GetInt32());
        var reissuedLine = await factory.SingleAuditAsync(AuditActions.CertificateReissued, reissued.GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture),
            await factory.UserIdAsync((await factory.WorldAsync()).AdminEmail));
        Assert.Contains("姓名更正", reissuedLine.Detail, StringComparison.Ordinal);
        Assert.Equal("张晓明", reissued.GetProperty("name").GetString());
        Assert.NotEqual(first.GetProperty("number").GetString(), reissued.GetProperty("number").GetString());
        Assert.Equal("000002", Serial(reissued.GetProperty("number").GetString()!));
        Assert.Equal(newKey, VerificationCode.Parse(reissued.GetProperty("code").GetString())!.KeyId);

        var anonymous = factory.CreateApiClient();
        var old = await (await anonymous.GetAsync($"/api/verify/{firstCode}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(old.GetProperty("signatureValid").GetBoolean());
        Assert.Equal("Superseded", old.GetProperty("status").GetString());
        Assert.Equal(reissued.GetProperty("number").GetString(), old.GetProperty("supersededBy").GetString());
        var current = await (await anonymous.GetAsync($"/api/verify/{reissued.GetProperty("code").GetString()}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(current.GetProperty("valid").GetBoolean());
        Assert.Equal("张*明", current.GetProperty("maskedName").GetString());
        var keys = await (await anonymous.GetAsync(CertificatesApi.KeysPath)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(keys.GetProperty("keys").GetArrayLength() >= 2);
        Assert.Equal(2, (await (await candidate.Client.GetAsync("/api/certificates")).ExpectJsonAsync(HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task Only_the_holder_and_admins_read_a_certificate_and_only_admins_issue_revoke_and_rotate()
    {
        var w = await factory.WorldAsync();
        var center = await CenterAsync();
        var candidate = await ReleasedAsync(center);
        await PastPostingAsync(candidate);
        var admin = await AdminAsync();
        await IssueAsync(admin, candidate.SessionId);
        var id = (await MineAsync(candidate)).GetProperty("id").GetInt32();

        var other = await factory.LearnerAsync();
        var staff = await factory.SignInAsync(w.StaffAEmail, TestWorld.Password);
        foreach (var reader in new[] { other.Client, staff })
        {
            await (await reader.GetAsync($"/api/certificates/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
            await (await reader.GetAsync($"/api/certificates/{id}/pdf")).ExpectProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Equal(0, (await (await other.Client.GetAsync("/api/certificates")).ExpectJsonAsync(HttpStatusCode.OK)).GetArrayLength());
        await (await factory.CreateApiClient().GetAsync($"/api/certificates/{id}")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await admin.GetAsync($"/api/certificates/{id}/pdf")).ExpectStatusAsync(HttpStatusCode.OK);
        foreach (var (method, url) in new[] { ("POST", $"/api/certificates/{id}/revoke"), ("POST", $"/api/certificates/{id}/reissue"),
                     ("POST", $"/api/exam-sessions/{candidate.SessionId}/certificate-batches"), ("GET", $"/api/exam-sessions/{candidate.SessionId}/certificate-candidates"),
                     ("POST", "/api/certificate-keys/rotate") })
        {
            foreach (var caller in new[] { candidate.Client, staff })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = System.Net.Http.Json.JsonContent.Create(new { reason = "x" }) };
                await (await caller.SendAsync(request)).ExpectStatusAsync(HttpStatusCode.Forbidden);
            }
        }
        Assert.Equal("Valid", (await MineAsync(candidate)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_learner_s_photo_is_checked_and_printed_on_the_certificates_issued_afterwards()
    {
        var center = await CenterAsync();
        var candidate = await ReleasedAsync(center);
        var client = candidate.Client;
        await (await client.GetAsync(CertificatePhoto.Url)).ExpectStatusAsync(HttpStatusCode.NotFound);

        foreach (var (bytes, name, code) in new[]
                 {
                     (Png(100, 120), "small.png", "photo.too-small"),
                     (Png(400, 300), "wide.png", "photo.landscape"),
                     ("not a picture"u8.ToArray(), "photo.txt", "file.type"),
                     (Png(240, 320)[..40], "broken.png", "photo.unreadable"),
                     (new byte[CertificatePhoto.MaxBytes + 1], "huge.png", "file.too-large"),
                 })
        {
            var refused = await (await client.PutAsync(CertificatePhoto.Url, Form(bytes, name))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal(code, refused.GetProperty("code").GetString());
        }
        await (await client.GetAsync(CertificatePhoto.Url)).ExpectStatusAsync(HttpStatusCode.NotFound);

        var photo = Png(240, 320);
        var saved = await (await client.PutAsync(CertificatePhoto.Url, Form(photo, "证件照.png"))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("image/png", saved.GetProperty("contentType").GetString());
        using (var read = await client.GetAsync(CertificatePhoto.Url))
        {
            await read.ExpectStatusAsync(HttpStatusCode.OK);
            Assert.Equal(photo, await read.Content.ReadAsByteArrayAsync());
        }
        await (await factory.CreateApiClient().GetAsync(CertificatePhoto.Url)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await (await factory.LearnerAsync()).Client.GetAsync(CertificatePhoto.Url)).ExpectStatusAsync(HttpStatusCode.NotFound);

        await PastPostingAsync(candidate);
        await IssueAsync(await AdminAsync(), candidate.SessionId);
        var pdf = await PdfAsync(client, (await MineAsync(candidate)).GetProperty("id").GetInt32());
        using var document = PdfPigDocument.Open(pdf);
        var images = Assert.Single(document.GetPages()).GetImages().ToList();
        Assert.Equal(2, images.Count);
        var printed = Assert.Single(images, i => i.BitsPerComponent != 1);
        Assert.Equal(240, printed.WidthInSamples);
        Assert.Equal(320, printed.HeightInSamples);

        await (await client.DeleteAsync(CertificatePhoto.Url)).ExpectStatusAsync(HttpStatusCode.NoContent);
        await (await client.GetAsync(CertificatePhoto.Url)).ExpectStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_register_exports_safe_cells_the_badge_is_a_signed_open_badge_and_a_finished_batch_packs_its_pdfs()
    {
        var center = await CenterAsync();
        var candidate = await ReleasedAsync(center, realName: "=2+3");
        await PastPostingAsync(candidate);
        var admin = await AdminAsync();
        var started = await (await admin.PostJsonAsync($"/api/exam-sessions/{candidate.SessionId}/certificate-batches", new { })).ExpectJsonAsync(HttpStatusCode.Accepted);
        var batchId = started.GetProperty("batchId").GetInt32();
        // Not finished: nothing to pack and nothing to download.
        Assert.Equal("certificate-batch.not-complete",
            (await (await admin.PostAsync($"/api/certificate-batches/{batchId}/archive", null)).ExpectProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        await factory.JobAsync<CertificateBatchJob, int>((j, ct) => j.RunAsync(batchId, ct));
        var certificate = await MineAsync(candidate);
        var number = certificate.GetProperty("number").GetString()!;

        // The register: one row per certificate, text cells, the formula-like name neutralised in both formats.
        using (var csv = await admin.GetAsync($"/api/certificates/register?sessionId={candidate.SessionId}&format=csv"))
        {
            await csv.ExpectStatusAsync(HttpStatusCode.OK);
            var text = System.Text.Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
            var lines = text.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("证书编号,姓名,证件类型,证件号码", lines[0], StringComparison.Ordinal);
            Assert.StartsWith($"{number},'=2+3,居民身份证,{candidate.IdNumber},人工智能训练师", lines[1], StringComparison.Ordinal);
        }
        using (var xlsx = await admin.GetAsync($"/api/certificates/register?sessionId={candidate.SessionId}"))
        {
            await xlsx.ExpectStatusAsync(HttpStatusCode.OK);
            using var book = new ClosedXML.Excel.XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
            var sheet = book.Worksheets.First();
            Assert.Equal(number, sheet.Cell(2, 1).GetString());
            Assert.Equal("'=2+3", sheet.Cell(2, 2).GetString());
            Assert.False(sheet.Cell(2, 2).HasFormula);
            Assert.Equal(candidate.IdNumber, sheet.Cell(2, 4).GetString());
            Assert.Equal("有效", sheet.Cell(2, 10).GetString());
            Assert.True(sheet.Cell(3, 1).IsEmpty());
        }
        await (await admin.GetAsync($"/api/certificates/register?format=pdf")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync($"/api/certificates/register?sessionId=999999")).ExpectProblemAsync(HttpStatusCode.NotFound);

        // The badge: a VC-JWT whose header key is the published one and whose payload is the Open Badges 3.0 credential.
        var id = certificate.GetProperty("id").GetInt32();
        using var badge = await candidate.Client.GetAsync($"/api/certificates/{id}/badge");
        await badge.ExpectStatusAsync(HttpStatusCode.OK);
        Assert.Equal(CertificateCredential.MediaType, badge.Content.Headers.ContentType!.MediaType);
        var jwt = await badge.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement;
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        var jwks = await (await factory.CreateApiClient().GetAsync(CertificatesApi.KeysPath)).ExpectJsonAsync(HttpStatusCode.OK);
        var jwk = Assert.Single(jwks.GetProperty("keys").EnumerateArray(), k => k.GetProperty("kid").GetString() == header.GetProperty("kid").GetString());
        using (var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(jwk.GetProperty("x").GetString()), Y = Base64Url.DecodeFromChars(jwk.GetProperty("y").GetString()) },
        }))
        {
            var input = System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            Assert.True(key.VerifyData(input, Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            var forged = System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1] + "A");
            Assert.False(key.VerifyData(forged, Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        }
        var payloadText = System.Text.Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
        var payload = JsonDocument.Parse(payloadText).RootElement;
        Assert.Contains("OpenBadgeCredential", payload.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", payload.GetProperty("@context").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(certificate.GetProperty("verifyUrl").GetString(), payload.GetProperty("id").GetString());
        Assert.Equal(payload.GetProperty("id").GetString(), payload.GetProperty("jti").GetString());
        Assert.Equal(payload.GetProperty("issuer").GetProperty("id").GetString(), payload.GetProperty("iss").GetString());
        Assert.Contains("四级/中级工", payload.GetProperty("credentialSubject").GetProperty("achievement").GetProperty("name").GetString());
        var identity = Assert.Single(payload.GetProperty("credentialSubject").GetProperty("identifier").EnumerateArray());
        var salt = identity.GetProperty("salt").GetString();
        Assert.Equal("sha256$" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(candidate.IdNumber + salt))),
            identity.GetProperty("identityHash").GetString());
        Assert.DoesNotContain(candidate.IdNumber, payloadText);
        await (await (await factory.LearnerAsync()).Client.GetAsync($"/api/certificates/{id}/badge")).ExpectProblemAsync(HttpStatusCode.NotFound);

        // The zip of the batch: asked for, built by its job, then offered; each PDF as issued, and a manifest.
        Assert.Equal("certificate-batch.archive-not-ready",
            (await (await admin.GetAsync($"/api/certificate-batches/{batchId}/archive")).ExpectProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        var asked = await (await admin.PostAsync($"/api/certificate-batches/{batchId}/archive", null)).ExpectJsonAsync(HttpStatusCode.Accepted);
        Assert.NotEqual(JsonValueKind.Null, asked.GetProperty("archiveRequestedAt").ValueKind);
        Assert.Equal(1, await factory.JobAsync<CertificateArchiveJob, int>((j, ct) => j.RunAsync(batchId, ct)));
        var ready = await (await admin.GetAsync($"/api/certificate-batches/{batchId}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(JsonValueKind.Null, ready.GetProperty("archiveReadyAt").ValueKind);
        using var archive = await admin.GetAsync($"/api/certificate-batches/{batchId}/archive");
        await archive.ExpectStatusAsync(HttpStatusCode.OK);
        using var zip = new ZipArchive(new MemoryStream(await archive.Content.ReadAsByteArrayAsync()));
        Assert.Equal([$"{number}.pdf", "manifest.csv"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var packed = new MemoryStream();
        await using (var entry = zip.GetEntry($"{number}.pdf")!.Open()) await entry.CopyToAsync(packed, TestContext.Current.CancellationToken);
        Assert.Equal(await PdfAsync(admin, id), packed.ToArray());
        using var manifest = new StreamReader(zip.GetEntry("manifest.csv")!.Open());
        Assert.Contains($"{number},'=2+3,{certificate.GetProperty("pdfSha256").GetString()}", await manifest.ReadToEndAsync(TestContext.Current.CancellationToken));
        await (await candidate.Client.GetAsync($"/api/certificate-batches/{batchId}/archive")).ExpectStatusAsync(HttpStatusCode.Forbidden);
    }

    private static MultipartFormDataContent Form(byte[] bytes, string name)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    /// <summary>An 8-bit RGB PNG of a gradient, encoded here (zlib from the framework, CRC-32 by the table).</summary>
    internal static byte[] Png(int width, int height)
    {
        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < width; x++)
            {
                raw.WriteByte((byte)(x * 255 / width));
                raw.WriteByte((byte)(y * 255 / height));
                raw.WriteByte(160);
            }
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) raw.WriteTo(z);

        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var body = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(body);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(body));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
