using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Tests.Timetables;

/// <summary>Admins keep the statutory calendar through the API and /admin/calendar, by hand and by importing an .ics file.</summary>
public abstract class StatutoryCalendarTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : StatutoryCalendarTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : StatutoryCalendarTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private static readonly string SampleFile = Path.Combine(RepositoryRoot.Path, "tests", "TrainerAcademy.Tests", "Timetable", "holidays-2031.ics");

    // Each test keeps to its own years, so the shared calendar of the class never mixes their days.
    private const int ForCrud = 2032;
    private const int ForCheck = 2034;
    private const int ForBadFile = 2035;
    private const int ForPage = 2036;

    private async Task<T> QueryAsync<T>(Func<AcademyDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AcademyDbContext>());
    }

    private Task<List<StatutoryCalendarEntry>> DaysAsync(int year) =>
        QueryAsync(db => db.StatutoryCalendar.AsNoTracking().Where(d => d.Date >= new DateOnly(year, 1, 1) && d.Date <= new DateOnly(year, 12, 31)).OrderBy(d => d.Date).ToListAsync());

    private static MultipartFormDataContent Upload(string ics, string name = "holidays.ics")
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(ics));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/calendar");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    private static string Event(string start, string? end, string summary, bool allDay = true) =>
        "BEGIN:VEVENT\r\nUID:" + Guid.NewGuid() + "\r\nDTSTAMP:20300101T000000Z\r\n" +
        (allDay ? $"DTSTART;VALUE=DATE:{start}\r\n" : $"DTSTART:{start}T090000Z\r\n") +
        (end is null ? "" : allDay ? $"DTEND;VALUE=DATE:{end}\r\n" : $"DTEND:{end}T100000Z\r\n") +
        $"SUMMARY:{summary}\r\nEND:VEVENT\r\n";

    private static string Ics(params string[] events) => "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + string.Concat(events) + "END:VCALENDAR\r\n";

    [Fact]
    public async Task Admins_add_edit_and_delete_days_and_a_weekday_make_up_day_is_refused_beside_the_date()
    {
        var w = await factory.WorldAsync();
        var may1 = new DateOnly(ForCrud, 5, 1);

        var created = await (await w.Admin.PostJsonAsync("/api/calendar/days", new { date = may1, kind = "PublicHoliday", name = "劳动节" })).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("劳动节", created.GetProperty("name").GetString());
        var listed = await (await w.Admin.GetAsync($"/api/calendar/days?year={ForCrud}")).ExpectJsonAsync(HttpStatusCode.OK);
        var day = Assert.Single(listed.EnumerateArray());
        Assert.Equal("2032-05-01", day.GetProperty("date").GetString());
        Assert.Equal("PublicHoliday", day.GetProperty("kind").GetString());
        Assert.False(day.GetProperty("provisional").GetBoolean());

        var duplicate = await (await w.Admin.PostJsonAsync("/api/calendar/days", new { date = may1, kind = "PublicHoliday", name = "劳动节" })).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("calendar.day-exists", duplicate.GetProperty("code").GetString());
        // 2032-05-05 is a Wednesday.
        var weekday = await (await w.Admin.PostJsonAsync("/api/calendar/days", new { date = new DateOnly(ForCrud, 5, 5), kind = "MakeUpWorkday", name = "劳动节补班" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("calendar.make-up-weekday", weekday.GetProperty("code").GetString());
        Assert.True(weekday.GetProperty("errors").TryGetProperty("date", out _));

        var changed = await (await w.Admin.PutJsonAsync("/api/calendar/days/2032-05-01", new { kind = "PublicHoliday", name = "劳动节（五一）", provisional = true }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("劳动节（五一）", changed.GetProperty("name").GetString());
        Assert.True((await DaysAsync(ForCrud)).Single().Provisional);
        await (await w.Admin.PutJsonAsync("/api/calendar/days/2032-05-02", new { kind = "PublicHoliday", name = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);

        await (await w.Admin.DeleteAsync("/api/calendar/days/2032-05-01")).ExpectStatusAsync(HttpStatusCode.NoContent);
        Assert.Empty(await DaysAsync(ForCrud));
        await (await w.Admin.DeleteAsync("/api/calendar/days/2032-05-01")).ExpectStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Staff_may_read_the_calendar_but_only_admins_change_it_and_anonymous_callers_get_401()
    {
        var w = await factory.WorldAsync();
        var body = new { date = new DateOnly(ForCrud, 10, 1), kind = "PublicHoliday", name = "国庆节" };

        await (await w.StaffA.GetAsync($"/api/calendar/days?year={ForCrud}")).ExpectJsonAsync(HttpStatusCode.OK);
        await (await w.StaffA.PostJsonAsync("/api/calendar/days", body)).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.StaffA.PutJsonAsync("/api/calendar/days/2032-10-01", body)).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.StaffA.DeleteAsync("/api/calendar/days/2032-10-01")).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.StaffA.PostAsync("/api/calendar/import", Upload(await File.ReadAllTextAsync(SampleFile, TestContext.Current.CancellationToken)))).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.StaffA.PostJsonAsync($"/api/calendar/years/{ForCrud}/checked", new { })).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.Learner.GetAsync($"/api/calendar/days?year={ForCrud}")).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.Anonymous.GetAsync($"/api/calendar/days?year={ForCrud}")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await w.Anonymous.PostJsonAsync("/api/calendar/days", body)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(await DaysAsync(ForCrud), d => d.Date == body.date);

        var browser = factory.CreateBrowserClient();
        using (var signIn = await browser.SignInOnPageAsync(w.StaffAEmail, TestWorld.Password)) Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using var page = await browser.GetAsync("/admin/calendar");
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("/admin/calendar", await (await browser.GetAsync("/staff/cohorts")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Marking_a_year_checked_clears_the_provisional_flag_of_its_days_only()
    {
        var w = await factory.WorldAsync();
        await (await w.Admin.PostJsonAsync("/api/calendar/days", new { date = new DateOnly(ForCheck, 1, 1), kind = "PublicHoliday", name = "元旦", provisional = true })).ExpectJsonAsync(HttpStatusCode.Created);
        await (await w.Admin.PostJsonAsync("/api/calendar/days", new { date = new DateOnly(ForCheck + 1, 1, 1), kind = "PublicHoliday", name = "元旦", provisional = true })).ExpectJsonAsync(HttpStatusCode.Created);

        var result = await (await w.Admin.PostJsonAsync($"/api/calendar/years/{ForCheck}/checked", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, result.GetProperty("checked").GetInt32());
        Assert.False((await DaysAsync(ForCheck)).Single().Provisional);
        Assert.True((await DaysAsync(ForCheck + 1)).Single(d => d.Date.Month == 1 && d.Date.Day == 1).Provisional);
        await (await w.Admin.DeleteAsync($"/api/calendar/days/{ForCheck + 1}-01-01")).ExpectStatusAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Importing_the_sample_file_stores_each_day_of_a_multi_day_event_and_the_make_up_days_and_importing_it_again_changes_nothing()
    {
        var w = await factory.WorldAsync();
        var ics = await File.ReadAllTextAsync(SampleFile, TestContext.Current.CancellationToken);

        var preview = await (await w.Admin.PostAsync("/api/calendar/import?dryRun=true", Upload(ics))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(10, preview.GetProperty("rows").GetArrayLength());
        Assert.Empty(await DaysAsync(2031));

        var first = await (await w.Admin.PostAsync("/api/calendar/import", Upload(ics))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(10, first.GetProperty("added").GetInt32());
        var days = await DaysAsync(2031);
        Assert.Equal(10, days.Count);
        Assert.Equal(Enumerable.Range(1, 7).Select(d => new DateOnly(2031, 10, d)),
            days.Where(d => d.Kind == CalendarDayKind.PublicHoliday && d.Date.Month == 10).Select(d => d.Date));
        Assert.All(days.Where(d => d.Date.Month == 10 && d.Date.Day <= 7), d => Assert.Equal("国庆节 休", d.Name));
        Assert.Equal([new DateOnly(2031, 9, 28), new DateOnly(2031, 10, 11)], days.Where(d => d.Kind == CalendarDayKind.MakeUpWorkday).Select(d => d.Date));
        Assert.Contains(days, d => d.Date == new DateOnly(2031, 1, 1) && d.Name == "元旦" && d.Kind == CalendarDayKind.PublicHoliday);
        Assert.All(days, d => Assert.False(d.Provisional));

        var again = await (await w.Admin.PostAsync("/api/calendar/import", Upload(ics))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal((0, 0, 10), (again.GetProperty("added").GetInt32(), again.GetProperty("changed").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        Assert.Equal(days.Select(d => (d.Id, d.Date, d.Kind, d.Name)), (await DaysAsync(2031)).Select(d => (d.Id, d.Date, d.Kind, d.Name)));
    }

    [Fact]
    public async Task A_file_with_a_bad_line_is_refused_with_the_line_and_nothing_of_it_is_stored()
    {
        var w = await factory.WorldAsync();
        // 2035-05-02 is a Wednesday: a "working day" on it is a slip; the timed event is not a day at all.
        var ics = Ics(
            Event("20350501", "20350504", "劳动节 休"),
            Event("20350502", null, "劳动节 班"),
            Event("20350510", "20350510", "会议", allDay: false));

        var problem = await (await w.Admin.PostAsync("/api/calendar/import", Upload(ics))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("calendar.import-invalid", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("line 11", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("line 17", out _), errors.ToString());
        Assert.False(errors.TryGetProperty("line 4", out _));
        Assert.Empty(await DaysAsync(ForBadFile));

        var garbage = await (await w.Admin.PostAsync("/api/calendar/import", Upload("not a calendar"))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(garbage.GetProperty("errors").TryGetProperty("file", out _));
        await (await w.Admin.PostAsync("/api/calendar/import", Upload(""))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Empty(await DaysAsync(ForBadFile));
    }

    [Fact]
    public async Task The_calendar_page_shows_a_refused_day_beside_its_field_and_previews_a_file_before_importing_it()
    {
        var w = await factory.WorldAsync();
        var browser = factory.CreateBrowserClient();
        using (var signIn = await browser.SignInOnPageAsync(w.AdminEmail, TestWorld.Password)) Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var url = $"/admin/calendar?year={ForPage}";
        var page = await browser.GetDocumentAsync(url);
        Assert.NotNull(page.QuerySelector("a[href='/admin/calendar']"));
        var token = Forms.Token(page, "Day.Name");

        // 2036-05-07 is a Wednesday.
        using var refused = await browser.PostAsync("/admin/calendar?handler=Day", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = token, ["Day.Date"] = "2036-05-07", ["Day.Kind"] = "MakeUpWorkday", ["Day.Name"] = "劳动节补班",
        }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedPage = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("周六或周日", refusedPage.QuerySelector("[data-valmsg-for='Day.Date']")?.TextContent);
        Assert.Empty(await DaysAsync(ForPage));

        using var added = await browser.PostAsync("/admin/calendar?handler=Day", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = token, ["Day.Date"] = "2036-05-03", ["Day.Kind"] = "MakeUpWorkday", ["Day.Name"] = "劳动节补班",
        }));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var listed = await browser.GetDocumentAsync(url);
        Assert.Single(listed.QuerySelectorAll("[data-testid=calendar-days] tbody tr"));

        var ics = Ics(Event("20360501", "20360506", "劳动节"), Event("20360503", null, "劳动节 补班"));
        var form = new MultipartFormDataContent { { new StringContent(token), Forms.TokenField }, { new StringContent(ForPage.ToString()), "year" } };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(ics));
        form.Add(file, "file", "labour-day.ics");
        using var previewed = await browser.PostAsync("/admin/calendar?handler=Preview", form);
        var preview = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await previewed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(preview.QuerySelector("[data-testid=import-errors]"));
        Assert.Null(preview.QuerySelector("[data-action=confirm-import]"));
        Assert.Single(await DaysAsync(ForPage));

        var good = Ics(Event("20360501", "20360504", "劳动节"), Event("20360503", null, "劳动节 补班").Replace("20360503", "20360510"));
        form = new MultipartFormDataContent { { new StringContent(token), Forms.TokenField }, { new StringContent(ForPage.ToString()), "year" } };
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(good)), "file", "labour-day.ics");
        using var previewedGood = await browser.PostAsync("/admin/calendar?handler=Preview", form);
        var goodPreview = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await previewedGood.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var confirm = goodPreview.QuerySelector("[data-action=confirm-import]")?.Closest("form");
        Assert.NotNull(confirm);
        Assert.Single(await DaysAsync(ForPage));

        var icsField = (AngleSharp.Html.Dom.IHtmlInputElement)confirm.QuerySelector("input[name=ics]")!;
        using var imported = await browser.PostAsync("/admin/calendar?handler=Import", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = token, ["year"] = ForPage.ToString(), ["ics"] = icsField.Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var days = await DaysAsync(ForPage);
        Assert.Equal([new DateOnly(2036, 5, 1), new DateOnly(2036, 5, 2), new DateOnly(2036, 5, 3), new DateOnly(2036, 5, 10)], days.Select(d => d.Date));
        Assert.Equal(CalendarDayKind.PublicHoliday, days.Single(d => d.Date.Day == 3).Kind);
        Assert.Equal(CalendarDayKind.MakeUpWorkday, days.Single(d => d.Date.Day == 10).Kind);
    }
}
