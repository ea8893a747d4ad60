using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Timetable;

namespace TrainerAcademy.Tests.Timetables;

/// <summary>A center's closure days and days added to the statutory calendar by hand keep classes off them, like the seeded holidays.</summary>
public abstract class ClosureTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : ClosureTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : ClosureTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private static readonly DateOnly ForGeneration = new(2033, 3, 5);
    private static readonly DateOnly ForMove = new(2033, 6, 4);
    private static readonly DateOnly ForAffected = new(2033, 9, 3);
    private static readonly DateOnly ForAccess = new(2034, 2, 4);

    private async Task<int> CreateGeneratedAsync(TestWorld w, DateOnly startsOn)
    {
        var id = (await (await w.StaffA.PostJsonAsync("/api/cohorts", new
        {
            courseId = w.CourseA, startsOn, weekendPattern = "Both", dailySlots = new[] { "09:00-12:00", "13:30-17:30" }, capacity = 20, venueId = w.VenueA,
        })).ExpectJsonAsync(HttpStatusCode.Created)).Id();
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<TimetableJob>().GenerateAsync(id, TestContext.Current.CancellationToken));
        return id;
    }

    private async Task<List<CohortSession>> SessionsAsync(int cohortId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().CohortSessions.AsNoTracking()
            .Where(s => s.CohortId == cohortId).OrderBy(s => s.Sequence).ToListAsync();
    }

    private static string Closures(int centerId) => $"/api/centers/{centerId}/closures";

    [Fact]
    public async Task Generation_skips_a_holiday_added_by_hand_and_the_centers_own_closures_but_not_another_centers()
    {
        var w = await factory.WorldAsync();
        var sunday = ForGeneration.AddDays(1);
        var nextSunday = ForGeneration.AddDays(8);
        await (await w.Admin.PostJsonAsync("/api/calendar/days", new { date = ForGeneration, kind = "PublicHoliday", name = "测试假日" })).ExpectJsonAsync(HttpStatusCode.Created);
        await (await w.StaffA.PostJsonAsync(Closures(w.CenterA), new { date = sunday, reason = "消防检查" })).ExpectJsonAsync(HttpStatusCode.Created);
        await (await w.StaffB.PostJsonAsync(Closures(w.CenterB), new { date = nextSunday, reason = "B 中心装修" })).ExpectJsonAsync(HttpStatusCode.Created);

        var sessions = await SessionsAsync(await CreateGeneratedAsync(w, ForGeneration));

        Assert.DoesNotContain(sessions, s => s.Date == ForGeneration || s.Date == sunday);
        Assert.Equal(ForGeneration.AddDays(7), sessions[0].Date);
        Assert.Contains(sessions, s => s.Date == nextSunday);
    }

    [Fact]
    public async Task Moving_a_session_onto_a_closure_day_is_refused_like_a_holiday()
    {
        var w = await factory.WorldAsync();
        var id = await CreateGeneratedAsync(w, ForMove);
        var after = (await SessionsAsync(id))[^1].Date.AddDays(7);
        while (after.DayOfWeek != DayOfWeek.Saturday) after = after.AddDays(1);
        await (await w.StaffA.PostJsonAsync(Closures(w.CenterA), new { date = after, reason = "搬迁" })).ExpectJsonAsync(HttpStatusCode.Created);

        var problem = await (await w.StaffA.PostJsonAsync($"/api/cohorts/{id}/sessions/1/move", new { date = after, start = "09:00" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("session.not-a-class-day", problem.GetProperty("code").GetString());
        Assert.Equal(ForMove, (await SessionsAsync(id))[0].Date);

        await (await w.StaffA.DeleteAsync($"{Closures(w.CenterA)}/{after:yyyy-MM-dd}")).ExpectStatusAsync(HttpStatusCode.NoContent);
        await (await w.StaffA.PostJsonAsync($"/api/cohorts/{id}/sessions/1/move", new { date = after, start = "09:00" })).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_closure_on_a_day_with_sessions_reports_them_with_links_and_moves_nothing()
    {
        var w = await factory.WorldAsync();
        var id = await CreateGeneratedAsync(w, ForAffected);
        var before = await SessionsAsync(id);
        var onDay = before.Where(s => s.Date == ForAffected).ToList();
        Assert.NotEmpty(onDay);

        var added = await (await w.StaffA.PostJsonAsync(Closures(w.CenterA), new { date = ForAffected, reason = "停电检修" })).ExpectJsonAsync(HttpStatusCode.Created);
        var affected = added.GetProperty("affectedSessions").EnumerateArray().ToList();
        Assert.Equal(onDay.Select(s => s.Sequence), affected.Select(a => a.GetProperty("sequence").GetInt32()));
        Assert.All(affected, a => Assert.Equal(id, a.GetProperty("cohortId").GetInt32()));
        Assert.Equal(before.Select(s => (s.ToPlanned(), s.Status)), (await SessionsAsync(id)).Select(s => (s.ToPlanned(), s.Status)));

        var listed = await (await w.StaffA.GetAsync(Closures(w.CenterA))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("date").GetString() == ForAffected.ToString("yyyy-MM-dd")
                                                      && c.GetProperty("affectedSessions").GetArrayLength() == onDay.Count);

        var browser = factory.CreateBrowserClient();
        using (var signIn = await browser.SignInOnPageAsync(w.StaffAEmail, TestWorld.Password)) Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var page = await browser.GetDocumentAsync("/staff/center");
        var item = page.QuerySelector($"[data-testid=closure-list] li[data-date='{ForAffected:yyyy-MM-dd}']");
        Assert.NotNull(item);
        var links = item.QuerySelectorAll("[data-testid=affected-sessions] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(onDay.Select(s => $"/staff/cohorts/{id}/timetable#session-{s.Sequence}"), links);

        // The page's own form adds a closure and refuses a day already closed beside the date.
        var token = Forms.Token(page, "Closure.Date");
        using var duplicate = await browser.PostAsync($"/staff/center?id={w.CenterA}&handler=Closure", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = token, ["Closure.Date"] = ForAffected.ToString("yyyy-MM-dd"), ["Closure.Reason"] = "再次",
        }));
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        var refused = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await duplicate.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(string.IsNullOrWhiteSpace(refused.QuerySelector("[data-valmsg-for='Closure.Date']")?.TextContent));
        using var another = await browser.PostAsync($"/staff/center?id={w.CenterA}&handler=Closure", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Forms.TokenField] = token, ["Closure.Date"] = ForAffected.AddDays(1).ToString("yyyy-MM-dd"), ["Closure.Reason"] = "停电检修",
        }));
        Assert.Equal(HttpStatusCode.Redirect, another.StatusCode);
        Assert.Contains("停课", (await browser.GetDocumentAsync("/staff/center")).QuerySelector("[role=status]")?.TextContent);
    }

    [Fact]
    public async Task Only_the_centers_staff_and_admins_keep_its_closures_and_another_center_is_a_404()
    {
        var w = await factory.WorldAsync();
        var body = new { date = ForAccess, reason = "内部培训" };

        await (await w.StaffB.GetAsync(Closures(w.CenterA))).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.PostJsonAsync(Closures(w.CenterA), body)).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await w.Learner.PostJsonAsync(Closures(w.CenterA), body)).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.Anonymous.PostJsonAsync(Closures(w.CenterA), body)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await w.StaffA.GetAsync(Closures(999999))).ExpectStatusAsync(HttpStatusCode.NotFound);

        await (await w.Admin.PostJsonAsync(Closures(w.CenterA), body)).ExpectJsonAsync(HttpStatusCode.Created);
        var duplicate = await (await w.StaffA.PostJsonAsync(Closures(w.CenterA), body)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("closure.exists", duplicate.GetProperty("code").GetString());
        var past = await (await w.StaffA.PostJsonAsync(Closures(w.CenterA), new { date = new DateOnly(2020, 1, 4), reason = "过去" })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("closure.past", past.GetProperty("code").GetString());
        var noReason = await (await w.StaffA.PostJsonAsync(Closures(w.CenterA), new { date = ForAccess.AddDays(1), reason = "" })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));

        await (await w.StaffB.DeleteAsync($"{Closures(w.CenterA)}/{ForAccess:yyyy-MM-dd}")).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await w.StaffA.DeleteAsync($"{Closures(w.CenterA)}/{ForAccess:yyyy-MM-dd}")).ExpectStatusAsync(HttpStatusCode.NoContent);
        await (await w.StaffA.DeleteAsync($"{Closures(w.CenterA)}/{ForAccess:yyyy-MM-dd}")).ExpectStatusAsync(HttpStatusCode.NotFound);
    }
}
