using TrainerAcademy.Domain.Attendance;
using TrainerAcademy.Features.Attendance;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.Attendances;

/// <summary>Learners check in by scanning the classroom screen's rotating code; every way of abusing it is refused.</summary>
public abstract class CheckInTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteEnrollmentClockFactory f) : CheckInTests(f), IClassFixture<SqliteEnrollmentClockFactory>;

    public sealed class OnPostgreSql : CheckInTests, IClassFixture<PostgresEnrollmentClockFactory>
    {
        public OnPostgreSql(PostgresEnrollmentClockFactory f) : base(f) => TestPostgres.Require();
    }

    private static string CheckInUrl(int sessionId) => $"/api/sessions/{sessionId}/check-in";

    private async Task<string> CodeAsync(int sessionId)
    {
        var w = await factory.WorldAsync();
        var code = await (await w.StaffA.GetAsync($"/api/sessions/{sessionId}/check-in-code")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains("<svg", code.GetProperty("qrSvg").GetString());
        Assert.InRange(code.GetProperty("secondsLeft").GetInt32(), 1, CheckInCodes.StepSeconds);
        var value = code.GetProperty("code").GetString()!;
        Assert.EndsWith($"/check-in?session={sessionId}&code={Uri.EscapeDataString(value)}", code.GetProperty("url").GetString());
        return value;
    }

    private static async Task<string?> RefusalAsync(HttpResponseMessage response) =>
        (await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString();

    [Fact]
    public async Task A_learner_checks_in_with_the_current_code_and_a_second_scan_answers_the_same_record()
    {
        var k = await factory.ClassAsync(1);
        var session = await factory.SessionAsync(k.CohortId, factory.Now().AddMinutes(5), 120);
        var code = await CodeAsync(session);

        var first = await (await k.Learners[0].Client.PostJsonAsync(CheckInUrl(session), new { code })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("present", 0, "checkIn"), (first.GetProperty("status").GetString(), first.GetProperty("minutesMissed").GetInt32(), first.GetProperty("source").GetString()));
        var again = await (await k.Learners[0].Client.PostJsonAsync(CheckInUrl(session), new { code })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("recordedAt").GetString(), again.GetProperty("recordedAt").GetString());

        var record = Assert.Single(await factory.RecordsAsync(session));
        Assert.Equal((AttendanceStatus.Present, AttendanceSource.CheckIn, k.Learners[0].Id), (record.Status, record.Source, record.RecordedBy));
    }

    [Fact]
    public async Task The_code_turns_every_30_seconds_the_previous_one_still_works_and_an_older_or_wrong_one_is_refused()
    {
        var k = await factory.ClassAsync(3);
        var session = await factory.SessionAsync(k.CohortId, factory.Now().AddMinutes(5), 120);
        var code = await CodeAsync(session);

        factory.Clock!.Advance(TimeSpan.FromSeconds(CheckInCodes.StepSeconds));
        Assert.NotEqual(code, await CodeAsync(session));
        await (await k.Learners[0].Client.PostJsonAsync(CheckInUrl(session), new { code })).ExpectJsonAsync(HttpStatusCode.OK);

        factory.Clock.Advance(TimeSpan.FromSeconds(CheckInCodes.StepSeconds));
        Assert.Equal("checkin.code-expired", await RefusalAsync(await k.Learners[1].Client.PostJsonAsync(CheckInUrl(session), new { code })));
        Assert.Equal("checkin.code-expired", await RefusalAsync(await k.Learners[1].Client.PostJsonAsync(CheckInUrl(session), new { code = "not-a-code" })));
        Assert.Equal("checkin.code-expired", await RefusalAsync(await k.Learners[1].Client.PostJsonAsync(CheckInUrl(session), new { code = (string?)null })));
        // A code is one session's: the current code of another session opens nothing here.
        var otherSession = await factory.SessionAsync(k.CohortId, factory.Now().AddMinutes(5), 60);
        Assert.Equal("checkin.code-expired", await RefusalAsync(await k.Learners[2].Client.PostJsonAsync(CheckInUrl(session), new { code = await CodeAsync(otherSession) })));

        Assert.Single(await factory.RecordsAsync(session));
    }

    [Fact]
    public async Task A_learner_without_a_confirmed_place_in_the_sessions_cohort_is_refused_and_never_sees_a_success()
    {
        var k = await factory.ClassAsync(1);
        var otherClass = await factory.ClassAsync(1);
        var stranger = await factory.LearnerAsync();
        var session = await factory.SessionAsync(k.CohortId, factory.Now().AddMinutes(5), 120);
        var code = await CodeAsync(session);

        Assert.Equal("checkin.not-enrolled", await RefusalAsync(await otherClass.Learners[0].Client.PostJsonAsync(CheckInUrl(session), new { code })));
        Assert.Equal("checkin.not-enrolled", await RefusalAsync(await stranger.Client.PostJsonAsync(CheckInUrl(session), new { code })));
        var w = await factory.WorldAsync();
        Assert.Equal("checkin.not-enrolled", await RefusalAsync(await w.StaffA.PostJsonAsync(CheckInUrl(session), new { code })));
        await (await stranger.Client.PostJsonAsync(CheckInUrl(999_999), new { code })).ExpectProblemAsync(HttpStatusCode.NotFound);

        var browser = factory.CreateBrowserClient();
        await (await browser.SignInOnPageAsync(otherClass.Learners[0].Email, TestWorld.Password)).ExpectStatusAsync(HttpStatusCode.Redirect);
        var page = await browser.GetDocumentAsync($"/check-in?session={session}&code={Uri.EscapeDataString(code)}");
        Assert.NotNull(page.QuerySelector("[data-testid=check-in-refused]"));
        Assert.Null(page.QuerySelector("[data-testid=check-in-result]"));
        Assert.Null(page.QuerySelector("[data-testid=check-in-session]"));
        Assert.Null(page.QuerySelector("[data-action=check-in]"));

        Assert.Empty(await factory.RecordsAsync(session));
    }

    [Fact]
    public async Task Check_in_is_refused_before_it_opens_after_the_session_and_for_a_cancelled_session()
    {
        var k = await factory.ClassAsync(1);
        var now = factory.Now();
        var future = await factory.SessionAsync(k.CohortId, now.AddMinutes(31), 60);
        var opening = await factory.SessionAsync(k.CohortId, now.AddMinutes(29), 60);
        var over = await factory.SessionAsync(k.CohortId, now.AddMinutes(-61), 60);
        var cancelled = await factory.SessionAsync(k.CohortId, now.AddMinutes(5), 60, cancelled: true);
        var client = k.Learners[0].Client;

        Assert.Equal("checkin.not-open", await RefusalAsync(await client.PostJsonAsync(CheckInUrl(future), new { code = await CodeAsync(future) })));
        Assert.Equal("checkin.closed", await RefusalAsync(await client.PostJsonAsync(CheckInUrl(over), new { code = await CodeAsync(over) })));
        Assert.Equal("checkin.session-cancelled", await RefusalAsync(await client.PostJsonAsync(CheckInUrl(cancelled), new { code = await CodeAsync(cancelled) })));
        await (await client.PostJsonAsync(CheckInUrl(opening), new { code = await CodeAsync(opening) })).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Empty(await factory.RecordsAsync(future));
        Assert.Empty(await factory.RecordsAsync(over));
        Assert.Empty(await factory.RecordsAsync(cancelled));
    }

    [Fact]
    public async Task A_scan_after_the_grace_period_is_late_by_the_minutes_since_the_start_and_a_staff_mark_is_not_overwritten()
    {
        var w = await factory.WorldAsync();
        var k = await factory.ClassAsync(3);
        var now = factory.Now();
        var inGrace = await factory.SessionAsync(k.CohortId, now.AddMinutes(-9), 120);
        var late = await factory.SessionAsync(k.CohortId, now.AddMinutes(-25), 120);

        var onTime = await (await k.Learners[0].Client.PostJsonAsync(CheckInUrl(inGrace), new { code = await CodeAsync(inGrace) })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("present", onTime.GetProperty("status").GetString());
        var lateScan = await (await k.Learners[0].Client.PostJsonAsync(CheckInUrl(late), new { code = await CodeAsync(late) })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("late", 25), (lateScan.GetProperty("status").GetString(), lateScan.GetProperty("minutesMissed").GetInt32()));

        await (await w.StaffA.PutJsonAsync($"/api/sessions/{late}/attendance", new { marks = new[] { new { enrollmentId = k.EnrollmentIds[1], status = "absent" } } }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        var afterStaff = await (await k.Learners[1].Client.PostJsonAsync(CheckInUrl(late), new { code = await CodeAsync(late) })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("absent", "roster"), (afterStaff.GetProperty("status").GetString(), afterStaff.GetProperty("source").GetString()));
        Assert.Equal(AttendanceStatus.Absent, (await factory.RecordsAsync(late)).Single(r => r.EnrollmentId == k.EnrollmentIds[1]).Status);
    }

    [Fact]
    public async Task Parallel_scans_of_one_learner_store_one_record_and_no_server_error()
    {
        var k = await factory.ClassAsync(1);
        var session = await factory.SessionAsync(k.CohortId, factory.Now().AddMinutes(5), 120);
        var code = await CodeAsync(session);

        var outcomes = await EnrollmentKit.BurstAsync([.. Enumerable.Range(0, 6).Select(_ => (Func<Task<HttpResponseMessage>>)(() =>
            k.Learners[0].Client.PostJsonAsync(CheckInUrl(session), new { code })))]);

        EnrollmentKit.NoServerErrors(outcomes, factory);
        Assert.All(outcomes, o => Assert.Equal(HttpStatusCode.OK, o.Status));
        Assert.Single(outcomes.Select(o => o.Json.GetProperty("recordedAt").GetString()).Distinct());
        Assert.Single(await factory.RecordsAsync(session));
    }

    [Fact]
    public async Task The_code_is_for_the_centers_staff_and_check_in_needs_a_signed_in_learner()
    {
        var w = await factory.WorldAsync();
        var k = await factory.ClassAsync(1);
        var session = await factory.SessionAsync(k.CohortId, factory.Now().AddMinutes(5), 120);
        var code = await CodeAsync(session);

        await (await w.StaffB.GetAsync($"/api/sessions/{session}/check-in-code")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await k.Learners[0].Client.GetAsync($"/api/sessions/{session}/check-in-code")).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.Anonymous.GetAsync($"/api/sessions/{session}/check-in-code")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await w.Anonymous.PostJsonAsync(CheckInUrl(session), new { code })).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await w.StaffB.GetAsync($"/staff/sessions/{session}/check-in-screen")).ExpectStatusAsync(HttpStatusCode.NotFound);

        var anonymous = factory.CreateBrowserClient();
        var page = $"/check-in?session={session}&code={Uri.EscapeDataString(code)}";
        var redirect = await anonymous.GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/account/login", redirect.Headers.Location!.PathAndQuery);
        Assert.Contains(Uri.EscapeDataString(page), redirect.Headers.Location.Query);
        Assert.Empty(await factory.RecordsAsync(session));
    }

    [Fact]
    public async Task The_learners_page_shows_the_session_records_only_on_confirmation_and_asks_for_a_fresh_scan_once_the_code_expired()
    {
        var k = await factory.ClassAsync(2);
        var session = await factory.SessionAsync(k.CohortId, factory.Now().AddMinutes(5), 120);
        var code = await CodeAsync(session);
        var url = $"/check-in?session={session}&code={Uri.EscapeDataString(code)}";

        var browser = factory.CreateBrowserClient();
        var signIn = await browser.SubmitFormAsync("/account/login?ReturnUrl=" + Uri.EscapeDataString(url),
            new Dictionary<string, string> { ["Input.Email"] = k.Learners[0].Email, ["Input.Password"] = TestWorld.Password });
        Assert.Equal(url, signIn.Headers.Location?.OriginalString);

        var page = await browser.GetDocumentAsync(url);
        Assert.NotNull(page.QuerySelector("[data-testid=check-in-session]"));
        Assert.NotNull(page.QuerySelector("[data-action=check-in]"));
        Assert.Empty(await factory.RecordsAsync(session));

        var confirmed = await browser.SubmitFormAsync(url, new Dictionary<string, string> { ["session"] = session.ToString(), ["code"] = code });
        var html = await confirmed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("data-testid=\"check-in-result\"", html);
        Assert.Single(await factory.RecordsAsync(session));

        // The second learner signs in slowly: the code on their phone has turned twice meanwhile.
        var slow = factory.CreateBrowserClient();
        await (await slow.SignInOnPageAsync(k.Learners[1].Email, TestWorld.Password)).ExpectStatusAsync(HttpStatusCode.Redirect);
        factory.Clock!.Advance(TimeSpan.FromSeconds(2 * CheckInCodes.StepSeconds));
        var expired = await slow.GetDocumentAsync(url);
        Assert.Contains("重新扫描", expired.QuerySelector("[data-testid=check-in-refused]")?.TextContent);
        Assert.NotNull(expired.QuerySelector("[data-testid=check-in-session]"));
        Assert.Null(expired.QuerySelector("[data-action=check-in]"));
        Assert.Single(await factory.RecordsAsync(session));
    }
}
