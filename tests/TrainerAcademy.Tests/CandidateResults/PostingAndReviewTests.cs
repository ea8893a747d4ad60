using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Features.AuditLog;
using TrainerAcademy.Tests.AuditLog;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.ExamSitting;

namespace TrainerAcademy.Tests.CandidateResults;

/// <summary>
/// The public posting board (<c>/api/result-postings</c>, <c>/results/postings</c>), reviews (复核) requested by the
/// candidate and resolved by an admin, and certificate eligibility on <c>GET /api/me/results</c>. Each test starts its
/// sessions at the fake clock's current time and moves it forward only, by at most the length of one posting.
/// </summary>
public abstract class PostingAndReviewTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : PostingAndReviewTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : PostingAndReviewTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    private static int _serial;

    private sealed record Released(ExamSetup Exam, int TheoryAttempt, int SkillAttempt, string IdNumber)
    {
        public int SessionId => Exam.SessionId;
        public int RegistrationId => Exam.RegistrationId;
        public HttpClient Client => Exam.Candidate.Client;
    }

    /// <summary>
    /// A level-4 session of center A with one candidate (real name <paramref name="realName"/>) whose theory and skill
    /// attempts are graded with the given scores, released by the admin once the window has closed (unless told not to).
    /// </summary>
    private async Task<Released> ReleasedAsync(decimal theory, decimal skill, string realName = "张三明", bool release = true)
    {
        var exam = await SkillAttemptTests.SkillSessionAsync(factory);
        var idNumber = TestData.IdNumber(Interlocked.Increment(ref _serial));
        var now = factory.Clock().GetUtcNow();
        var (theoryId, skillId) = await factory.DbAsync(async db =>
        {
            var profile = await db.LearnerProfiles.FindAsync(exam.Candidate.Id);
            if (profile is null) db.LearnerProfiles.Add(profile = new LearnerProfile(exam.Candidate.Id));
            profile.Update(realName, IdType.ResidentIdCard, idNumber, "13800138000", Employment.Employed, "上海", "上海", 3, Education.Bachelor, now);
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
            return (t.Id, s.Id);
        });
        // The papers are empty, so grading gave 0: the scores are set as grading would have set them.
        foreach (var (id, score) in new[] { (theoryId, theory), (skillId, skill) })
            await factory.DbAsync(db => db.ExamAttempts.Where(a => a.Id == id)
                .ExecuteUpdateAsync(x => x.SetProperty(a => a.Score, score).SetProperty(a => a.Passed, score >= 60m)));
        if (release)
        {
            AdvanceTo(exam.WindowEnd.AddMinutes(5));
            var w = await factory.WorldAsync();
            await (await w.Admin.PostAsync($"/api/exam-sessions/{exam.SessionId}/release-results", null)).ExpectJsonAsync(HttpStatusCode.OK);
        }
        return new Released(exam, theoryId, skillId, idNumber);
    }

    private void AdvanceTo(DateTimeOffset moment)
    {
        if (moment > factory.Clock().GetUtcNow()) factory.Clock().SetUtcNow(moment.ToUniversalTime());
    }

    /// <summary>Moves the clock to 09:00 Beijing time of <paramref name="day"/>.</summary>
    private void AdvanceToBeijing(DateOnly day) => AdvanceTo(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)));

    private static async Task<JsonElement> ResultAsync(HttpClient client, int sessionId)
    {
        var all = await (await client.GetAsync("/api/me/results")).ExpectJsonAsync(HttpStatusCode.OK);
        return Assert.Single(all.EnumerateArray(), r => r.GetProperty("sessionId").GetInt32() == sessionId);
    }

    private static JsonElement Component(JsonElement result, string name) =>
        result.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("component").GetString() == name);

    private static string[] Holds(JsonElement result) =>
        [.. result.GetProperty("certificate").GetProperty("holds").EnumerateArray().Select(h => h.GetString()!)];

    private static Task<HttpResponseMessage> RequestReviewAsync(HttpClient client, int registrationId, object body) =>
        client.PostJsonAsync($"/api/me/results/{registrationId}/reviews", body);

    private static Task<HttpResponseMessage> ResolveAsync(HttpClient client, int reviewId, object body) =>
        client.PostJsonAsync($"/api/result-reviews/{reviewId}/resolve", body);

    [Fact]
    public async Task The_board_shows_a_posted_session_with_masked_names_and_no_id_numbers_and_answers_404_once_the_posting_ends()
    {
        var w = await factory.WorldAsync();
        var unreleased = await ReleasedAsync(90m, 90m, "李四", release: false);
        var posted = await ReleasedAsync(85m, 72.5m, "张三明");

        var list = await (await w.Anonymous.GetAsync("/api/result-postings")).ExpectJsonAsync(HttpStatusCode.OK);
        var entry = Assert.Single(list.EnumerateArray(), p => p.GetProperty("sessionId").GetInt32() == posted.SessionId);
        Assert.Equal(1, entry.GetProperty("candidates").GetInt32());
        Assert.Equal(5, entry.GetProperty("workingDays").GetInt32());
        Assert.DoesNotContain(list.EnumerateArray(), p => p.GetProperty("sessionId").GetInt32() == unreleased.SessionId);

        using var response = await w.Anonymous.GetAsync($"/api/result-postings/{posted.SessionId}");
        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var board = await response.ExpectJsonAsync(HttpStatusCode.OK);
        var candidate = Assert.Single(board.GetProperty("candidates").EnumerateArray());
        Assert.Equal("张*明", candidate.GetProperty("name").GetString());
        var ticket = await factory.DbAsync(db => db.ExamRegistrations.Where(r => r.Id == posted.RegistrationId).Select(r => r.TicketNumber).SingleAsync());
        Assert.Equal(ticket, candidate.GetProperty("ticketNumber").GetString());
        Assert.Equal(4, candidate.GetProperty("level").GetInt32());
        Assert.Equal("Passed", candidate.GetProperty("outcome").GetString());
        Assert.Equal([85m, 72.5m], candidate.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("score").GetDecimal()));
        foreach (var secret in new[] { "张三明", posted.IdNumber, posted.Exam.Candidate.Email, "idNumber", "email", posted.Exam.Candidate.Id })
            Assert.DoesNotContain(secret, raw, StringComparison.OrdinalIgnoreCase);
        await (await w.Anonymous.GetAsync($"/api/result-postings/{unreleased.SessionId}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        var browser = factory.CreateBrowserClient();
        var index = await browser.GetStringAsync("/results/postings", TestContext.Current.CancellationToken);
        Assert.Contains($"/results/postings/{posted.SessionId}", index);
        var page = await browser.GetStringAsync($"/results/postings/{posted.SessionId}", TestContext.Current.CancellationToken);
        Assert.Contains("张*明", page);
        Assert.Contains("72.5", page);
        Assert.DoesNotContain("张三明", page);
        Assert.DoesNotContain(posted.IdNumber, page);
        Assert.Contains("href=\"/results/postings\"", await browser.GetStringAsync("/", TestContext.Current.CancellationToken));

        // The first day after the posting: gone from the list, 404 for the session, on the API and the page.
        var eligibleFrom = DateOnly.Parse(entry.GetProperty("eligibleFrom").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        AdvanceTo(new DateTimeOffset(eligibleFrom.ToDateTime(new TimeOnly(0, 5)), TimeSpan.FromHours(8)));
        Assert.DoesNotContain((await (await w.Anonymous.GetAsync("/api/result-postings")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray(),
            p => p.GetProperty("sessionId").GetInt32() == posted.SessionId);
        await (await w.Anonymous.GetAsync($"/api/result-postings/{posted.SessionId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await browser.GetAsync($"/results/postings/{posted.SessionId}")).ExpectStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_candidate_requests_a_review_an_admin_raises_the_score_and_the_candidate_becomes_eligible_after_the_posting()
    {
        var w = await factory.WorldAsync();
        var r = await ReleasedAsync(55m, 80m);

        var before = await ResultAsync(r.Client, r.SessionId);
        Assert.Equal("Failed", before.GetProperty("outcome").GetString());
        Assert.True(Component(before, "Theory").GetProperty("canRequestReview").GetBoolean());
        Assert.Equal(JsonValueKind.Null, Component(before, "Theory").GetProperty("review").ValueKind);
        Assert.True(before.GetProperty("reviewWindow").GetProperty("openToday").GetBoolean());
        Assert.False(before.GetProperty("certificate").GetProperty("eligible").GetBoolean());
        Assert.Equal(["NotPassed", "PostingNotEnded"], Holds(before));

        var requested = await (await RequestReviewAsync(r.Client, r.RegistrationId, new { component = "theory", reason = "第 3 题的答案与教材一致，请核对。" }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Open", requested.GetProperty("status").GetString());
        Assert.Equal(55m, requested.GetProperty("previousScore").GetDecimal());
        var again = await (await RequestReviewAsync(r.Client, r.RegistrationId, new { component = "Theory", reason = "再申请一次" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("review.exists", again.GetProperty("code").GetString());

        var open = await ResultAsync(r.Client, r.SessionId);
        Assert.Equal("Open", Component(open, "Theory").GetProperty("review").GetProperty("status").GetString());
        Assert.False(Component(open, "Theory").GetProperty("canRequestReview").GetBoolean());
        Assert.True(Component(open, "Skill").GetProperty("canRequestReview").GetBoolean());
        Assert.Equal(["NotPassed", "PostingNotEnded", "ReviewOpen"], Holds(open));

        // The queue: admins and the center's own staff read it; staff of another center do not see it; only admins resolve.
        var queue = await (await w.Admin.GetAsync("/api/result-reviews?status=open")).ExpectJsonAsync(HttpStatusCode.OK);
        var row = Assert.Single(queue.EnumerateArray(), v => v.GetProperty("id").GetInt32() == requested.Id());
        Assert.Equal("张三明", row.GetProperty("candidate").GetString());
        Assert.Equal("第 3 题的答案与教材一致，请核对。", row.GetProperty("reason").GetString());
        Assert.Contains((await (await w.StaffA.GetAsync("/api/result-reviews")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray(), v => v.Id() == requested.Id());
        Assert.DoesNotContain((await (await w.StaffB.GetAsync("/api/result-reviews")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray(), v => v.Id() == requested.Id());
        await (await ResolveAsync(w.StaffA, requested.Id(), new { outcome = "kept", reason = "维持" })).ExpectStatusAsync(HttpStatusCode.Forbidden);
        Assert.DoesNotContain((await (await w.Admin.GetAsync("/api/result-reviews?status=resolved")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray(),
            v => v.Id() == requested.Id());

        var resolved = await (await ResolveAsync(w.Admin, requested.Id(), new { outcome = "changed", score = 65, reason = "第 3 题判分有误，已更正。" }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("Changed", 55m, 65m, true), (resolved.GetProperty("status").GetString(), resolved.GetProperty("previousScore").GetDecimal(),
            resolved.GetProperty("resolvedScore").GetDecimal(), resolved.GetProperty("resolvedPassed").GetBoolean()));
        Assert.Equal(w.AdminEmail, resolved.GetProperty("resolvedBy").GetString());
        var resolvedLine = await factory.SingleAuditAsync(AuditActions.ReviewResolved, requested.Id().ToString(System.Globalization.CultureInfo.InvariantCulture),
            await factory.UserIdAsync(w.AdminEmail));
        Assert.Contains("55", resolvedLine.Detail, StringComparison.Ordinal);
        Assert.Contains("65", resolvedLine.Detail, StringComparison.Ordinal);
        var twice = await (await ResolveAsync(w.Admin, requested.Id(), new { outcome = "kept", reason = "再办一次" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("review.resolved", twice.GetProperty("code").GetString());

        var attempt = await factory.DbAsync(db => db.ExamAttempts.AsNoTracking().SingleAsync(a => a.Id == r.TheoryAttempt));
        Assert.Equal((65m, true), (attempt.Score, attempt.Passed));
        var stored = await factory.DbAsync(db => db.ResultReviews.AsNoTracking().SingleAsync(v => v.Id == requested.Id()));
        Assert.Equal((55m, 65m), (stored.PreviousScore, stored.ResolvedScore));
        Assert.NotNull(stored.ResolvedById);
        Assert.Equal(factory.Clock().GetUtcNow(), stored.ResolvedAt);

        var after = await ResultAsync(r.Client, r.SessionId);
        Assert.Equal("Passed", after.GetProperty("outcome").GetString());
        Assert.Equal(65m, Component(after, "Theory").GetProperty("score").GetDecimal());
        Assert.Equal("Changed", Component(after, "Theory").GetProperty("review").GetProperty("status").GetString());
        Assert.Equal(["PostingNotEnded"], Holds(after));
        var eligibleFrom = after.GetProperty("certificate").GetProperty("eligibleFrom").GetString()!;
        Assert.Equal(after.GetProperty("posting").GetProperty("eligibleFrom").GetString(), eligibleFrom);
        var page = await r.Client.GetStringAsync("/exams/results", TestContext.Current.CancellationToken);
        Assert.Contains("复核更正成绩", page);
        Assert.Contains("第 3 题判分有误，已更正。", page);

        // The day the posting has ended: eligible, and the review window (as long as the posting) is closed.
        AdvanceToBeijing(DateOnly.Parse(eligibleFrom, System.Globalization.CultureInfo.InvariantCulture));
        var eligible = await ResultAsync(r.Client, r.SessionId);
        Assert.True(eligible.GetProperty("certificate").GetProperty("eligible").GetBoolean());
        Assert.Empty(Holds(eligible));
        Assert.False(Component(eligible, "Skill").GetProperty("canRequestReview").GetBoolean());
        Assert.Contains("已符合发证条件", await r.Client.GetStringAsync("/exams/results", TestContext.Current.CancellationToken));
        var late = await (await RequestReviewAsync(r.Client, r.RegistrationId, new { component = "skill", reason = "请复核技能考核。" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("review.window-closed", late.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_review_can_lower_a_passed_score_to_a_fail_and_a_kept_one_changes_nothing()
    {
        var w = await factory.WorldAsync();
        var r = await ReleasedAsync(70m, 61m);
        var theory = (await (await RequestReviewAsync(r.Client, r.RegistrationId, new { component = "theory", reason = "请复核理论成绩。" })).ExpectJsonAsync(HttpStatusCode.Created)).Id();
        var skill = (await (await RequestReviewAsync(r.Client, r.RegistrationId, new { component = "skill", reason = "请复核技能成绩。" })).ExpectJsonAsync(HttpStatusCode.Created)).Id();

        await (await ResolveAsync(w.Admin, theory, new { outcome = "kept", reason = "复核无误。" })).ExpectJsonAsync(HttpStatusCode.OK);
        var kept = await ResultAsync(r.Client, r.SessionId);
        Assert.Equal(70m, Component(kept, "Theory").GetProperty("score").GetDecimal());
        Assert.Equal("Kept", Component(kept, "Theory").GetProperty("review").GetProperty("status").GetString());
        Assert.Contains("ReviewOpen", Holds(kept));

        await (await ResolveAsync(w.Admin, skill, new { outcome = "changed", score = 58.5, reason = "复核发现多计 2.5 分。" })).ExpectJsonAsync(HttpStatusCode.OK);
        var lowered = await ResultAsync(r.Client, r.SessionId);
        Assert.Equal("Failed", lowered.GetProperty("outcome").GetString());
        Assert.False(Component(lowered, "Skill").GetProperty("passed").GetBoolean());
        Assert.Equal(["NotPassed", "PostingNotEnded"], Holds(lowered));
        Assert.Equal(JsonValueKind.Null, lowered.GetProperty("certificate").GetProperty("eligibleFrom").ValueKind);
        var board = await (await w.Anonymous.GetAsync($"/api/result-postings/{r.SessionId}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Failed", Assert.Single(board.GetProperty("candidates").EnumerateArray()).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Parallel_requests_for_one_part_make_exactly_one_review_and_parallel_resolutions_resolve_it_once()
    {
        var w = await factory.WorldAsync();
        var r = await ReleasedAsync(55m, 80m);

        var requests = await EnrollmentKit.BurstAsync([.. Enumerable.Range(0, 8).Select(i => (Func<Task<HttpResponseMessage>>)(() =>
            RequestReviewAsync(r.Client, r.RegistrationId, new { component = "theory", reason = $"第 {i} 次申请复核" })))]);

        EnrollmentKit.NoServerErrors(requests, factory);
        Assert.Single(requests, o => o.Status == HttpStatusCode.Created);
        Assert.All(requests.Where(o => o.Status != HttpStatusCode.Created), o => Assert.Equal((HttpStatusCode.Conflict, "review.exists"), (o.Status, o.Code)));
        var reviews = await factory.DbAsync(db => db.ResultReviews.AsNoTracking().Where(v => v.AttemptId == r.TheoryAttempt).ToListAsync());
        var review = Assert.Single(reviews);

        var resolutions = await EnrollmentKit.BurstAsync([.. Enumerable.Range(0, 6).Select(i => (Func<Task<HttpResponseMessage>>)(() =>
            ResolveAsync(w.Admin, review.Id, new { outcome = "changed", score = 60 + i, reason = $"复核意见 {i}" })))]);

        EnrollmentKit.NoServerErrors(resolutions, factory);
        var winner = Assert.Single(resolutions, o => o.Status == HttpStatusCode.OK);
        Assert.All(resolutions.Where(o => o.Status != HttpStatusCode.OK), o => Assert.Equal(HttpStatusCode.Conflict, o.Status));
        var stored = await factory.DbAsync(db => db.ResultReviews.AsNoTracking().SingleAsync(v => v.Id == review.Id));
        var attempt = await factory.DbAsync(db => db.ExamAttempts.AsNoTracking().SingleAsync(a => a.Id == r.TheoryAttempt));
        Assert.Equal(winner.Json.GetProperty("resolvedScore").GetDecimal(), stored.ResolvedScore);
        Assert.Equal((stored.ResolvedScore, 55m), (attempt.Score, stored.PreviousScore));
    }

    [Fact]
    public async Task Reviews_are_the_candidates_own_and_bad_input_gets_a_problem_document()
    {
        var w = await factory.WorldAsync();
        var r = await ReleasedAsync(55m, 80m);
        var unreleased = await ReleasedAsync(55m, 80m, release: false);
        var other = await factory.LearnerAsync();
        var body = new { component = "theory", reason = "请复核。" };

        await (await RequestReviewAsync(w.Anonymous, r.RegistrationId, body)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await RequestReviewAsync(other.Client, r.RegistrationId, body)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await RequestReviewAsync(r.Client, 999_999, body)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await other.Client.GetAsync("/api/me/results")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray());
        await (await w.Learner.GetAsync("/api/result-reviews")).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await ResolveAsync(w.Learner, 1, new { outcome = "kept", reason = "x" })).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.Anonymous.GetAsync("/api/result-reviews")).ExpectStatusAsync(HttpStatusCode.Unauthorized);

        foreach (var (bad, code, field) in new (object Body, string Code, string Field)[]
                 {
                     (new { component = "essay", reason = "请复核。" }, "review.component", "component"),
                     (new { component = "theory", reason = "  " }, "review.reason", "reason"),
                     (new { component = "theory", reason = new string('理', 501) }, "review.reason", "reason"),
                     (new { component = "theory" }, "review.reason", "reason"),
                 })
        {
            var problem = await (await RequestReviewAsync(r.Client, r.RegistrationId, bad)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal(code, problem.GetProperty("code").GetString());
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
        var early = await (await RequestReviewAsync(unreleased.Client, unreleased.RegistrationId, body)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("review.not-released", early.GetProperty("code").GetString());
        await (await r.Client.SendRawAsync(HttpMethod.Post, $"/api/me/results/{r.RegistrationId}/reviews", "{\"component\": ")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await factory.DbAsync(db => db.ResultReviews.CountAsync(v => v.RegistrationId == r.RegistrationId || v.RegistrationId == unreleased.RegistrationId)));

        var id = (await (await RequestReviewAsync(r.Client, r.RegistrationId, body)).ExpectJsonAsync(HttpStatusCode.Created)).Id();
        foreach (var (bad, code) in new (object Body, string Code)[]
                 {
                     (new { outcome = "maybe", reason = "意见" }, "review.outcome"),
                     (new { outcome = "changed", reason = "意见" }, "review.score-required"),
                     (new { outcome = "changed", score = 120, reason = "意见" }, "review.score-range"),
                     (new { outcome = "changed", score = 55, reason = "意见" }, "review.score-unchanged"),
                     (new { outcome = "kept", reason = "" }, "review.resolution"),
                 })
        {
            var problem = await (await ResolveAsync(w.Admin, id, bad)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }
        await (await ResolveAsync(w.Admin, 999_999, new { outcome = "kept", reason = "意见" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        var filter = await (await w.Admin.GetAsync("/api/result-reviews?status=weird")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("review.status-filter", filter.GetProperty("code").GetString());
        var stillOpen = await factory.DbAsync(db => db.ResultReviews.AsNoTracking().SingleAsync(v => v.Id == id));
        Assert.Equal(ReviewStatus.Open, stillOpen.Status);
        Assert.Equal(55m, (await factory.DbAsync(db => db.ExamAttempts.AsNoTracking().SingleAsync(a => a.Id == r.TheoryAttempt))).Score);
    }

    [Fact]
    public async Task The_results_page_and_the_queue_page_bind_the_commands_of_the_api()
    {
        var w = await factory.WorldAsync();
        var r = await ReleasedAsync(58m, 75m);
        var learner = factory.CreateBrowserClient();
        await (await learner.SignInOnPageAsync(r.Exam.Candidate.Email, TestWorld.Password)).ExpectStatusAsync(HttpStatusCode.Redirect);

        // An empty reason: the form error is shown on the page and nothing is stored.
        var results = await learner.GetDocumentAsync("/exams/results");
        var url = $"/exams/results?handler=Review&registrationId={r.RegistrationId}";
        var refused = await learner.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = Forms.Token(results, "Review.Reason"), ["Review.Component"] = "theory", ["Review.Reason"] = " ",
        }));
        var refusedPage = new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("请填写复核理由", refusedPage.QuerySelector("[data-testid=review-errors]")?.TextContent);

        var sent = await learner.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = Forms.Token(results, "Review.Reason"), ["Review.Component"] = "theory", ["Review.Reason"] = "选择题第 5 题似有误判。",
        }));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var review = await factory.DbAsync(db => db.ResultReviews.AsNoTracking().SingleAsync(v => v.AttemptId == r.TheoryAttempt));
        Assert.Equal("选择题第 5 题似有误判。", review.Reason);
        Assert.Contains("复核中", await learner.GetStringAsync("/exams/results", TestContext.Current.CancellationToken));

        var admin = factory.CreateBrowserClient();
        await (await admin.SignInOnPageAsync(w.AdminEmail, TestWorld.Password)).ExpectStatusAsync(HttpStatusCode.Redirect);
        var queue = await admin.GetDocumentAsync("/admin/reviews");
        Assert.NotNull(queue.QuerySelector($"[data-review='{review.Id}'] [data-testid=resolve-form]"));
        var resolved = await admin.PostAsync($"/admin/reviews?handler=Resolve&id={review.Id}&status=open", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = Forms.Token(queue, "Resolve.Reason"), ["Resolve.Outcome"] = "changed", ["Resolve.Score"] = "61", ["Resolve.Reason"] = "第 5 题应得分。",
        }));
        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        Assert.Equal((61m, true), await factory.DbAsync(db => db.ExamAttempts.Where(a => a.Id == r.TheoryAttempt).Select(a => new ValueTuple<decimal, bool>(a.Score!.Value, a.Passed!.Value)).SingleAsync()));
        var done = await admin.GetStringAsync("/admin/reviews?status=resolved", TestContext.Current.CancellationToken);
        Assert.Contains("第 5 题应得分。", done);
    }
}
