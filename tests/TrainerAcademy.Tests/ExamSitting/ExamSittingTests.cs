using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Features.ExamSitting;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.ExamSitting;

/// <summary>
/// A candidate's theory paper through the API: drawn from the blueprint with a stored seed, resumed rather than
/// drawn twice, answers saved by revision, handed in once, graded, and shown only after the results are released —
/// and never, before that, a key, an explanation or the bank's option order.
/// </summary>
public abstract class ExamSittingTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : ExamSittingTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : ExamSittingTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    [Fact]
    public async Task The_paper_follows_the_blueprint_and_its_seed_draws_it_again()
    {
        var exam = await factory.SessionAsync();

        var body = await exam.Candidate.Client.StartedAsync(exam.RegistrationId);

        var attempt = await factory.AttemptAsync(body.AttemptId());
        Assert.Equal(ExamSittingKit.ItemCount, attempt.Items.Count);
        Assert.Equal(Enumerable.Range(1, ExamSittingKit.ItemCount), attempt.Items.Select(i => i.Position).Order());
        foreach (var line in ExamSittingKit.Lines)
        {
            var items = attempt.Items.Where(i => i.WorkFunctionCode == line.WorkFunctionCode && i.Type == line.Type).ToList();
            Assert.Equal(line.Count, items.Count);
            Assert.All(items, i => Assert.Equal(line.Points, i.Points));
        }
        Assert.Equal(100m, attempt.Items.Sum(i => i.Points));
        Assert.Equal(attempt.StartedAt.AddMinutes(90), attempt.Deadline);
        Assert.Equal(attempt.Deadline, body.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal(factory.Clock().GetUtcNow(), body.GetProperty("serverNow").GetDateTimeOffset());

        // The stored seed over the same pool (current versions of the level's questions still in use, in id order) draws the same paper.
        var pool = await factory.DbAsync(async db => (await db.Questions.AsNoTracking().Include(q => q.Versions)
                .Where(q => q.Level == ExamSittingKit.Level && !q.Retired).ToListAsync())
            .Select(q => new BankEntry(q.Current, q.WorkFunctionCode)).ToList());
        var blueprint = await factory.DbAsync(db => db.ExamBlueprints.AsNoTracking().SingleAsync(b => b.Id == exam.BlueprintId));
        var again = PaperGenerator.Draw(blueprint, pool, attempt.Seed);
        Assert.Equal(again.Select(i => (i.Position, i.QuestionVersionId, i.OptionOrder)),
            attempt.Items.OrderBy(i => i.Position).Select(i => (i.Position, i.QuestionVersionId, i.OptionOrder)));
        Assert.DoesNotContain(attempt.Items, i => pool.All(e => e.Version.Id != i.QuestionVersionId));

        // Items come true-false first, then single, then multiple choice.
        var types = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString()).ToList();
        Assert.Equal(types.OrderBy(t => Enum.Parse<QuestionType>(t!)).ToList(), types);
    }

    [Fact]
    public async Task A_whole_attempt_never_shows_a_key_before_release_and_shows_the_result_after()
    {
        var exam = await factory.SessionAsync(showReview: true);
        var client = exam.Candidate.Client;
        var bodies = new List<(string What, string Body)>();

        async Task<JsonElement> Read(string what, HttpResponseMessage response, HttpStatusCode status)
        {
            var json = await response.ExpectJsonAsync(status);
            bodies.Add((what, await response.Content.ReadAsStringAsync()));
            return json;
        }

        var started = await Read("start", await client.StartAsync(exam.RegistrationId), HttpStatusCode.Created);
        var id = started.AttemptId();
        var attempt = await factory.AttemptAsync(id);
        var versions = await factory.VersionsAsync();
        ExamSittingKit.ShowsFrozenPaper(started, attempt, versions);

        // Right on the true-false and single-choice items, wrong on the multiple-choice ones: 60 points.
        foreach (var item in attempt.Items.OrderBy(i => i.Position))
        {
            var version = versions[item.QuestionVersionId];
            var response = item.Type == QuestionType.MultipleChoice
                ? ExamSittingKit.WrongResponse(item, version)
                : ExamSittingKit.CorrectResponse(item, version);
            var saved = await Read($"save {item.Position}", await client.SaveAsync(id, item.Position, response, 1), HttpStatusCode.OK);
            Assert.Equal(1, saved.GetProperty("savedRevision").GetInt32());
        }
        await Read("resume", await client.StartAsync(exam.RegistrationId), HttpStatusCode.OK);
        var reloaded = await Read("get", await client.GetAsync($"/api/attempts/{id}"), HttpStatusCode.OK);
        Assert.All(reloaded.GetProperty("items").EnumerateArray(), i => Assert.Equal(1, i.GetProperty("savedRevision").GetInt32()));
        ExamSittingKit.ShowsFrozenPaper(reloaded, attempt, versions);

        var submitted = await Read("submit", await client.SubmitAsync(id), HttpStatusCode.OK);
        Assert.Equal("Submitted", submitted.GetProperty("status").GetString());
        Assert.True(await factory.JobAsync<AttemptGradingJob, bool>((j, ct) => j.GradeAsync(id, ct)));
        Assert.False(await factory.JobAsync<AttemptGradingJob, bool>((j, ct) => j.GradeAsync(id, ct)));
        var graded = await Read("get after grading", await client.GetAsync($"/api/attempts/{id}"), HttpStatusCode.OK);
        Assert.Equal("Graded", graded.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, graded.GetProperty("result").ValueKind);
        await (await client.GetAsync($"/api/attempts/{id}/audit")).ExpectStatusAsync(HttpStatusCode.Forbidden);

        foreach (var (what, body) in bodies) ExamSittingKit.NoSecrets(body, what);

        // Release: the window must be over first.
        var w = await factory.WorldAsync();
        var early = await (await w.Admin.PostAsync($"/api/exam-sessions/{exam.SessionId}/release-results", null)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("exam-session.release-early", early.GetProperty("code").GetString());
        factory.Clock().SetUtcNow(exam.WindowEnd.AddSeconds(1));
        var released = await (await w.Admin.PostAsync($"/api/exam-sessions/{exam.SessionId}/release-results", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, released.GetProperty("passed").GetInt32());

        var result = (await (await client.GetAsync($"/api/attempts/{id}")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("result");
        Assert.Equal(60m, result.GetProperty("score").GetDecimal());
        Assert.True(result.GetProperty("passed").GetBoolean());
        var byFunction = result.GetProperty("byWorkFunction").EnumerateArray()
            .ToDictionary(e => e.GetProperty("workFunction").GetString()!, e => (e.GetProperty("score").GetDecimal(), e.GetProperty("points").GetDecimal()));
        Assert.Equal((20m, 20m), byFunction["data-collection"]);
        Assert.Equal((40m, 40m), byFunction["data-annotation"]);
        Assert.Equal((0m, 40m), byFunction["system-operation"]);
        var review = result.GetProperty("review").EnumerateArray().ToList();
        Assert.Equal(ExamSittingKit.ItemCount, review.Count);
        foreach (var line in review)
        {
            var item = attempt.Items.Single(i => i.Position == line.GetProperty("itemId").GetInt32());
            Assert.Equal(item.KeyInShownLetters(versions[item.QuestionVersionId]), line.GetProperty("key").GetString());
            Assert.Equal(versions[item.QuestionVersionId].Explanation, line.GetProperty("explanation").GetString());
        }
    }

    [Fact]
    public async Task Without_review_the_released_result_has_scores_but_no_keys()
    {
        var exam = await factory.SessionAsync(showReview: false, openedAgo: TimeSpan.FromHours(1), windowHours: 2);
        var id = (await exam.Candidate.Client.StartedAsync(exam.RegistrationId)).AttemptId();
        await (await exam.Candidate.Client.SubmitAsync(id)).ExpectJsonAsync(HttpStatusCode.OK);
        factory.Clock().SetUtcNow(exam.WindowEnd.AddMinutes(5));
        var w = await factory.WorldAsync();
        await (await w.Admin.PostAsync($"/api/exam-sessions/{exam.SessionId}/release-results", null)).ExpectJsonAsync(HttpStatusCode.OK);

        var response = await exam.Candidate.Client.GetAsync($"/api/attempts/{id}");
        var result = (await response.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("result");
        Assert.Equal(0m, result.GetProperty("score").GetDecimal());
        Assert.False(result.GetProperty("passed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("review").ValueKind);
        Assert.DoesNotContain(ExamSittingKit.ExplanationMark, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Starting_again_resumes_the_same_attempt_and_submitting_again_changes_nothing()
    {
        var exam = await factory.SessionAsync();
        var client = exam.Candidate.Client;
        var first = await client.StartedAsync(exam.RegistrationId);
        var id = first.AttemptId();
        await (await client.SaveAsync(id, 1, null, 1)).ExpectJsonAsync(HttpStatusCode.OK);

        var again = await client.StartedAsync(exam.RegistrationId, HttpStatusCode.OK);
        Assert.Equal(id, again.AttemptId());
        Assert.Equal(first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("stem").GetString()),
            again.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("stem").GetString()));

        var one = await (await client.SubmitAsync(id)).ExpectJsonAsync(HttpStatusCode.OK);
        var two = await (await client.SubmitAsync(id)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Submitted", one.GetProperty("status").GetString());
        Assert.Equal(one.GetProperty("submittedAt").GetDateTimeOffset(), two.GetProperty("submittedAt").GetDateTimeOffset());
        var events = await factory.EventsAsync(id);
        Assert.Single(events, e => e.Kind == AttemptEventKind.Started);
        Assert.Single(events, e => e.Kind == AttemptEventKind.Resumed);
        Assert.Single(events, e => e.Kind == AttemptEventKind.Submitted);

        var refused = await (await client.SaveAsync(id, 1, true, 2)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("attempt.submitted", refused.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Two_tabs_saving_one_item_never_overwrite_a_newer_answer()
    {
        var exam = await factory.SessionAsync();
        var id = (await exam.Candidate.Client.StartedAsync(exam.RegistrationId)).AttemptId();
        var attempt = await factory.AttemptAsync(id);
        var item = attempt.Items.First(i => i.Type == QuestionType.SingleChoice).Position;
        var tabA = exam.Candidate.Client;
        var tabB = await factory.SignInAsync(exam.Candidate.Email, TestWorld.Password);

        await (await tabA.SaveAsync(id, item, "A", 1)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await tabB.SaveAsync(id, item, "B", 2)).ExpectJsonAsync(HttpStatusCode.OK);
        var stale = await (await tabA.SaveAsync(id, item, "C", 2)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("answer.stale", stale.GetProperty("code").GetString());
        Assert.Equal(2, stale.GetProperty("savedRevision").GetInt32());
        Assert.Equal("B", stale.GetProperty("response").GetString());
        await (await tabA.SaveAsync(id, item, "c", 3)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await tabB.SaveAsync(id, item, "D", 1)).ExpectProblemAsync(HttpStatusCode.Conflict);

        var reloaded = await (await tabB.GetAsync($"/api/attempts/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        var saved = reloaded.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("itemId").GetInt32() == item);
        Assert.Equal("C", saved.GetProperty("response").GetString());
        Assert.Equal(3, saved.GetProperty("savedRevision").GetInt32());
    }

    [Fact]
    public async Task A_reload_returns_every_saved_answer()
    {
        var exam = await factory.SessionAsync();
        var client = exam.Candidate.Client;
        var id = (await client.StartedAsync(exam.RegistrationId)).AttemptId();
        var attempt = await factory.AttemptAsync(id);
        var expected = new Dictionary<int, string?>();
        foreach (var item in attempt.Items)
        {
            object? response = item.Type switch
            {
                QuestionType.TrueFalse => item.Position % 2 == 0,
                QuestionType.SingleChoice => "b",
                _ => "C,A",
            };
            expected[item.Position] = item.Type switch { QuestionType.TrueFalse => item.Position % 2 == 0 ? "true" : "false", QuestionType.SingleChoice => "B", _ => "AC" };
            await (await client.SaveAsync(id, item.Position, response, 5)).ExpectJsonAsync(HttpStatusCode.OK);
        }
        await (await client.SaveAsync(id, 1, null, 6)).ExpectJsonAsync(HttpStatusCode.OK);
        expected[1] = null;

        var reloaded = await (await client.GetAsync($"/api/attempts/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        var items = reloaded.GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("itemId").GetInt32(), i => i.GetProperty("response").GetString());
        Assert.Equal(expected.OrderBy(p => p.Key), items.OrderBy(p => p.Key));
        Assert.Equal("InProgress", reloaded.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("TrueFalse", "\"A\"")]
    [InlineData("TrueFalse", "1")]
    [InlineData("SingleChoice", "\"AB\"")]
    [InlineData("SingleChoice", "\"E\"")]
    [InlineData("SingleChoice", "true")]
    [InlineData("MultipleChoice", "\"AZ\"")]
    [InlineData("MultipleChoice", "[\"A\"]")]
    public async Task A_response_that_does_not_fit_the_item_is_refused(string type, string response)
    {
        var exam = await factory.SessionAsync();
        var id = (await exam.Candidate.Client.StartedAsync(exam.RegistrationId)).AttemptId();
        var item = (await factory.AttemptAsync(id)).Items.First(i => i.Type.ToString() == type).Position;

        var problem = await (await exam.Candidate.Client.SendRawAsync(HttpMethod.Put, $"/api/attempts/{id}/answers/{item}",
            $"{{\"response\":{response},\"revision\":1}}")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("answer.invalid", problem.GetProperty("code").GetString());
        await (await exam.Candidate.Client.SaveAsync(id, item, "A", 0)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await exam.Candidate.Client.SaveAsync(id, 99, "A", 1)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_the_theory_component_starts_and_only_inside_the_window()
    {
        var later = await factory.SessionAsync(openedAgo: TimeSpan.FromHours(-2));
        var notOpen = await (await later.Candidate.Client.StartAsync(later.RegistrationId)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("exam.not-open", notOpen.GetProperty("code").GetString());
        Assert.Equal(later.WindowStart, notOpen.GetProperty("opensAt").GetDateTimeOffset());
        var skill = await (await later.Candidate.Client.StartAsync(later.RegistrationId, "skill")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("attempt.skill-unavailable", skill.GetProperty("code").GetString());

        var over = await factory.SessionAsync(openedAgo: TimeSpan.FromHours(5), windowHours: 4);
        var closed = await (await over.Candidate.Client.StartAsync(over.RegistrationId)).ExpectProblemAsync(HttpStatusCode.Gone);
        Assert.Equal("exam.closed", closed.GetProperty("code").GetString());
        Assert.Equal(0, await factory.DbAsync(db => db.ExamAttempts.CountAsync(a => a.RegistrationId == over.RegistrationId)));
    }

    [Fact]
    public async Task Another_learner_anonymous_callers_and_another_centers_staff_learn_nothing()
    {
        var w = await factory.WorldAsync();
        var exam = await factory.SessionAsync();
        var id = (await exam.Candidate.Client.StartedAsync(exam.RegistrationId)).AttemptId();
        var other = w.Learner;

        await (await other.StartAsync(exam.RegistrationId)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/attempts/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await other.SaveAsync(id, 1, true, 1)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await other.SubmitAsync(id)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await other.PostJsonAsync($"/api/attempts/{id}/events", new { kind = "focus-lost" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffA.GetAsync($"/api/attempts/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        await (await w.Anonymous.StartAsync(exam.RegistrationId)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await w.Anonymous.GetAsync($"/api/attempts/{id}")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await w.Anonymous.SaveAsync(id, 1, true, 1)).ExpectStatusAsync(HttpStatusCode.Unauthorized);

        await (await w.StaffB.PostJsonAsync($"/api/registrations/{exam.RegistrationId}/accommodation", new { minutes = 10 })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.GetAsync($"/api/exam-sessions/{exam.SessionId}/results")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.GetAsync($"/api/attempts/{id}/audit")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await exam.Candidate.Client.PostJsonAsync($"/api/registrations/{exam.RegistrationId}/accommodation", new { minutes = 10 })).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.StaffA.PostAsync($"/api/exam-sessions/{exam.SessionId}/release-results", null)).ExpectStatusAsync(HttpStatusCode.Forbidden);

        var results = await (await w.StaffA.GetAsync($"/api/exam-sessions/{exam.SessionId}/results")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, results.GetProperty("rows")[0].GetProperty("attemptId").GetInt32());
        var audit = await (await w.StaffA.GetAsync($"/api/attempts/{id}/audit")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Started", audit.GetProperty("events")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Focus_events_are_audited_and_capped()
    {
        var exam = await factory.SessionAsync();
        var client = exam.Candidate.Client;
        var id = (await client.StartedAsync(exam.RegistrationId)).AttemptId();

        await (await client.PostJsonAsync($"/api/attempts/{id}/events", new { kind = "focus-lost", detail = "visibilitychange" })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync($"/api/attempts/{id}/events", new { kind = "focus-returned" })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync($"/api/attempts/{id}/events", new { kind = "copy" })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var events = await factory.EventsAsync(id);
        Assert.Contains(events, e => e is { Kind: AttemptEventKind.FocusLost, Detail: "visibilitychange" });
        Assert.Contains(events, e => e.Kind == AttemptEventKind.FocusReturned);

        for (var i = 2; i < 200; i++)
            await (await client.PostJsonAsync($"/api/attempts/{id}/events", new { kind = "focus-lost" })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync($"/api/attempts/{id}/events", new { kind = "focus-lost" })).ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(200, (await factory.EventsAsync(id)).Count(e => e.Kind is AttemptEventKind.FocusLost or AttemptEventKind.FocusReturned));
    }

    [Fact]
    public async Task The_pages_show_the_paper_to_its_candidate_and_the_results_to_the_centers_staff_only()
    {
        var w = await factory.WorldAsync();
        var exam = await factory.SessionAsync();
        var id = (await exam.Candidate.Client.StartedAsync(exam.RegistrationId)).AttemptId();

        var list = await exam.Candidate.Client.GetAsync("/exams");
        await list.ExpectStatusAsync(HttpStatusCode.OK);
        Assert.Contains($"/exams/attempts/{id}", await list.Content.ReadAsStringAsync());
        var page = await exam.Candidate.Client.GetAsync($"/exams/attempts/{id}");
        await page.ExpectStatusAsync(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(ExamSittingKit.ItemCount, html.Split("data-testid=\"question\"").Length - 1);
        Assert.DoesNotContain(ExamSittingKit.ExplanationMark, html);
        Assert.DoesNotContain("optionOrder", html, StringComparison.OrdinalIgnoreCase);
        await (await exam.Candidate.Client.GetAsync($"/exams/attempts/{id}/result")).ExpectStatusAsync(HttpStatusCode.OK);

        await (await w.Learner.GetAsync($"/exams/attempts/{id}")).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await w.Learner.GetAsync($"/exams/attempts/{id}/result")).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.GetAsync($"/staff/exam-sessions/{exam.SessionId}/results")).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.GetAsync($"/staff/attempts/{id}/audit")).ExpectStatusAsync(HttpStatusCode.NotFound);
        var denied = await exam.Candidate.Client.GetAsync($"/staff/exam-sessions/{exam.SessionId}/results");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/account/access-denied", denied.Headers.Location?.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));

        var results = await w.StaffA.GetAsync($"/staff/exam-sessions/{exam.SessionId}/results");
        await results.ExpectStatusAsync(HttpStatusCode.OK);
        var table = await results.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"distribution\"", table);
        Assert.Contains($"/staff/attempts/{id}/audit", table);
        await (await w.StaffA.GetAsync($"/staff/attempts/{id}/audit")).ExpectStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_question_pool_reads_the_bank_again_after_a_change_or_after_30_seconds()
    {
        // Level 5, which no paper of these tests draws from, so the shared level-4 bank stays as the other tests made it.
        var pool = factory.Services.GetRequiredService<QuestionPool>();
        async Task<IReadOnlyList<BankEntry>> Level5() =>
            await factory.DbAsync(db => pool.LevelAsync(db, 5, CancellationToken.None));
        var tag = Guid.NewGuid().ToString("N")[..6];
        QuestionContent Content(string stem) => new(QuestionType.TrueFalse, 1, stem, null, "true", "解析");
        var before = (await Level5()).Count;

        // Added: the very next read holds it, with no time passing.
        var id = await factory.DbAsync(async db =>
        {
            var q = new Question($"P{tag}", 5, "data-collection", Content("初版题干"), factory.Clock().GetUtcNow());
            db.Questions.Add(q);
            await db.SaveChangesAsync();
            return q.Id;
        });
        var added = Assert.Single(await Level5(), e => e.Version.QuestionId == id);
        Assert.Equal(before + 1, (await Level5()).Count);
        Assert.Same(added.Version, Assert.Single(await Level5(), e => e.Version.QuestionId == id).Version);

        // Edited in place (on no paper yet): the next read shows the new text.
        await factory.DbAsync(async db =>
        {
            var q = await db.Questions.Include(x => x.Versions).SingleAsync(x => x.Id == id);
            q.Change(5, "data-collection", Content("改后题干"), currentIsUsed: false, factory.Clock().GetUtcNow());
            return await db.SaveChangesAsync();
        });
        Assert.Equal("改后题干", Assert.Single(await Level5(), e => e.Version.QuestionId == id).Version.Stem);

        // Retired: never drawn again.
        await factory.DbAsync(async db =>
        {
            (await db.Questions.SingleAsync(x => x.Id == id)).Retire();
            return await db.SaveChangesAsync();
        });
        Assert.DoesNotContain(await Level5(), e => e.Version.QuestionId == id);

        // A change the process was not told of (another instance's, here a statement outside EF's change tracking) is
        // read once what the pool holds is 30 s old.
        await factory.DbAsync(db => db.Questions.Where(x => x.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Retired, false)));
        Assert.DoesNotContain(await Level5(), e => e.Version.QuestionId == id);
        factory.Clock().Advance(QuestionPool.MaxAge);
        Assert.Single(await Level5(), e => e.Version.QuestionId == id);
    }
}
