using Hangfire;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Features.ExamSitting;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.ExamSitting;

/// <summary>
/// The app on a fake clock with no Hangfire server (the tests run the deadline and grading jobs themselves; delayed
/// jobs are still written to the job storage, where the tests find them).
/// </summary>
public sealed class SqliteExamFactory : SqliteEnrollmentFactory
{
    protected override bool UsesFakeClock => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ExamClock.KeepTokens(builder);
    }
}

/// <inheritdoc cref="SqliteExamFactory"/>
public sealed class PostgresExamFactory : PostgresEnrollmentFactory
{
    protected override bool UsesFakeClock => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ExamClock.KeepTokens(builder);
    }
}

internal static class ExamClock
{
    /// <summary>The tests move the fake clock past whole exam windows; bearer tokens signed in at the start stay valid.</summary>
    public static void KeepTokens(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(s => s.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromDays(30)));
}

/// <summary>A session open now, its blueprint, and a registered candidate with a signed-in client.</summary>
public sealed record ExamSetup(int SessionId, int BlueprintId, int RegistrationId, TestLearner Candidate, DateTimeOffset WindowStart, DateTimeOffset WindowEnd);

/// <summary>Question bank, blueprints, sessions, registrations and API calls for the exam delivery tests.</summary>
public static class ExamSittingKit
{
    public const int Level = 4;

    /// <summary>20 true-false (5 × 4 points), 40 single choice (5 × 8), 40 multiple choice (4 × 10): 14 items, 100 points.</summary>
    public static readonly BlueprintLine[] Lines =
    [
        new("data-collection", QuestionType.TrueFalse, 5, 4m),
        new("data-annotation", QuestionType.SingleChoice, 5, 8m),
        new("system-operation", QuestionType.MultipleChoice, 4, 10m),
    ];

    public const int ItemCount = 14;

    /// <summary>Every explanation in the test bank starts with this, so a leaked one is easy to find in a response.</summary>
    public const string ExplanationMark = "解析标记";

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AcademyFactory, Task> Banks = new();

    public static FakeTimeProvider Clock(this AcademyFactory factory) => factory.Clock!;

    /// <summary>A level-4 bank a little larger than the blueprint needs, made once per factory.</summary>
    public static Task BankAsync(this AcademyFactory factory) => Banks.GetValue(factory, f => f.MakeBankAsync());

    private static async Task MakeBankAsync(this AcademyFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var now = factory.Clock!.GetUtcNow();
        var tag = Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 8; i++)
            db.Questions.Add(new Question($"T{tag}-TF{i}", Level, "data-collection",
                new QuestionContent(QuestionType.TrueFalse, 1, $"判断题 {i}：数据采集前应明确采集目的。", null, i % 2 == 0 ? "true" : "false", $"{ExplanationMark} 判断 {i}"), now));
        for (var i = 0; i < 8; i++)
            db.Questions.Add(new Question($"T{tag}-SC{i}", Level, "data-annotation",
                new QuestionContent(QuestionType.SingleChoice, 2, $"单选题 {i}：以下哪项是标注规范的内容？",
                    [$"选项甲{i}", $"选项乙{i}", $"选项丙{i}", $"选项丁{i}"], Letters.Of(i % 4).ToString(), $"{ExplanationMark} 单选 {i}"), now));
        for (var i = 0; i < 6; i++)
            db.Questions.Add(new Question($"T{tag}-MC{i}", Level, "system-operation",
                new QuestionContent(QuestionType.MultipleChoice, 3, $"多选题 {i}：智能系统运维包括哪些工作？",
                    [$"多选甲{i}", $"多选乙{i}", $"多选丙{i}", $"多选丁{i}", $"多选戊{i}"], i % 2 == 0 ? "AC" : "BDE", $"{ExplanationMark} 多选 {i}"), now));
        // A retired question is never drawn.
        var retired = new Question($"T{tag}-RET", Level, "data-collection",
            new QuestionContent(QuestionType.TrueFalse, 1, "已停用的判断题", null, "true", $"{ExplanationMark} 停用"), now);
        retired.Retire();
        db.Questions.Add(retired);
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// A session of center A whose window opened <paramref name="openedAgo"/> ago (negative: opens later) and lasts
    /// <paramref name="windowHours"/>, and a registered candidate of its own.
    /// </summary>
    public static async Task<ExamSetup> SessionAsync(this AcademyFactory factory, TimeSpan? openedAgo = null, double windowHours = 4,
        bool showReview = true, int durationMinutes = 90, int? centerId = null)
    {
        var world = await factory.WorldAsync();
        await factory.BankAsync();
        var candidate = await factory.LearnerAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var now = factory.Clock!.GetUtcNow();
        var blueprint = new ExamBlueprint(Level, "测试蓝图 " + Guid.NewGuid().ToString("N")[..6], durationMinutes, 60m, Lines, now);
        db.ExamBlueprints.Add(blueprint);
        await db.SaveChangesAsync();
        var start = now - (openedAgo ?? TimeSpan.FromMinutes(10));
        var end = start.AddHours(windowHours);
        var session = new ExamSession(centerId ?? world.CenterA, Level, blueprint.Id, "四级理论考试 " + Guid.NewGuid().ToString("N")[..6], ExamMode.Online, null, 100,
            start, end, start.AddDays(-1), showReview, now.AddDays(-10));
        db.ExamSessions.Add(session);
        await db.SaveChangesAsync();
        var registration = new ExamRegistration(session, candidate.Id, "T" + Guid.NewGuid().ToString("N")[..20],
            new ApplicationDeclaration(5, null, false, false), "test", now);
        db.ExamRegistrations.Add(registration);
        await db.SaveChangesAsync();
        return new ExamSetup(session.Id, blueprint.Id, registration.Id, candidate, start, end);
    }

