using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Timetable;

namespace TrainerAcademy.Tests.Timetables;

/// <summary>The app on a fake clock with no Hangfire server, so the tests run each job themselves.</summary>
public sealed class SqliteClockFactory : SqliteAcademyFactory
{
    protected override bool UsesFakeClock => true;
}

/// <inheritdoc cref="SqliteClockFactory"/>
public sealed class PostgresClockFactory : PostgresAcademyFactory
{
    protected override bool UsesFakeClock => true;
}

/// <summary>
/// Cohorts planned into years whose statutory calendar is not published (the seed stops at 2027): the timetable is
/// provisional and says so through the API and the staff pages, and publishing such a year tells the center's staff and
/// the admins once, with the session dates that now clash.
/// </summary>
public abstract class UnpublishedCalendarTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteClockFactory f) : UnpublishedCalendarTests(f), IClassFixture<SqliteClockFactory>;

    public sealed class OnPostgreSql : UnpublishedCalendarTests, IClassFixture<PostgresClockFactory>
    {
        public OnPostgreSql(PostgresClockFactory f) : base(f) => TestPostgres.Require();
    }

    // Each test keeps to its own unpublished years, so publishing one never changes another test's cohort.
    /// <summary>Three weekends of 2027, then 2028 (never published in these tests).</summary>
    private static readonly DateOnly IntoUnpublished2028 = new(2027, 12, 11);

    /// <summary>Three weekends of 2029, then 2030 (published by the test).</summary>
    private static readonly DateOnly Into2030 = new(2029, 12, 15);

    /// <summary>Wholly in 2027; one session is then moved into 2028.</summary>
    private static readonly DateOnly In2027Autumn = new(2027, 10, 16);

    private static readonly DateOnly NewYear2030 = new(2030, 1, 1);
    private static readonly DateOnly MakeUpDay2030 = new(2030, 1, 5);

    private async Task<int> CreateAsync(TestWorld w, DateOnly startsOn) =>
        (await (await w.StaffA.PostJsonAsync("/api/cohorts", new
        {
            courseId = w.CourseA, startsOn, weekendPattern = "Both", dailySlots = new[] { "09:00-12:00", "13:30-17:30" }, capacity = 20, venueId = w.VenueA,
        })).ExpectJsonAsync(HttpStatusCode.Created)).Id();

    private async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task<bool> GenerateAsync(int cohortId) =>
        WithScopeAsync(s => s.GetRequiredService<TimetableJob>().GenerateAsync(cohortId, TestContext.Current.CancellationToken));

    private Task<int> TellAsync(int year) =>
        WithScopeAsync(s => s.GetRequiredService<CalendarPublishedJob>().RunAsync(year, TestContext.Current.CancellationToken));

    private Task<T> QueryAsync<T>(Func<AcademyDbContext, Task<T>> query) => WithScopeAsync(s => query(s.GetRequiredService<AcademyDbContext>()));

    private Task<List<DateOnly>> SessionDatesAsync(int cohortId) =>
        QueryAsync(db => db.CohortSessions.AsNoTracking().Where(s => s.CohortId == cohortId && s.Status == SessionStatus.Scheduled)
            .Select(s => s.Date).Distinct().OrderBy(d => d).ToListAsync());

    private Task<List<OutboxMessageRow>> MailAboutAsync(int cohortId) =>
        QueryAsync(db => db.Outbox.AsNoTracking().Where(m => m.HtmlBody.Contains($"/staff/cohorts/{cohortId}/timetable"))
            .Select(m => new OutboxMessageRow(m.To, m.Subject, m.HtmlBody)).ToListAsync());

    private sealed record OutboxMessageRow(string To, string Subject, string Body);

    private static List<DateOnly> Dates(JsonElement array) => [.. array.EnumerateArray().Select(e => DateOnly.Parse(e.GetString()!))];

    private static MultipartFormDataContent Upload(string ics)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(ics));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/calendar");
        return new MultipartFormDataContent { { file, "file", "holidays-2030.ics" } };
    }

    private static readonly string Notice2030 =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" +
        "BEGIN:VEVENT\r\nUID:ny-2030\r\nDTSTAMP:20291101T000000Z\r\nDTSTART;VALUE=DATE:20300101\r\nDTEND;VALUE=DATE:20300102\r\nSUMMARY:元旦\r\nEND:VEVENT\r\n" +
        "BEGIN:VEVENT\r\nUID:work-2030\r\nDTSTAMP:20291101T000000Z\r\nDTSTART;VALUE=DATE:20300105\r\nSUMMARY:元旦调休上班\r\nEND:VEVENT\r\n" +
        "END:VCALENDAR\r\n";

    [Fact]
    public async Task Sessions_in_an_unpublished_year_make_the_timetable_provisional_and_staff_see_which_dates_in_the_api_and_on_the_pages()
    {
        var w = await factory.WorldAsync();
        var id = await CreateAsync(w, IntoUnpublished2028);

        Assert.True(await GenerateAsync(id));

        var dates = await SessionDatesAsync(id);
        var in2028 = dates.Where(d => d.Year == 2028).ToList();
        Assert.Contains(dates, d => d.Year == 2027);
        Assert.NotEmpty(in2028);
        Assert.Equal([2028], await QueryAsync(db => db.TimetableCalendarGaps.AsNoTracking().Where(g => g.CohortId == id).Select(g => g.Year).ToListAsync()));
        Assert.Equal(factory.Clock!.GetUtcNow(), await QueryAsync(db => db.TimetableCalendarGaps.AsNoTracking().Where(g => g.CohortId == id).Select(g => g.RecordedAt).SingleAsync()));

        var timetable = await (await w.StaffA.GetAsync($"/api/cohorts/{id}/sessions")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(dates.Count, timetable.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("date").GetString()).Distinct().Count());
        var warning = timetable.GetProperty("calendarWarning");
        Assert.Equal("provisional", warning.GetProperty("state").GetString());
        Assert.Equal([2028], warning.GetProperty("unpublishedYears").EnumerateArray().Select(y => y.GetInt32()));
        Assert.Equal(in2028, Dates(warning.GetProperty("unpublishedDates")));
        Assert.Empty(Dates(warning.GetProperty("clashingDates")));
        var message = warning.GetProperty("message").GetString()!;
        Assert.StartsWith("2028 年法定节假日安排尚未公布", message);
        Assert.Contains("not yet published", message);
        Assert.True(message.IndexOf('年') < message.IndexOf("not yet published", StringComparison.Ordinal), "Chinese comes first.");

        var years = await (await w.StaffA.GetAsync("/api/calendar/years?from=2027&to=2028")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([true, false], years.EnumerateArray().Select(y => y.GetProperty("published").GetBoolean()));

        // Another center's staff cannot see the cohort at all; the admin sees the same warning.
        await (await w.StaffB.GetAsync($"/api/cohorts/{id}/sessions")).ExpectStatusAsync(HttpStatusCode.NotFound);
        var asAdmin = await (await w.Admin.GetAsync($"/api/cohorts/{id}/sessions")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(in2028, Dates(asAdmin.GetProperty("calendarWarning").GetProperty("unpublishedDates")));

        var browser = factory.CreateBrowserClient();
        using (var signIn = await browser.SignInOnPageAsync(w.StaffAEmail, TestWorld.Password))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        foreach (var page in new[] { $"/staff/cohorts/{id}/timetable", $"/staff/cohorts/{id}/edit" })
        {
            var document = await browser.GetDocumentAsync(page);
            var box = document.QuerySelector("[data-testid=calendar-warning]");
            Assert.True(box is not null, $"{page} shows no calendar warning.");
            Assert.Equal("provisional", box.GetAttribute("data-state"));
            Assert.Contains("法定节假日安排尚未公布", box.TextContent);
            Assert.All(in2028, d => Assert.Contains(d.ToString("yyyy-MM-dd"), box.TextContent));
            Assert.Null(box.QuerySelector("[data-action=regenerate]"));
        }

        // The admin's calendar page says which year is unpublished and offers to confirm it even with no provisional day.
        var admin = factory.CreateBrowserClient();
        using (var signIn = await admin.SignInOnPageAsync(w.AdminEmail, TestWorld.Password))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var unpublished = await admin.GetDocumentAsync("/admin/calendar?year=2028");
        Assert.NotNull(unpublished.QuerySelector("[data-testid=year-unpublished]"));
        Assert.NotNull(unpublished.QuerySelector("[data-testid=check-year] button[type=submit]"));
        Assert.Null((await admin.GetDocumentAsync("/admin/calendar?year=2026")).QuerySelector("[data-testid=year-unpublished]"));
    }

    [Fact]
    public async Task Publishing_the_year_tells_the_centers_staff_and_the_admins_once_flags_the_clashing_dates_and_regenerating_clears_the_warning()
    {
        var w = await factory.WorldAsync();
        var id = await CreateAsync(w, Into2030);
        Assert.True(await GenerateAsync(id));
        var dates = await SessionDatesAsync(id);
        Assert.Contains(MakeUpDay2030, dates);
        Assert.Equal([2029, 2030], await QueryAsync(db => db.TimetableCalendarGaps.AsNoTracking().Where(g => g.CohortId == id).OrderBy(g => g.Year).Select(g => g.Year).ToListAsync()));

        // Nothing is told while the year is unpublished, even with a day of it typed in ahead of the notice.
        await (await w.Admin.PostJsonAsync("/api/calendar/days", new { date = NewYear2030, kind = "PublicHoliday", name = "元旦" })).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(0, await TellAsync(2030));
        Assert.Empty(await MailAboutAsync(id));

        // Within the sign-in tokens' lifetime: the clock is the app's.
        factory.Clock!.Advance(TimeSpan.FromMinutes(5));
        await (await w.Admin.PostAsync("/api/calendar/import", Upload(Notice2030))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, await TellAsync(2030));

        var mail = await MailAboutAsync(id);
        Assert.Equal(new[] { w.AdminEmail, w.StaffAEmail }.Order(StringComparer.OrdinalIgnoreCase), mail.Select(m => m.To).Order(StringComparer.OrdinalIgnoreCase));
        Assert.DoesNotContain(mail, m => m.To == w.StaffBEmail);
        Assert.All(mail, m =>
        {
            Assert.StartsWith("2030 年法定节假日安排已公布", m.Subject);
            Assert.Contains(MakeUpDay2030.ToString("yyyy-MM-dd"), m.Body);
        });
        var notified = await QueryAsync(db => db.TimetableCalendarGaps.AsNoTracking().SingleAsync(g => g.CohortId == id && g.Year == 2030));
        Assert.Equal(factory.Clock.GetUtcNow(), notified.NotifiedAt);

        var warning = (await (await w.StaffA.GetAsync($"/api/cohorts/{id}/sessions")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("calendarWarning");
        Assert.Equal("regenerate-advised", warning.GetProperty("state").GetString());
        Assert.Equal([2030], warning.GetProperty("publishedYears").EnumerateArray().Select(y => y.GetInt32()));
        Assert.Equal([MakeUpDay2030], Dates(warning.GetProperty("clashingDates")));
        // 2029 is still unpublished: its dates stay listed beside the advice.
        Assert.Equal(dates.Where(d => d.Year == 2029), Dates(warning.GetProperty("unpublishedDates")));
        Assert.StartsWith("2030 年法定节假日安排已公布，建议重新生成课表", warning.GetProperty("message").GetString());
        Assert.Contains("regenerate advised", warning.GetProperty("message").GetString());

        // A second publish of the same year tells nobody again.
        await (await w.Admin.PostAsync($"/api/calendar/years/2030/checked", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, await TellAsync(2030));
        Assert.Equal(mail.Count, (await MailAboutAsync(id)).Count);

        var browser = factory.CreateBrowserClient();
        using (var signIn = await browser.SignInOnPageAsync(w.StaffAEmail, TestWorld.Password))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var page = await browser.GetDocumentAsync($"/staff/cohorts/{id}/timetable");
        var box = page.QuerySelector("[data-testid=calendar-warning]")!;
        Assert.Equal("regenerate-advised", box.GetAttribute("data-state"));
        Assert.Contains("建议重新生成课表", box.TextContent);
        Assert.Contains(MakeUpDay2030.ToString("yyyy-MM-dd"), box.QuerySelector("[data-testid=calendar-clashes]")!.TextContent);

        // The regeneration offered on the page queues the timetable job; its run plans around the published days.
        using (var regenerate = await browser.PostAsync($"/staff/cohorts/{id}/timetable?handler=Regenerate",
                   new FormUrlEncodedContent(new Dictionary<string, string> { [Forms.TokenField] = Forms.Token(page) })))
            Assert.Equal(HttpStatusCode.Redirect, regenerate.StatusCode);
        Assert.True(await GenerateAsync(id));
        var after = await SessionDatesAsync(id);
        Assert.DoesNotContain(MakeUpDay2030, after);
        Assert.DoesNotContain(NewYear2030, after);
        warning = (await (await w.StaffA.GetAsync($"/api/cohorts/{id}/sessions")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("calendarWarning");
        Assert.Equal("provisional", warning.GetProperty("state").GetString());
        Assert.Empty(warning.GetProperty("publishedYears").EnumerateArray());
        Assert.Equal([2029], await QueryAsync(db => db.TimetableCalendarGaps.AsNoTracking().Where(g => g.CohortId == id).Select(g => g.Year).ToListAsync()));
    }

    [Fact]
    public async Task A_session_moved_into_an_unpublished_year_makes_the_timetable_provisional_and_is_recorded_for_the_publication()
    {
        var w = await factory.WorldAsync();
        var id = await CreateAsync(w, In2027Autumn);
        Assert.True(await GenerateAsync(id));
        Assert.All(await SessionDatesAsync(id), d => Assert.Equal(2027, d.Year));
        var before = await (await w.StaffA.GetAsync($"/api/cohorts/{id}/sessions")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("calendarWarning").ValueKind);
        Assert.Empty(await QueryAsync(db => db.TimetableCalendarGaps.AsNoTracking().Where(g => g.CohortId == id).ToListAsync()));

        var saturday = new DateOnly(2028, 1, 22);
        await (await w.StaffA.PostJsonAsync($"/api/cohorts/{id}/sessions/1/move", new { date = saturday, start = "09:00" })).ExpectJsonAsync(HttpStatusCode.OK);

        var warning = (await (await w.StaffA.GetAsync($"/api/cohorts/{id}/sessions")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("calendarWarning");
        Assert.Equal("provisional", warning.GetProperty("state").GetString());
        Assert.Equal([saturday], Dates(warning.GetProperty("unpublishedDates")));
        Assert.Equal([2028], await QueryAsync(db => db.TimetableCalendarGaps.AsNoTracking().Where(g => g.CohortId == id).Select(g => g.Year).ToListAsync()));
    }
}
