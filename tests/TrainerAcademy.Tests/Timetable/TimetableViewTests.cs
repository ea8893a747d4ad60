using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Timetable;

namespace TrainerAcademy.Tests.Timetables;

/// <summary>The learner's own timetable, the staff's week at the center, and what staff and learners are told when a timetable is regenerated.</summary>
public abstract class TimetableViewTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : TimetableViewTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : TimetableViewTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private static readonly DateOnly ForLearner = new(2034, 5, 6);
    private static readonly DateOnly ForWeek = new(2034, 9, 2);
    private static readonly DateOnly ForRegeneration = new(2030, 3, 2);

    private static object Cohort(int courseId, DateOnly startsOn, int venueId, string[]? slots = null, int? revision = null) => new
    {
        courseId, startsOn, weekendPattern = "Both", dailySlots = slots ?? ["09:00-12:00", "13:30-17:30"], capacity = 20, venueId, revision,
    };

    private async Task<int> CreateAsync(TestWorld w, DateOnly startsOn, int? venueId = null) =>
        (await (await w.StaffA.PostJsonAsync("/api/cohorts", Cohort(w.CourseA, startsOn, venueId ?? w.VenueA))).ExpectJsonAsync(HttpStatusCode.Created)).Id();

    private async Task<bool> GenerateAsync(int id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TimetableJob>().GenerateAsync(id, TestContext.Current.CancellationToken);
    }

    private async Task<int> CreateGeneratedAsync(TestWorld w, DateOnly startsOn, int? venueId = null)
    {
        var id = await CreateAsync(w, startsOn, venueId);
        Assert.True(await GenerateAsync(id));
        return id;
    }

    private async Task<T> QueryAsync<T>(Func<AcademyDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AcademyDbContext>());
    }

    private Task<List<CohortSession>> SessionsAsync(int cohortId) =>
        QueryAsync(db => db.CohortSessions.AsNoTracking().Where(s => s.CohortId == cohortId).OrderBy(s => s.Sequence).ToListAsync());

    private async Task EnrollAsync(TestWorld w, int cohortId)
    {
        await (await w.StaffA.PostJsonAsync($"/api/cohorts/{cohortId}/open", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await w.Learner.PostJsonAsync($"/api/cohorts/{cohortId}/enrollments", new { joinWaitlist = false })).ExpectJsonAsync(HttpStatusCode.Created);
    }

    private async Task<HttpClient> BrowserAsync(string email)
    {
        var browser = factory.CreateBrowserClient();
        using var signIn = await browser.SignInOnPageAsync(email, TestWorld.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return browser;
    }

    [Fact]
    public async Task A_learner_sees_the_sessions_of_their_places_only_with_cancelled_and_changed_ones_marked()
    {
        var w = await factory.WorldAsync();
        var mine = await CreateGeneratedAsync(w, ForLearner);
        var afterMine = (await SessionsAsync(mine)).Max(s => s.Date).AddDays(1);
        while (afterMine.DayOfWeek != DayOfWeek.Saturday) afterMine = afterMine.AddDays(1);
        var notMine = await CreateGeneratedAsync(w, afterMine);
        await EnrollAsync(w, mine);
        await (await w.StaffA.PostJsonAsync($"/api/cohorts/{mine}/sessions/1/cancel", new { makeUp = false })).ExpectJsonAsync(HttpStatusCode.OK);
        var free = await QueryAsync(async db =>
        {
            var i = new TrainerAcademy.Domain.Instructor(w.CenterA, "陈老师", 2, null);
            db.Instructors.Add(i);
            await db.SaveChangesAsync();
            return i.Id;
        });
        await (await w.StaffA.PostJsonAsync($"/api/cohorts/{mine}/sessions/2/restaff", new { instructorId = free })).ExpectJsonAsync(HttpStatusCode.OK);
        var sessions = await SessionsAsync(mine);
        var to = afterMine.AddDays(14);

        var body = await (await w.Learner.GetAsync($"/api/me/sessions?from={ForLearner:yyyy-MM-dd}&to={to:yyyy-MM-dd}")).ExpectJsonAsync(HttpStatusCode.OK);
        var listed = body.EnumerateArray().ToList();
        Assert.Equal(sessions.Count, listed.Count);
        Assert.All(listed, s => Assert.Equal(mine, s.GetProperty("cohortId").GetInt32()));
        Assert.Equal("cancelled", listed.Single(s => s.GetProperty("sequence").GetInt32() == 1).GetProperty("state").GetString());
        var changed = listed.Single(s => s.GetProperty("sequence").GetInt32() == 2);
        Assert.Equal("changed", changed.GetProperty("state").GetString());
        Assert.Equal("陈老师", changed.GetProperty("instructor").GetProperty("name").GetString());
        Assert.Equal("scheduled", listed.Single(s => s.GetProperty("sequence").GetInt32() == 3).GetProperty("state").GetString());
        Assert.Contains(listed, s => s.GetProperty("kind").GetString() == "practice");
        Assert.DoesNotContain(listed, s => s.GetProperty("cohortId").GetInt32() == notMine);

        await (await w.Learner.GetAsync($"/api/me/sessions?from={to:yyyy-MM-dd}&to={ForLearner:yyyy-MM-dd}")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await w.StaffA.GetAsync("/api/me/sessions")).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.Anonymous.GetAsync("/api/me/sessions")).ExpectStatusAsync(HttpStatusCode.Unauthorized);

        var browser = await BrowserAsync(w.LearnerEmail);
        var week = await browser.GetDocumentAsync($"/timetable?week={ForLearner.AddDays(1):yyyy-MM-dd}");
        var monday = ForLearner.AddDays(-5);
        Assert.Equal($"/timetable?week={monday.AddDays(-7):yyyy-MM-dd}", week.QuerySelector("a[rel=prev]")?.GetAttribute("href"));
        Assert.Equal($"/timetable?week={monday.AddDays(7):yyyy-MM-dd}", week.QuerySelector("a[rel=next]")?.GetAttribute("href"));
        var cards = week.QuerySelectorAll("[data-testid=week-grid] .session-card");
        Assert.Equal(sessions.Count(s => s.Date >= monday && s.Date <= monday.AddDays(6)), cards.Length);
        Assert.NotNull(week.QuerySelector(".session-card.state-cancelled[data-sequence='1']"));
        Assert.NotNull(week.QuerySelector(".session-card.state-changed[data-sequence='2'] .badge.kind-theory, .session-card.state-changed[data-sequence='2'] .badge.kind-practice"));
        Assert.Contains("陈老师", week.QuerySelector(".session-card[data-sequence='2']")?.TextContent);
        Assert.NotNull(week.QuerySelector("a[href='/timetable']"));

        var staffBrowser = await BrowserAsync(w.StaffAEmail);
        using var refused = await staffBrowser.GetAsync("/timetable");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    [Fact]
    public async Task The_staff_week_view_shows_every_cohort_of_the_center_that_week_and_keeps_other_centers_out()
    {
        var w = await factory.WorldAsync();
        var first = await CreateGeneratedAsync(w, ForWeek);
        var room = await QueryAsync(async db =>
        {
            var v = new TrainerAcademy.Domain.Venue(w.CenterA, "A404-week", 30, null);
            db.Venues.Add(v);
            await db.SaveChangesAsync();
            return v.Id;
        });
        // A second instructor, so the second cohort at the same hours has someone free to teach it.
        await QueryAsync(async db =>
        {
            db.Instructors.Add(new TrainerAcademy.Domain.Instructor(w.CenterA, "周老师", 2, null));
            return await db.SaveChangesAsync();
        });
        var second = await CreateAsync(w, ForWeek, room);
        Assert.True(await GenerateAsync(second));
        var monday = ForWeek.AddDays(-5);
        var expected = (await SessionsAsync(first)).Concat(await SessionsAsync(second)).Count(s => s.Date >= monday && s.Date <= monday.AddDays(6));

        var browser = await BrowserAsync(w.StaffAEmail);
        var page = await browser.GetDocumentAsync($"/staff/week?date={ForWeek:yyyy-MM-dd}");
        var cards = page.QuerySelectorAll("[data-testid=week-grid] .session-card");
        Assert.Equal(expected, cards.Length);
        Assert.Equal([first, second], cards.Select(c => int.Parse(c.GetAttribute("data-cohort")!)).Distinct().Order());
        Assert.Contains("A404-week", page.QuerySelector($"[data-date='{ForWeek:yyyy-MM-dd}']")?.TextContent);
        Assert.Equal($"/staff/week?date={monday.AddDays(7):yyyy-MM-dd}", page.QuerySelector("a[rel=next]")?.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("a[href='/staff/week']"));
        Assert.NotNull(page.QuerySelector($"a[href='/staff/cohorts/{first}/timetable#session-1']"));

        using var otherCenter = await browser.GetAsync($"/staff/week?date={ForWeek:yyyy-MM-dd}&center={w.CenterB}");
        Assert.Equal(HttpStatusCode.NotFound, otherCenter.StatusCode);
        var staffB = await BrowserAsync(w.StaffBEmail);
        var pageB = await staffB.GetDocumentAsync($"/staff/week?date={ForWeek:yyyy-MM-dd}");
        Assert.Empty(pageB.QuerySelectorAll("[data-testid=week-grid] .session-card"));
        await (await w.StaffB.GetAsync($"/api/centers/{w.CenterA}/sessions?from={monday:yyyy-MM-dd}")).ExpectStatusAsync(HttpStatusCode.NotFound);
        var api = await (await w.StaffA.GetAsync($"/api/centers/{w.CenterA}/sessions?from={monday:yyyy-MM-dd}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(expected, api.GetArrayLength());

        var admin = await BrowserAsync(w.AdminEmail);
        var adminPage = await admin.GetDocumentAsync($"/staff/week?date={ForWeek:yyyy-MM-dd}&center={w.CenterA}");
        Assert.Equal(expected, adminPage.QuerySelectorAll("[data-testid=week-grid] .session-card").Length);

        var learner = await BrowserAsync(w.LearnerEmail);
        using var learnerPage = await learner.GetAsync("/staff/week");
        Assert.NotEqual(HttpStatusCode.OK, learnerPage.StatusCode);
    }

    [Fact]
    public async Task Changing_the_slots_regenerates_the_whole_timetable_tells_staff_it_replaced_the_hand_made_moves_and_mails_each_learner_once()
    {
        var w = await factory.WorldAsync();
        var id = await CreateAsync(w, ForRegeneration);
        var status = await (await w.StaffA.GetAsync($"/api/cohorts/{id}/timetable-status")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("queued", status.GetProperty("state").GetString());
        Assert.True(await GenerateAsync(id));
        status = await (await w.StaffA.GetAsync($"/api/cohorts/{id}/timetable-status")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("done", false), (status.GetProperty("state").GetString(), status.GetProperty("regenerated").GetBoolean()));

        await EnrollAsync(w, id);
        await (await w.StaffA.PostJsonAsync($"/api/cohorts/{id}/sessions/2/cancel", new { makeUp = false })).ExpectJsonAsync(HttpStatusCode.OK);
        var summary = await (await w.StaffA.GetAsync($"/api/cohorts/{id}/sessions")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(summary.GetProperty("sessions").GetArrayLength() > 0);

        var revision = await QueryAsync(db => db.Cohorts.AsNoTracking().Where(c => c.Id == id).Select(c => c.Revision).SingleAsync());
        await (await w.StaffA.PutJsonAsync($"/api/cohorts/{id}", Cohort(w.CourseA, ForRegeneration, w.VenueA, ["09:00-12:00"], revision))).ExpectJsonAsync(HttpStatusCode.OK);
        var browser = await BrowserAsync(w.StaffAEmail);
        var queued = await browser.GetDocumentAsync($"/staff/cohorts/{id}/timetable");
        Assert.Equal($"/api/cohorts/{id}/timetable-status", queued.QuerySelector("[data-testid=timetable-progress]")?.GetAttribute("data-timetable-status"));

        Assert.True(await GenerateAsync(id));
        status = await (await w.StaffA.GetAsync($"/api/cohorts/{id}/timetable-status")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("done", status.GetProperty("state").GetString());
        Assert.True(status.GetProperty("regenerated").GetBoolean());
        Assert.Equal(1, status.GetProperty("replacedChanges").GetInt32());
        Assert.All(await SessionsAsync(id), s => Assert.Equal(SessionStatus.Scheduled, s.Status));

        var page = await browser.GetDocumentAsync($"/staff/cohorts/{id}/timetable");
        Assert.Null(page.QuerySelector("[data-testid=timetable-progress]"));
        Assert.Contains("整个课表已重新生成", page.QuerySelector("[data-testid=timetable-regenerated]")?.TextContent);

        var monitor = factory.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        var mailJobs = monitor.Queues().SelectMany(q => monitor.EnqueuedJobs(q.Name, 0, 10_000))
            .Select(j => j.Value?.Job)
            .Where(j => j?.Type == typeof(SessionChangeMailJob) && (int)j.Args[0] == id && ((string[])j.Args[1]).Any(l => l.Contains("重新生成")))
            .ToList();
        var job = Assert.Single(mailJobs)!;
        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<SessionChangeMailJob>().RunAsync(id, (string[])job.Args[1], TestContext.Current.CancellationToken));
        var mail = await QueryAsync(db => db.Outbox.AsNoTracking().Where(m => m.To == w.LearnerEmail && m.HtmlBody.Contains("整个课表已重新生成")).ToListAsync());
        Assert.Single(mail);

        // Generated again on unchanged data: the same timetable, so no message and no mail.
        Assert.True(await GenerateAsync(id));
        status = await (await w.StaffA.GetAsync($"/api/cohorts/{id}/timetable-status")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(status.GetProperty("regenerated").GetBoolean());
        Assert.Single(monitor.Queues().SelectMany(q => monitor.EnqueuedJobs(q.Name, 0, 10_000)).Select(j => j.Value?.Job),
            j => j?.Type == typeof(SessionChangeMailJob) && (int)j.Args[0] == id && ((string[])j.Args[1]).Any(l => l.Contains("重新生成")));

        await (await w.StaffB.GetAsync($"/api/cohorts/{id}/timetable-status")).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await w.Learner.GetAsync($"/api/cohorts/{id}/timetable-status")).ExpectStatusAsync(HttpStatusCode.Forbidden);
    }
}