    public static Task<HttpResponseMessage> StartAsync(this HttpClient client, int registrationId, string component = "theory") =>
        client.PostJsonAsync($"/api/registrations/{registrationId}/attempts", new { component });

    /// <summary>Starts (or resumes) and returns the body.</summary>
    public static async Task<JsonElement> StartedAsync(this HttpClient client, int registrationId, HttpStatusCode expected = HttpStatusCode.Created) =>
        await (await client.StartAsync(registrationId)).ExpectJsonAsync(expected);

    public static Task<HttpResponseMessage> SaveAsync(this HttpClient client, int attemptId, int itemId, object? response, int revision) =>
        client.PutJsonAsync($"/api/attempts/{attemptId}/answers/{itemId}", new { response, revision });

    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, int attemptId) =>
        client.PostAsync($"/api/attempts/{attemptId}/submit", null);

    public static int AttemptId(this JsonElement e) => e.GetProperty("attemptId").GetInt32();

    public static Task<ExamAttempt> AttemptAsync(this AcademyFactory factory, int attemptId) =>
        factory.DbAsync(db => db.ExamAttempts.AsNoTracking().Include(a => a.Items).SingleAsync(a => a.Id == attemptId));

    public static Task<List<AttemptEvent>> EventsAsync(this AcademyFactory factory, int attemptId) =>
        factory.DbAsync(db => db.AttemptEvents.AsNoTracking().Where(e => e.AttemptId == attemptId).OrderBy(e => e.Id).ToListAsync());

    public static Task<Dictionary<int, QuestionVersion>> VersionsAsync(this AcademyFactory factory) =>
        factory.DbAsync(db => db.QuestionVersions.AsNoTracking().ToDictionaryAsync(v => v.Id));

    public static async Task<T> JobAsync<TJob, T>(this AcademyFactory factory, Func<TJob, CancellationToken, Task<T>> run) where TJob : notnull
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await run(scope.ServiceProvider.GetRequiredService<TJob>(), TestContext.Current.CancellationToken);
    }

    /// <summary>The delayed deadline jobs in the job storage: (attempt id, when).</summary>
    public static IReadOnlyList<(int AttemptId, DateTime EnqueueAt)> ScheduledDeadlineJobs(this AcademyFactory factory) =>
        factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledJobs(0, 10_000)
            .Where(j => j.Value?.Job is { } job && job.Type == typeof(AttemptDeadlineJob) && job.Method.Name == nameof(AttemptDeadlineJob.CloseAsync))
            .Select(j => (Convert.ToInt32(j.Value.Job.Args[0], System.Globalization.CultureInfo.InvariantCulture), j.Value.EnqueueAt))
            .ToList();

    /// <summary>Field names that must never appear in what a candidate reads before results are released.</summary>
    private static readonly string[] Secret = ["answer", "key", "explanation", "optionOrder", "questionVersionId", "seed", "correct", "awarded"];

    /// <summary>Fails when a candidate-facing body holds a key, an explanation or the bank's option order.</summary>
    public static void NoSecrets(string body, string what)
    {
        Assert.DoesNotContain(ExplanationMark, body);
        if (body.Length == 0) return;
        Walk(JsonDocument.Parse(body).RootElement);

        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        Assert.False(Secret.Contains(p.Name, StringComparer.OrdinalIgnoreCase), $"{what} carries the field '{p.Name}': {body}");
                        Walk(p.Value);
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var x in e.EnumerateArray()) Walk(x);
                    break;
            }
        }
    }

    /// <summary>The items of a paper body show the stems and options of the frozen items, options in the shown order.</summary>
    public static void ShowsFrozenPaper(JsonElement body, ExamAttempt attempt, IReadOnlyDictionary<int, QuestionVersion> versions)
    {
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(attempt.Items.Count, items.Count);
        foreach (var json in items)
        {
            var item = attempt.Items.Single(i => i.Position == json.GetProperty("itemId").GetInt32());
            var version = versions[item.QuestionVersionId];
            Assert.Equal(version.Stem, json.GetProperty("stem").GetString());
            var shown = json.GetProperty("options").EnumerateArray().Select(o => o.GetString()!).ToList();
            Assert.Equal(item.OptionOrder.Select(c => version.Options[c - '0']).ToList(), shown);
        }
    }

    /// <summary>The correct response of an item, in the letters shown to this candidate (true/false as a JSON boolean).</summary>
    public static object CorrectResponse(AttemptItem item, QuestionVersion version) =>
        item.Type == QuestionType.TrueFalse ? version.Answer == "true" : item.KeyInShownLetters(version);

    public static object WrongResponse(AttemptItem item, QuestionVersion version)
    {
        if (item.Type == QuestionType.TrueFalse) return version.Answer != "true";
        var key = item.KeyInShownLetters(version);
        return Enumerable.Range(0, item.OptionOrder.Length).Select(Letters.Of).First(c => !key.Contains(c)).ToString();
    }
}
