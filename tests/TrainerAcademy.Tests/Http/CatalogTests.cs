using TrainerAcademy.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Account;

namespace TrainerAcademy.Tests.Http;

/// <summary>The public catalog: filters, what is listed, seats left, money.</summary>
public abstract class CatalogTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : CatalogTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : CatalogTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    /// <summary>A center of its own, so its filters see exactly these records.</summary>
    private sealed record Scenario(
        int Center, int CourseL5, int CourseL4, string TitleL5, string TitleL4, int OpenSoon, int OpenLater, int Draft, int Cancelled, int Running,
        int Completed, DateOnly Soon, DateOnly Later, string StaffEmail);

    private static readonly TimeSlot[] Morning = [TimeSlot.Parse("09:00-12:00")];

    private async Task<Scenario> CreateScenarioAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var center = new TrainingCenter("目录测试中心", TestData.NextOrganisationCode(), "31", "上海", null);
        db.Centers.Add(center);
        await db.SaveChangesAsync();

        var suffix = Guid.NewGuid().ToString("N")[..6];
        var l5 = new Course(center.Id, Course.AiTrainerOccupation, 5, $"目录五级 {suffix}", 18, 42, 2600m, "五级", TheoryShareBand.Default);
        var l4 = new Course(center.Id, Course.AiTrainerOccupation, 4, $"目录四级 {suffix}", 15, 35, 3200.50m, null, TheoryShareBand.Default);
        db.Courses.AddRange(l5, l4);
        await db.SaveChangesAsync();

        var today = factory.Time.Today();
        var soon = Weekday(today.AddDays(7), DayOfWeek.Saturday);
        var later = soon.AddDays(28);
        var openSoon = Opened(new Cohort(l5, soon, WeekendPattern.Both, Morning, 30, null));
        var openLater = Opened(new Cohort(l4, later, WeekendPattern.Saturday, Morning, 24, null));
        var draft = new Cohort(l5, soon.AddDays(7), WeekendPattern.Both, Morning, 30, null);
        var cancelled = Opened(new Cohort(l4, soon, WeekendPattern.Both, Morning, 30, null));
        cancelled.Cancel();
        var running = Opened(new Cohort(l5, Weekday(today.AddDays(-7), DayOfWeek.Saturday), WeekendPattern.Both, Morning, 30, null));
        running.AdvanceByDate(today);
        var completed = Opened(new Cohort(l4, Weekday(today.AddDays(-300), DayOfWeek.Saturday), WeekendPattern.Both, Morning, 30, null));
        completed.AdvanceByDate(today);
        Assert.Equal((CohortStatus.Running, CohortStatus.Completed), (running.Status, completed.Status));
        db.Cohorts.AddRange(openSoon, openLater, draft, cancelled, running, completed);
        await db.SaveChangesAsync();
        await db.Cohorts.Where(c => c.Id == openSoon.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.SeatsTaken, 5));

        var staff = TestData.Email("catalog-staff");
        await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(staff, TestWorld.Password, Roles.CenterStaff, center.Id);

        return new Scenario(center.Id, l5.Id, l4.Id, l5.Title, l4.Title, openSoon.Id, openLater.Id, draft.Id, cancelled.Id, running.Id, completed.Id,
            soon, later, staff);
    }

    private static Cohort Opened(Cohort cohort)
    {
        cohort.Open();
        return cohort;
    }

    private static DateOnly Weekday(DateOnly from, DayOfWeek day)
    {
        while (from.DayOfWeek != day) from = from.AddDays(1);
        return from;
    }

    private async Task<int[]> CohortIdsAsync(string query)
    {
        var list = await (await factory.CreateApiClient().GetAsync("/api/cohorts" + query)).ExpectJsonAsync(HttpStatusCode.OK);
        return list.EnumerateArray().Select(c => c.Id()).Order().ToArray();
    }

    private async Task<JsonElement[]> CoursesAsync(string query) =>
        (await (await factory.CreateApiClient().GetAsync("/api/courses" + query)).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray().ToArray();

    [Fact]
    public async Task The_public_list_shows_open_and_running_cohorts_but_never_drafts_cancelled_or_completed_ones()
    {
        var s = await CreateScenarioAsync();

        var ids = await CohortIdsAsync($"?centerId={s.Center}");

        Assert.Equal(new[] { s.OpenSoon, s.OpenLater, s.Running }.Order(), ids);
    }

    [Fact]
    public async Task Cohorts_filter_by_course_level_center_and_start_date()
    {
        var s = await CreateScenarioAsync();

        Assert.Equal(new[] { s.OpenSoon, s.Running }.Order(), await CohortIdsAsync($"?courseId={s.CourseL5}"));
        Assert.Equal([s.OpenLater], await CohortIdsAsync($"?level=4&centerId={s.Center}"));
        Assert.Equal(new[] { s.OpenSoon, s.OpenLater }.Order(), await CohortIdsAsync($"?centerId={s.Center}&from={s.Soon:yyyy-MM-dd}"));
        Assert.Equal([s.OpenLater], await CohortIdsAsync($"?centerId={s.Center}&from={s.Soon.AddDays(1):yyyy-MM-dd}"));
        Assert.Empty(await CohortIdsAsync($"?centerId={s.Center}&from={s.Later.AddDays(1):yyyy-MM-dd}"));
        Assert.Empty(await CohortIdsAsync($"?courseId={s.CourseL5}&level=4"));
    }

    [Fact]
    public async Task A_cohort_shows_its_dates_pattern_slots_capacity_seats_left_status_and_fee()
    {
        var s = await CreateScenarioAsync();

        var list = await (await factory.CreateApiClient().GetAsync($"/api/cohorts?courseId={s.CourseL5}")).ExpectJsonAsync(HttpStatusCode.OK);
        var cohort = list.EnumerateArray().Single(c => c.Id() == s.OpenSoon);

        Assert.Equal(s.Soon.ToString("yyyy-MM-dd"), cohort.GetProperty("startsOn").GetString());
        Assert.Equal("Both", cohort.GetProperty("weekendPattern").GetString());
        Assert.Equal(["09:00-12:00"], cohort.GetProperty("dailySlots").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(30, cohort.GetProperty("capacity").GetInt32());
        Assert.Equal(25, cohort.GetProperty("seatsLeft").GetInt32());
        Assert.Equal("Open", cohort.GetProperty("status").GetString());
        AssertMoney(cohort.GetProperty("fee"), 2600m);
        Assert.Equal(s.Center, cohort.GetProperty("centerId").GetInt32());
    }

    [Fact]
    public async Task Courses_filter_by_level_and_center()
    {
        var s = await CreateScenarioAsync();

        Assert.Equal(new[] { s.CourseL5, s.CourseL4 }.Order(), (await CoursesAsync($"?centerId={s.Center}")).Select(c => c.Id()).Order());
        Assert.Equal([s.CourseL4], (await CoursesAsync($"?centerId={s.Center}&level=4")).Select(c => c.Id()));
        Assert.All(await CoursesAsync("?level=5"), c => Assert.Equal(5, c.GetProperty("level").GetInt32()));
        Assert.Empty(await CoursesAsync($"?centerId={s.Center}&level=3"));
    }

    [Fact]
    public async Task A_course_shows_its_level_hours_open_cohorts_and_its_fee_as_amount_and_CNY()
    {
        var s = await CreateScenarioAsync();

        var course = (await CoursesAsync($"?centerId={s.Center}&level=4")).Single();

        Assert.Equal(s.TitleL4, course.GetProperty("title").GetString());
        Assert.Equal("人工智能训练师", course.GetProperty("occupation").GetString());
        Assert.Equal("四级/中级工", course.GetProperty("levelName").GetString());
        Assert.Equal(15, course.GetProperty("theoryHours").GetInt32());
        Assert.Equal(35, course.GetProperty("practiceHours").GetInt32());
        Assert.Equal(1, course.GetProperty("openCohorts").GetInt32());
        AssertMoney(course.GetProperty("fee"), 3200.50m);
        var one = await (await factory.CreateApiClient().GetAsync($"/api/courses/{s.CourseL4}")).ExpectJsonAsync(HttpStatusCode.OK);
        AssertMoney(one.GetProperty("fee"), 3200.50m);
    }

    [Fact]
    public async Task An_unknown_course_or_cohort_is_a_404_problem()
    {
        var client = factory.CreateApiClient();

        await (await client.GetAsync("/api/courses/987654")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/cohorts/987654")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Drafts_and_cancelled_cohorts_are_hidden_from_the_public_but_shown_to_their_centers_staff()
    {
        var s = await CreateScenarioAsync();
        var w = await factory.WorldAsync();
        var ownStaff = await factory.SignInAsync(s.StaffEmail, TestWorld.Password);

        foreach (var id in new[] { s.Draft, s.Cancelled })
        {
            await (await w.Anonymous.GetAsync($"/api/cohorts/{id}")).ExpectStatusAsync(HttpStatusCode.NotFound);
            await (await w.Learner.GetAsync($"/api/cohorts/{id}")).ExpectStatusAsync(HttpStatusCode.NotFound);
            await (await w.StaffA.GetAsync($"/api/cohorts/{id}")).ExpectStatusAsync(HttpStatusCode.NotFound);
            await (await ownStaff.GetAsync($"/api/cohorts/{id}")).ExpectStatusAsync(HttpStatusCode.OK);
            await (await w.Admin.GetAsync($"/api/cohorts/{id}")).ExpectStatusAsync(HttpStatusCode.OK);
        }
        await (await w.Anonymous.GetAsync($"/api/cohorts/{s.OpenSoon}")).ExpectStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_catalog_page_lists_courses_and_filters_them_by_level_and_center()
    {
        var s = await CreateScenarioAsync();
        var browser = factory.CreateBrowserClient();

        var all = (await browser.GetDocumentAsync($"/catalog?centerId={s.Center}")).Body!.TextContent;
        var level4 = (await browser.GetDocumentAsync($"/catalog?centerId={s.Center}&level=4")).Body!.TextContent;

        Assert.Contains(s.TitleL5, all);
        Assert.Contains(s.TitleL4, all);
        Assert.Contains(s.TitleL4, level4);
        Assert.DoesNotContain(s.TitleL5, level4);
    }

    [Fact]
    public async Task The_course_page_is_public_and_an_unknown_course_is_not_found()
    {
        var s = await CreateScenarioAsync();
        var browser = factory.CreateBrowserClient();

        Assert.Contains(s.TitleL5, (await browser.GetDocumentAsync($"/catalog/courses/{s.CourseL5}")).Body!.TextContent);
        using var missing = await browser.GetAsync("/catalog/courses/987654");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static void AssertMoney(JsonElement money, decimal amount)
    {
        Assert.Equal(["amount", "currency"], money.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(amount, money.GetProperty("amount").GetDecimal());
        Assert.Equal("CNY", money.GetProperty("currency").GetString());
    }
}
