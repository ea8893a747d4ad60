using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.ExamSitting;

namespace TrainerAcademy.Tests.Hosting;

/// <summary>
/// Fault drill: the platform process, running its job server, is SIGKILLed in the middle of a certificate batch and
/// started again on the same database. Hangfire runs the aborted job again once its invisibility timeout has passed
/// (<c>Hangfire:InvisibilityTimeoutSeconds</c>, short here); every result ends with exactly one certificate, numbered
/// without gaps or duplicates, and one e-mail queued for it.
/// </summary>
public sealed class JobServerKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Certificates = 60;

    /// <summary>How long the restarted server waits before it runs again a job fetched by the killed one.</summary>
    private const int InvisibilitySeconds = 5;

    private string? _database;
    private string _connectionString = "";
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("academy-drill-keys-");
    private readonly DirectoryInfo _documents = Directory.CreateTempSubdirectory("academy-drill-docs-");

    public async ValueTask InitializeAsync()
    {
        if (TestPostgres.BaseConnectionString is null) return;
        (_database, _connectionString) = await TestPostgres.CreateDatabaseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await TestPostgres.DropDatabaseAsync(_database);
        }
        try { _keys.Delete(recursive: true); } catch (IOException) { }
        try { _documents.Delete(recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// A level-4 session of a new center, its window 40 days before the real now, with <see cref="Certificates"/> candidates
    /// who passed both papers, released then: by now their posting and review windows are over, so all are eligible.
    /// </summary>
    private async Task<(int CenterId, int SessionId, string AdminEmail)> ArrangeAsync()
    {
        await using var arranger = new ProcessKillTests.Arranger(_connectionString, DateTimeOffset.UtcNow.AddDays(-40), _keys.FullName);
        await arranger.InitializeAsync();
        var world = await arranger.WorldAsync();
        var center = await arranger.DbAsync(async db =>
        {
            var c = new TrainingCenter("演练中心 " + Guid.NewGuid().ToString("N")[..6], TestData.NextOrganisationCode(), "31", "上海", null);
            db.Centers.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });
        var exam = await SkillAttemptTests.SkillSessionAsync(arranger, centerId: center);
        var others = await arranger.LearnersAsync(Certificates - 1);
        var now = arranger.Clock!.GetUtcNow();
        await arranger.DbAsync(async db =>
        {
            var session = await db.ExamSessions.SingleAsync(s => s.Id == exam.SessionId);
            var blueprint = await db.ExamBlueprints.SingleAsync(b => b.Id == session.BlueprintId);
            var skillBlueprint = await db.SkillBlueprints.SingleAsync(b => b.Id == session.SkillBlueprintId);
            var registrations = new List<ExamRegistration> { await db.ExamRegistrations.SingleAsync(r => r.Id == exam.RegistrationId) };
            foreach (var learner in others)
            {
                var registration = new ExamRegistration(session, learner.Id, "T" + Guid.NewGuid().ToString("N")[..20], new ApplicationDeclaration(5, null, false, false), "test", now);
                db.ExamRegistrations.Add(registration);
                registrations.Add(registration);
            }
            await db.SaveChangesAsync();
            var n = 0;
            foreach (var registration in registrations)
            {
                var profile = await db.LearnerProfiles.FindAsync(registration.LearnerId);
                if (profile is null) db.LearnerProfiles.Add(profile = new LearnerProfile(registration.LearnerId));
                profile.Update("演练" + "甲乙丙丁戊己庚辛"[n % 8] + "生", IdType.ResidentIdCard, TestData.UniqueIdNumber(), "13800138000", Employment.Employed, "上海", "上海", 3, Education.Bachelor, now);
                var theory = new ExamAttempt(registration, session, blueprint, 1, [], now);
                var skill = new ExamAttempt(registration, session, skillBlueprint, 1, [], now);
                theory.Submit(now, automatic: false);
                skill.Submit(now, automatic: false);
                theory.Grade(new Dictionary<int, QuestionVersion>(), now);
                skill.GradeSkill(now);
                db.ExamAttempts.AddRange(theory, skill);
                n++;
            }
            await db.SaveChangesAsync();
            // The papers are empty, so grading gave 0: the scores are set as grading would have set them.
            var ids = registrations.Select(r => r.Id).ToList();
            await db.ExamAttempts.Where(a => ids.Contains(a.RegistrationId)).ExecuteUpdateAsync(x => x.SetProperty(a => a.Score, 80m).SetProperty(a => a.Passed, true));
            return 0;
        });
        arranger.Clock.SetUtcNow(exam.WindowEnd.AddMinutes(5));
        var admin = await arranger.SignInAsync(world.AdminEmail, TestWorld.Password);
        await (await admin.PostAsync($"/api/exam-sessions/{exam.SessionId}/release-results", null)).ExpectJsonAsync(HttpStatusCode.OK);
        return (center, exam.SessionId, world.AdminEmail);
    }

    [Fact]
    public async Task A_certificate_batch_killed_midway_finishes_after_the_restart_with_one_certificate_per_result_and_no_gap_in_the_numbers()
    {
        TestPostgres.Require();
        var (center, sessionId, adminEmail) = await ArrangeAsync();
        await using var reader = new ProcessKillTests.Arranger(_connectionString, DateTimeOffset.UtcNow, _keys.FullName);
        await reader.InitializeAsync();

        var settings = ProcessKillTests.ProcessSettings(_connectionString, _keys.FullName, _documents.FullName);
        settings["Hangfire__InvisibilityTimeoutSeconds"] = InvisibilitySeconds.ToString(CultureInfo.InvariantCulture);
        await using var platform = new PlatformProcess(settings);
        await platform.StartAsync();
        using var anonymous = platform.Client();
        using var admin = platform.Client(await TestHttp.LoginAsync(anonymous, adminEmail, TestWorld.Password));

        var batch = await (await admin.PostJsonAsync($"/api/exam-sessions/{sessionId}/certificate-batches", new { })).ExpectJsonAsync(HttpStatusCode.Accepted);
        var batchId = batch.GetProperty("batchId").GetInt32();
        Assert.Equal(Certificates, batch.GetProperty("total").GetInt32());

        Task<int> IssuedAsync() => reader.DbAsync(db => db.Certificates.CountAsync(c => c.CenterId == center));
        var clock = Stopwatch.StartNew();
        var issuedBeforeKill = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            issuedBeforeKill = await IssuedAsync();
            if (issuedBeforeKill >= 3) break;
            await Task.Delay(10);
        }
        platform.Kill();
        var atKill = await IssuedAsync();
        Assert.True(atKill is > 0 and < Certificates, $"{atKill} of {Certificates} issued when the process was killed: the drill must kill it midway\n{platform.Output}");
        var batchItemsDoneAtKill = await reader.DbAsync(db => db.Set<TrainerAcademy.Domain.Certificates.CertificateBatchItem>().CountAsync(i => i.BatchId == batchId && i.DoneAt != null));

        var restart = Stopwatch.StartNew();
        await platform.StartAsync();
        JsonElement progress = default;
        while (restart.Elapsed < TimeSpan.FromSeconds(90))
        {
            progress = await (await admin.GetAsync($"/api/certificate-batches/{batchId}")).ExpectJsonAsync(HttpStatusCode.OK);
            if (progress.GetProperty("status").GetString() == "completed") break;
            await Task.Delay(250);
        }
        var finishedAfter = restart.Elapsed;
        Assert.True(progress.GetProperty("status").GetString() == "completed", $"the batch did not finish after the restart: {progress}\n{platform.Output}");
        Assert.Equal(Certificates, progress.GetProperty("issued").GetInt32());
        Assert.Equal(0, progress.GetProperty("failed").GetInt32());

        var certificates = await reader.DbAsync(db => db.Certificates.AsNoTracking().Where(c => c.CenterId == center)
            .Select(c => new { c.RegistrationId, c.Number, c.Id }).ToListAsync());
        Assert.Equal(Certificates, certificates.Count);
        Assert.Equal(Certificates, certificates.Select(c => c.RegistrationId).Distinct().Count());
        Assert.Equal(Certificates, certificates.Select(c => c.Number).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, Certificates).Select(n => n.ToString("D6", CultureInfo.InvariantCulture)), certificates.Select(c => c.Number[^6..]).Order());
        Assert.Equal(Certificates, await reader.DbAsync(db => db.CertificateSerials.Where(s => s.CenterId == center).Select(s => s.Last).SingleAsync()));
        // One e-mail queued per certificate, none twice: it is written in the certificate's own transaction.
        var mails = await reader.DbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Subject.StartsWith("证书已颁发")).Select(m => m.Subject).ToListAsync());
        Assert.Equal(certificates.Select(c => c.Number).Order(), mails.Select(s => s[(s.LastIndexOf(' ') + 1)..]).Order());

        output.WriteLine($"certificates {Certificates}; issued when SIGKILLed {atKill} (batch items recorded done {batchItemsDoneAtKill}); " +
                         $"invisibility timeout {InvisibilitySeconds} s; batch completed {finishedAfter.TotalSeconds:0.0} s after the restart began; " +
                         $"certificates {certificates.Count}, numbers 000001–{Certificates:D6} without gap or duplicate; e-mails queued {mails.Count}");
    }
}
