using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Features.ExamSitting;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.ExamSitting;

/// <summary>
/// Theory papers drawn and frozen before the window opens: the preparation draws one per registered candidate of the
/// sessions opening within the lead time and no more, hides them from every view, and a start begins the prepared
/// paper (one update; racing starts begin it once) with the deadline and accommodation of that moment. A paper the bank
/// or the blueprint has changed under is drawn again, and the papers nobody started go when the window closes.
/// </summary>
public abstract class PreparedPaperTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : PreparedPaperTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : PreparedPaperTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    private Task<int> SweepAsync() => factory.JobAsync<PreparePapersJob, int>((j, ct) => j.SweepAsync(ct));

    private Task<int> PrepareAsync(int sessionId) => factory.JobAsync<PreparePapersJob, int>((j, ct) => j.PrepareAsync(sessionId, ct));

    /// <summary>The prepared or started papers of a registration, seen past the filter that hides prepared ones.</summary>
    private Task<List<ExamAttempt>> PapersAsync(int registrationId) =>
        factory.DbAsync(db => db.ExamAttempts.IgnoreQueryFilters(ExamAttempt.WithPrepared).AsNoTracking().Include(a => a.Items)
            .Where(a => a.RegistrationId == registrationId).ToListAsync());

    [Fact]
    public async Task A_paper_prepared_before_the_window_is_hidden_until_its_candidate_starts_it_and_then_begins_with_the_clock_of_the_start()
    {
        var exam = await factory.SessionAsync(openedAgo: TimeSpan.FromHours(-2));
        Assert.True(await SweepAsync() >= 1);
        var prepared = Assert.Single(await PapersAsync(exam.RegistrationId));
        Assert.Equal(AttemptStatus.Prepared, prepared.Status);
        Assert.Equal(ExamSittingKit.ItemCount, prepared.Items.Count);
        Assert.Equal(exam.WindowEnd, prepared.Deadline);

        // A second run draws nothing more for it.
        await SweepAsync();
        Assert.Single(await PapersAsync(exam.RegistrationId));

        // Nobody sees it yet: not the queries, not its candidate, and the start before the window is refused as before.
        Assert.False(await factory.DbAsync(db => db.ExamAttempts.AnyAsync(a => a.RegistrationId == exam.RegistrationId)));
        var client = exam.Candidate.Client;
        await (await client.GetAsync($"/api/attempts/{prepared.Id}")).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await client.SaveAsync(prepared.Id, 1, true, 1)).ExpectStatusAsync(HttpStatusCode.NotFound);
        var early = await (await client.StartAsync(exam.RegistrationId)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("exam.not-open", early.GetProperty("code").GetString());

        var startedAt = exam.WindowStart.AddMinutes(7);
        factory.Clock().SetUtcNow(startedAt);
        var started = await client.StartedAsync(exam.RegistrationId);
        Assert.Equal(prepared.Id, started.AttemptId());
        Assert.Equal(startedAt.AddMinutes(90), started.GetProperty("deadline").GetDateTimeOffset());
        ExamSittingKit.ShowsFrozenPaper(started, prepared, await factory.VersionsAsync());

        var attempt = await factory.AttemptAsync(prepared.Id);
        Assert.Equal((AttemptStatus.InProgress, startedAt, startedAt.AddMinutes(90)), (attempt.Status, attempt.StartedAt, attempt.Deadline));
        Assert.Equal(prepared.Items.OrderBy(i => i.Position).Select(i => (i.Position, i.QuestionVersionId, i.OptionOrder)),
            attempt.Items.OrderBy(i => i.Position).Select(i => (i.Position, i.QuestionVersionId, i.OptionOrder)));
        var start = Assert.Single(await factory.EventsAsync(prepared.Id));
        Assert.Equal(AttemptEventKind.Started, start.Kind);
        Assert.Contains("prepared", start.Detail);
        // No delayed job per prepared paper: the minutely sweep closes it when its time is over.
        Assert.DoesNotContain(factory.ScheduledDeadlineJobs(), j => j.AttemptId == prepared.Id);

        await (await client.SaveAsync(prepared.Id, 1, true, 1)).ExpectJsonAsync(HttpStatusCode.OK);
        var again = await client.StartedAsync(exam.RegistrationId, HttpStatusCode.OK);
        Assert.Equal(prepared.Id, again.AttemptId());

        factory.Clock().SetUtcNow(startedAt.AddMinutes(90).AddSeconds(61));
        Assert.True(await factory.JobAsync<AttemptDeadlineJob, int>((j, ct) => j.SweepAsync(ct)) >= 1);
        Assert.Equal(AttemptStatus.Submitted, (await factory.AttemptAsync(prepared.Id)).Status);
    }

    [Fact]
    public async Task Racing_starts_of_a_prepared_paper_begin_it_once_and_the_others_resume_it()
    {
        var exam = await factory.SessionAsync(openedAgo: TimeSpan.FromHours(-1));
        Assert.Equal(1, await PrepareAsync(exam.SessionId));
        var prepared = Assert.Single(await PapersAsync(exam.RegistrationId));
        factory.Clock().SetUtcNow(exam.WindowStart.AddMinutes(1));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => exam.Candidate.Client.StartAsync(exam.RegistrationId)));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.OK));
        foreach (var response in responses)
            Assert.Equal(prepared.Id, (await response.ExpectJsonAsync(response.StatusCode)).AttemptId());
        var events = await factory.EventsAsync(prepared.Id);
        Assert.Single(events, e => e.Kind == AttemptEventKind.Started);
        Assert.Equal(7, events.Count(e => e.Kind == AttemptEventKind.Resumed));
        Assert.Single(await PapersAsync(exam.RegistrationId));
    }

    [Fact]
    public async Task An_accommodation_granted_after_the_preparation_counts_from_the_start()
    {
        var exam = await factory.SessionAsync(openedAgo: TimeSpan.FromHours(-1), windowHours: 6);
        Assert.Equal(1, await PrepareAsync(exam.SessionId));
        await factory.DbAsync(async db =>
        {
            var registration = await db.ExamRegistrations.SingleAsync(r => r.Id == exam.RegistrationId);
            registration.GrantAccommodation(30);
            return await db.SaveChangesAsync();
        });
        var startedAt = exam.WindowStart.AddMinutes(20);
        factory.Clock().SetUtcNow(startedAt);
        var started = await exam.Candidate.Client.StartedAsync(exam.RegistrationId);
        Assert.Equal(startedAt.AddMinutes(120), started.GetProperty("deadline").GetDateTimeOffset());
    }

    [Fact]
    public async Task Only_sessions_opening_within_the_lead_time_are_prepared_and_unstarted_papers_go_when_the_window_closes()
    {
        var later = await factory.SessionAsync(openedAgo: TimeSpan.FromHours(-26));
        var soon = await factory.SessionAsync(openedAgo: TimeSpan.FromHours(-3), windowHours: 2);
        var withdrawn = await factory.SessionAsync(openedAgo: TimeSpan.FromHours(-3), windowHours: 2);
        await factory.DbAsync(db => db.ExamRegistrations.Where(r => r.Id == withdrawn.RegistrationId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RegistrationStatus.Cancelled)));

        await SweepAsync();
        Assert.Empty(await PapersAsync(later.RegistrationId));
        Assert.Empty(await PapersAsync(withdrawn.RegistrationId));
        var prepared = Assert.Single(await PapersAsync(soon.RegistrationId));

        factory.Clock().SetUtcNow(soon.WindowEnd.AddMinutes(1));
        await SweepAsync();
        Assert.Empty(await PapersAsync(soon.RegistrationId));
        Assert.False(await factory.DbAsync(db => db.AttemptItems.AnyAsync(i => i.AttemptId == prepared.Id)));
        // The session further away has come within the lead time meanwhile.
        Assert.Equal(AttemptStatus.Prepared, Assert.Single(await PapersAsync(later.RegistrationId)).Status);
    }

    [Fact]
    public async Task A_prepared_paper_holding_a_question_retired_since_is_drawn_again_at_the_start()
    {
        var exam = await factory.SessionAsync(openedAgo: TimeSpan.FromHours(-1));
        Assert.Equal(1, await PrepareAsync(exam.SessionId));
        var prepared = Assert.Single(await PapersAsync(exam.RegistrationId));
        var retiredVersion = prepared.Items.First(i => i.Type == QuestionType.TrueFalse).QuestionVersionId;
        await factory.DbAsync(async db =>
        {
            var questionId = await db.QuestionVersions.Where(v => v.Id == retiredVersion).Select(v => v.QuestionId).SingleAsync();
            var question = await db.Questions.SingleAsync(q => q.Id == questionId);
            question.Retire();
            return await db.SaveChangesAsync();
        });

        factory.Clock().SetUtcNow(exam.WindowStart.AddMinutes(1));
        var started = await exam.Candidate.Client.StartedAsync(exam.RegistrationId);
        Assert.NotEqual(prepared.Id, started.AttemptId());
        var paper = Assert.Single(await PapersAsync(exam.RegistrationId));
        Assert.Equal((started.AttemptId(), AttemptStatus.InProgress), (paper.Id, paper.Status));
        Assert.DoesNotContain(paper.Items, i => i.QuestionVersionId == retiredVersion);
        Assert.Equal(ExamSittingKit.ItemCount, paper.Items.Count);
    }

    [Fact]
    public async Task A_changed_blueprint_discards_the_papers_prepared_by_it()
    {
        var world = await factory.WorldAsync();
        var exam = await factory.SessionAsync(openedAgo: TimeSpan.FromHours(-1));
        Assert.Equal(1, await PrepareAsync(exam.SessionId));
        var lines = ExamSittingKit.Lines.Select(l => new { workFunctionCode = l.WorkFunctionCode, type = l.Type.ToString(), count = l.Count, points = l.Points });
        await (await world.Admin.PutJsonAsync($"/api/blueprints/{exam.BlueprintId}",
            new { level = ExamSittingKit.Level, name = "改后蓝图", durationMinutes = 100, passMark = 60, active = true, lines }))
            .ExpectStatusAsync(HttpStatusCode.OK);
        Assert.Empty(await PapersAsync(exam.RegistrationId));

        factory.Clock().SetUtcNow(exam.WindowStart.AddMinutes(1));
        var started = await exam.Candidate.Client.StartedAsync(exam.RegistrationId);
        Assert.Equal(exam.WindowStart.AddMinutes(101), started.GetProperty("deadline").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_candidate_who_starts_while_the_papers_are_written_keeps_the_paper_of_the_start_and_the_others_are_prepared()
    {
        var exam = await factory.SessionAsync(openedAgo: TimeSpan.FromMinutes(5));
        var others = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            var learner = await factory.LearnerAsync();
            others.Add(await factory.DbAsync(async db =>
            {
                var session = await db.ExamSessions.SingleAsync(s => s.Id == exam.SessionId);
                var registration = new ExamRegistration(session, learner.Id, "T" + Guid.NewGuid().ToString("N")[..20],
                    new ApplicationDeclaration(5, null, false, false), "test", factory.Time.GetUtcNow());
                db.ExamRegistrations.Add(registration);
                await db.SaveChangesAsync();
                return registration.Id;
            }));
        }

        // The candidate starts (and draws a paper) after the preparation chose whom to draw for, before it writes.
        JsonElement? started = null;
        var startMeanwhile = new BeforeFirstSave(async () => started = await exam.Candidate.Client.StartedAsync(exam.RegistrationId));
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var options = new DbContextOptionsBuilder<AcademyDbContext>().UseAcademyDatabase(factory.Provider, factory.ConnectionString)
            .AddInterceptors(startMeanwhile).Options;
        await using var db = new AcademyDbContext(options, sp.GetRequiredService<IPersonalDataProtector>());
        var job = new PreparePapersJob(db, sp.GetRequiredService<QuestionPool>(), factory.Time, sp.GetRequiredService<IOptions<ExamOptions>>(),
            NullLogger<PreparePapersJob>.Instance);

        Assert.Equal(2, await job.PrepareAsync(exam.SessionId, TestContext.Current.CancellationToken));

        Assert.NotNull(started);
        var kept = Assert.Single(await PapersAsync(exam.RegistrationId));
        Assert.Equal((started.Value.AttemptId(), AttemptStatus.InProgress), (kept.Id, kept.Status));
        Assert.Equal(ExamSittingKit.ItemCount, kept.Items.Count);
        foreach (var other in others)
            Assert.Equal(AttemptStatus.Prepared, Assert.Single(await PapersAsync(other)).Status);
    }

    /// <summary>Runs an action once, before the first save of the context it is added to.</summary>
    private sealed class BeforeFirstSave(Func<Task> action) : SaveChangesInterceptor
    {
        private int ran;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref ran, 1) == 0) await action();
            return result;
        }
    }
}
