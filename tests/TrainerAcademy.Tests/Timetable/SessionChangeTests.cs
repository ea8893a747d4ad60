using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Timetable;

namespace TrainerAcademy.Tests.Timetables;

/// <summary>Staff move, cancel and re-staff single sessions through the API and the staff timetable page.</summary>
public abstract class SessionChangeTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : SessionChangeTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : SessionChangeTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    // Each test plans its own months, so the cohorts of one test never clash with another's in center A.
    private static readonly DateOnly ForMove = new(2027, 3, 6);
    private static readonly DateOnly ForVenueClash = new(2027, 5, 8);
    private static readonly DateOnly ForCancel = new(2027, 8, 7);
    private static readonly DateOnly ForCancelNoMakeUp = new(2027, 10, 16);
    private static readonly DateOnly ForRestaff = new(2028, 1, 8);
    private static readonly DateOnly ForAccess = new(2028, 3, 4);
    private static readonly DateOnly ForPage = new(2028, 5, 6);
    private static readonly DateOnly ForMail = new(2028, 9, 2);

    private static object Cohort(int courseId, DateOnly startsOn, int? venueId) => new
    {
        courseId, startsOn, weekendPattern = "Both", dailySlots = new[] { "09:00-12:00", "13:30-17:30" }, capacity = 20, venueId,
    };

    private async Task<int> CreateAsync(TestWorld w, DateOnly startsOn, int? venueId = null) =>
        (await (await w.StaffA.PostJsonAsync("/api/cohorts", Cohort(w.CourseA, startsOn, venueId ?? w.VenueA))).ExpectJsonAsync(HttpStatusCode.Created)).Id();

    private async Task<int> CreateGeneratedAsync(TestWorld w, DateOnly startsOn)
    {
        var id = await CreateAsync(w, startsOn);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<TimetableJob>().GenerateAsync(id, TestContext.Current.CancellationToken));
        return id;
    }

    private async Task<T> QueryAsync<T>(Func<AcademyDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AcademyDbContext>());
    }

    private Task<List<CohortSession>> SessionsAsync(int cohortId) =>
        QueryAsync(db => db.CohortSessions.AsNoTracking().Where(s => s.CohortId == cohortId).OrderBy(s => s.Sequence).ToListAsync());

    private static List<CohortSession> Scheduled(List<CohortSession> sessions) => [.. sessions.Where(s => s.Status == SessionStatus.Scheduled)];

    private Task<StatutoryCalendar> CalendarAsync() =>
        QueryAsync(async db => new StatutoryCalendar((await db.StatutoryCalendar.AsNoTracking().ToListAsync()).Select(d => d.ToCalendarDay())));

    private Task<int> AddInstructorAsync(int centerId, string name) =>
        QueryAsync(async db =>
        {
            var instructor = new Instructor(centerId, name, 2, null);
            db.Instructors.Add(instructor);
            await db.SaveChangesAsync();
            return instructor.Id;
        });

    private async Task<(int TheoryMinutes, int PracticeMinutes)> CourseMinutesAsync(TestWorld w)
    {
        var course = await QueryAsync(db => db.Courses.AsNoTracking().SingleAsync(c => c.Id == w.CourseA));
        return (course.TheoryHours * 60, course.PracticeHours * 60);
    }

    private static string Url(int id, int sequence, string action) => $"/api/cohorts/{id}/sessions/{sequence}/{action}";

    [Fact]
    public async Task Moving_a_session_to_a_free_class_day_keeps_the_hours_and_updates_its_UTC_times_and_a_holiday_is_refused()
    {
        var w = await factory.WorldAsync();
        var id = await CreateGeneratedAsync(w, ForMove);
        var before = await SessionsAsync(id);
        var first = before[0];
        var calendar = await CalendarAsync();
        var target = before[^1].Date.AddDays(1);
        while (!calendar.IsClassDay(target, WeekendPattern.Both)) target = target.AddDays(1);

        var body = await (await w.StaffA.PostJsonAsync(Url(id, 1, "move"), new { date = target, start = "13:30" })).ExpectJsonAsync(HttpStatusCode.OK);
        var change = Assert.Single(body.GetProperty("changes").EnumerateArray());
        Assert.Equal("moved", change.GetProperty("kind").GetString());
        Assert.Equal(target.ToString("yyyy-MM-dd"), change.GetProperty("after").GetProperty("date").GetString());

        var after = await SessionsAsync(id);
        var moved = after.Single(s => s.Sequence == 1);
        Assert.Equal(target, moved.Date);
        Assert.Equal(new TimeOnly(13, 30), moved.Start);
        Assert.Equal(first.Minutes, moved.Minutes);
        Assert.Equal(new DateTimeOffset(target.ToDateTime(new TimeOnly(13, 30)), TimeSpan.FromHours(8)), moved.StartsAt);
        Assert.Equal(new TimeSpan(5, 30, 0), moved.StartsAt.UtcDateTime.TimeOfDay);
        Assert.Equal(moved.StartsAt.AddMinutes(first.Minutes), moved.EndsAt);
        Assert.Equal(first.Revision + 1, moved.Revision);
        var (theory, practice) = await CourseMinutesAsync(w);
        Assert.Equal(theory, after.Where(s => s.Kind == SessionKind.Theory).Sum(s => s.Minutes));
        Assert.Equal(practice, after.Where(s => s.Kind == SessionKind.Practice).Sum(s => s.Minutes));
        Assert.Equal(target, (await QueryAsync(db => db.Cohorts.AsNoTracking().SingleAsync(c => c.Id == id))).EndsOn);

        var holiday = await (await w.StaffA.PostJsonAsync(Url(id, 2, "move"), new { date = new DateOnly(2027, 1, 2), start = "09:00" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("session.not-a-class-day", holiday.GetProperty("code").GetString());
        await (await w.StaffA.PostJsonAsync(Url(id, 2, "move"), new { date = target, start = "bad" })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await w.StaffA.PostJsonAsync(Url(id, 999, "move"), new { date = target, start = "09:00" })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(after.Select(s => s.ToPlanned()), (await SessionsAsync(id)).Select(s => s.ToPlanned()));
    }

    [Fact]
    public async Task Moving_a_session_onto_another_cohorts_session_in_the_same_venue_is_a_conflict_and_changes_nothing()
    {
        var w = await factory.WorldAsync();
        var first = await CreateGeneratedAsync(w, ForVenueClash);
        var firstSessions = await SessionsAsync(first);
        var second = await CreateGeneratedAsync(w, firstSessions[^1].Date.AddDays(7));
        var taken = (await SessionsAsync(second))[0];

        var problem = await (await w.StaffA.PostJsonAsync(Url(first, 1, "move"), new { date = taken.Date, start = taken.Start.ToString("HH:mm") }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("session.venue-booked", problem.GetProperty("code").GetString());

        Assert.Equal(firstSessions.Select(s => (s.ToPlanned(), s.Revision, s.Status)), (await SessionsAsync(first)).Select(s => (s.ToPlanned(), s.Revision, s.Status)));
        Assert.Equal(firstSessions.Max(s => s.Date), (await QueryAsync(db => db.Cohorts.AsNoTracking().SingleAsync(c => c.Id == first))).EndsOn);
    }

    [Fact]
    public async Task Cancelling_a_session_with_a_make_up_keeps_the_hours_whole_and_appends_a_session_after_the_last()
    {
        var w = await factory.WorldAsync();
        var id = await CreateGeneratedAsync(w, ForCancel);
        var before = await SessionsAsync(id);
        var cancelled = before[1];

        var body = await (await w.StaffA.PostJsonAsync(Url(id, cancelled.Sequence, "cancel"), new { makeUp = true })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["cancelled", "madeUp"], body.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("kind").GetString()));

        var after = await SessionsAsync(id);
        Assert.Equal(SessionStatus.Cancelled, after.Single(s => s.Sequence == cancelled.Sequence).Status);
        var madeUp = after.Single(s => s.Sequence == before.Max(b => b.Sequence) + 1);
        Assert.Equal(SessionStatus.Scheduled, madeUp.Status);
        Assert.True(madeUp.Date > before.Max(s => s.Date));
        Assert.Equal(cancelled.Kind, madeUp.Kind);
        Assert.Equal(cancelled.Minutes, madeUp.Minutes);
        Assert.Equal(CohortSession.ToUtc(madeUp.Date, madeUp.Start), madeUp.StartsAt);
        var scheduled = Scheduled(after);
        var (theory, practice) = await CourseMinutesAsync(w);
        Assert.Equal(theory, scheduled.Where(s => s.Kind == SessionKind.Theory).Sum(s => s.Minutes));
        Assert.Equal(practice, scheduled.Where(s => s.Kind == SessionKind.Practice).Sum(s => s.Minutes));
        Assert.Equal(madeUp.Date, (await QueryAsync(db => db.Cohorts.AsNoTracking().SingleAsync(c => c.Id == id))).EndsOn);

        // The public timetable no longer lists the cancelled session.
        var listed = await (await w.StaffA.GetAsync($"/api/cohorts/{id}/sessions")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(listed.GetProperty("sessions").EnumerateArray(), s => s.GetProperty("sequence").GetInt32() == cancelled.Sequence);

        // Cancelling the make-up session, made up again, gets a number never used before.
        await (await w.StaffA.PostJsonAsync(Url(id, madeUp.Sequence, "cancel"), new { })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(await SessionsAsync(id), s => s.Sequence == madeUp.Sequence + 1 && s.Status == SessionStatus.Scheduled);
        await (await w.StaffA.PostJsonAsync(Url(id, cancelled.Sequence, "cancel"), new { })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Cancelling_a_session_without_a_make_up_leaves_the_hours_short()
    {
        var w = await factory.WorldAsync();
        var id = await CreateGeneratedAsync(w, ForCancelNoMakeUp);
        var before = await SessionsAsync(id);
        var cancelled = before[2];

        var body = await (await w.StaffA.PostJsonAsync(Url(id, cancelled.Sequence, "cancel"), new { makeUp = false })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", Assert.Single(body.GetProperty("changes").EnumerateArray()).GetProperty("kind").GetString());

        var after = await SessionsAsync(id);
        Assert.Equal(before.Count, after.Count);
        var scheduled = Scheduled(after);
        Assert.Equal(before.Count - 1, scheduled.Count);
        var (theory, practice) = await CourseMinutesAsync(w);
        Assert.Equal(theory + practice - cancelled.Minutes, scheduled.Sum(s => s.Minutes));
    }

    [Fact]
    public async Task Restaffing_to_a_free_instructor_works_and_to_a_booked_one_is_a_conflict()
    {
        var w = await factory.WorldAsync();
        var id = await CreateGeneratedAsync(w, ForRestaff);
        var session = (await SessionsAsync(id))[0];
        var free = await AddInstructorAsync(w.CenterA, "李老师");
        var busy = await AddInstructorAsync(w.CenterA, "张老师");
        // Another cohort (not generated) has a session at the same time taught by the busy instructor in another room.
        var other = await CreateAsync(w, ForRestaff);
        await QueryAsync(async db =>
        {
            var room = new Venue(w.CenterA, "A202-" + other, 30, null);
            db.Venues.Add(room);
            await db.SaveChangesAsync();
            db.CohortSessions.Add(new CohortSession(other, w.CenterA,
                new PlannedSession(1, session.Date, session.Start, session.End, SessionKind.Theory, room.Id, busy)));
            return await db.SaveChangesAsync();
        });

        var problem = await (await w.StaffA.PostJsonAsync(Url(id, session.Sequence, "restaff"), new { instructorId = busy })).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("session.instructor-booked", problem.GetProperty("code").GetString());
        Assert.Equal(w.InstructorA, (await SessionsAsync(id))[0].InstructorId);

        var body = await (await w.StaffA.PostJsonAsync(Url(id, session.Sequence, "restaff"), new { instructorId = free })).ExpectJsonAsync(HttpStatusCode.OK);
        var change = Assert.Single(body.GetProperty("changes").EnumerateArray());
        Assert.Equal("restaffed", change.GetProperty("kind").GetString());
        Assert.Equal("李老师", change.GetProperty("after").GetProperty("instructor").GetProperty("name").GetString());
        var restaffed = (await SessionsAsync(id))[0];
        Assert.Equal(free, restaffed.InstructorId);
        Assert.Equal(session.ToPlanned() with { InstructorId = free }, restaffed.ToPlanned());

        // An instructor of another center is unknown here.
        var foreign = await AddInstructorAsync(w.CenterB, "赵老师");
        await (await w.StaffA.PostJsonAsync(Url(id, session.Sequence, "restaff"), new { instructorId = foreign })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Only_the_centers_staff_and_admins_may_change_sessions()
    {
        var w = await factory.WorldAsync();
        var id = await CreateGeneratedAsync(w, ForAccess);
        var before = await SessionsAsync(id);
        var cancel = Url(id, 1, "cancel");

        await (await w.StaffB.PostJsonAsync(cancel, new { makeUp = true })).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.PostJsonAsync(Url(id, 1, "restaff"), new { instructorId = w.InstructorA })).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await w.Learner.PostJsonAsync(cancel, new { makeUp = true })).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.Anonymous.PostJsonAsync(cancel, new { makeUp = true })).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await w.StaffA.PostJsonAsync(Url(999999, 1, "cancel"), new { makeUp = true })).ExpectStatusAsync(HttpStatusCode.NotFound);
        Assert.Equal(before.Select(s => (s.ToPlanned(), s.Status)), (await SessionsAsync(id)).Select(s => (s.ToPlanned(), s.Status)));

        await (await w.Admin.PostJsonAsync(cancel, new { makeUp = false })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(SessionStatus.Cancelled, (await SessionsAsync(id))[0].Status);
    }

    [Fact]
    public async Task The_staff_timetable_page_lists_the_sessions_shows_a_refused_move_and_cancels_with_a_notice()
    {
        var w = await factory.WorldAsync();
        var id = await CreateGeneratedAsync(w, ForPage);
        var url = $"/staff/cohorts/{id}/timetable";
        var browser = factory.CreateBrowserClient();
        using (var signIn = await browser.SignInOnPageAsync(w.StaffAEmail, TestWorld.Password)) Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var page = await browser.GetDocumentAsync(url);
        var rows = page.QuerySelectorAll("[data-testid=staff-timetable] tbody tr");
        Assert.Equal(Scheduled(await SessionsAsync(id)).Count, rows.Length);
        Assert.Contains($"/staff/cohorts/{id}/timetable", await (await browser.GetAsync("/staff/cohorts")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var token = Forms.Token(page, "Move.Date");
        using var refused = await browser.PostAsync(url + "?handler=Move", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = token, ["sequence"] = "1", ["Move.Date"] = "2027-01-02", ["Move.Start"] = "09:00",
        }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        // The reason is told once, in the refused session's row, which is opened and marked.
        var shown = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var row = shown.QuerySelector("tr#session-1")!;
        Assert.Contains("row-error", row.ClassName);
        Assert.False(string.IsNullOrWhiteSpace(row.QuerySelector(".error[role=alert]")?.TextContent));
        Assert.Empty(shown.QuerySelectorAll(".validation-summary-errors li"));
        Assert.Equal(new DateOnly(2028, 5, 6), (await SessionsAsync(id))[0].Date);

        using var cancelled = await browser.PostAsync(url + "?handler=Cancel", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = token, ["sequence"] = "1", ["makeUp"] = "false",
        }));
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        var after = await browser.GetDocumentAsync(url);
        Assert.NotNull(after.QuerySelector("[role=status]"));
        Assert.Equal(SessionStatus.Cancelled, (await SessionsAsync(id))[0].Status);
    }

    [Fact]
    public async Task Learners_with_a_place_are_told_by_e_mail_when_a_session_moves()
    {
        var w = await factory.WorldAsync();
        var id = await CreateGeneratedAsync(w, ForMail);
        await (await w.StaffA.PostJsonAsync($"/api/cohorts/{id}/open", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await w.Learner.PostJsonAsync($"/api/cohorts/{id}/enrollments", new { joinWaitlist = false })).ExpectJsonAsync(HttpStatusCode.Created);
        var sessions = await SessionsAsync(id);
        var calendar = await CalendarAsync();
        var target = sessions[^1].Date.AddDays(1);
        while (!calendar.IsClassDay(target, WeekendPattern.Both)) target = target.AddDays(1);

        await (await w.StaffA.PostJsonAsync(Url(id, 2, "move"), new { date = target, start = "13:30" })).ExpectJsonAsync(HttpStatusCode.OK);

        // The change enqueued one mail job for this cohort; run it as the Hangfire server would.
        var monitor = factory.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        var job = monitor.Queues().SelectMany(q => monitor.EnqueuedJobs(q.Name, 0, 10_000))
            .Select(j => j.Value?.Job)
            .Single(j => j?.Type == typeof(SessionChangeMailJob) && (int)j.Args[0] == id)!;
        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<SessionChangeMailJob>()
                .RunAsync(id, (string[])job.Args[1], TestContext.Current.CancellationToken));

        var mail = await QueryAsync(db => db.Outbox.AsNoTracking().Where(m => m.To == w.LearnerEmail && m.Subject.StartsWith("课表变更")).ToListAsync());
        var message = Assert.Single(mail, m => m.HtmlBody.Contains(target.ToString("yyyy-MM-dd")));
        Assert.Contains("第 2 次课改期", message.HtmlBody);
    }
}
