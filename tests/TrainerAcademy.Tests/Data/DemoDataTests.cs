using System.Net.Http.Json;
using TrainerAcademy.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Features.Demo;

namespace TrainerAcademy.Tests.Data;

/// <summary>
/// With Demo:Seed the three demo accounts work and the demo catalog is there; seeding again adds nothing. The demo is
/// relative to the day it is seeded, so these hold on the hard days of the calendar too.
/// </summary>
public abstract class DemoDataTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteDemoFactory f) : DemoDataTests(f), IClassFixture<SqliteDemoFactory>;

    public sealed class OnPostgreSql : DemoDataTests, IClassFixture<PostgresDemoFactory>
    {
        public OnPostgreSql(PostgresDemoFactory f) : base(f) => TestPostgres.Require();
    }

    public sealed class OnSpringFestivalEve(SqliteDemoOnDayFactory.OnSpringFestivalEve f) : DemoDataTests(f), IClassFixture<SqliteDemoOnDayFactory.OnSpringFestivalEve>;

    public sealed class OnNewYearsEve(SqliteDemoOnDayFactory.OnNewYearsEve f) : DemoDataTests(f), IClassFixture<SqliteDemoOnDayFactory.OnNewYearsEve>;

    public sealed class OnSaturdayInClass(SqliteDemoOnDayFactory.OnSaturdayInClass f) : DemoDataTests(f), IClassFixture<SqliteDemoOnDayFactory.OnSaturdayInClass>;

    public sealed class BeyondTheSeededCalendar(SqliteDemoOnDayFactory.BeyondTheSeededCalendar f) : DemoDataTests(f), IClassFixture<SqliteDemoOnDayFactory.BeyondTheSeededCalendar>;

    [Theory]
    [InlineData(DemoData.AdminEmail, "Admin")]
    [InlineData(DemoData.StaffEmail, "CenterStaff")]
    [InlineData(DemoData.LearnerEmail, "Learner")]
    [InlineData(DemoData.ClaimantEmail, "Learner")]
    public async Task Each_demo_account_signs_in_with_the_demo_password(string email, string role)
    {
        var client = await factory.SignInAsync(email, DemoData.Password);

        var me = await (await client.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal([role], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        if (role == "CenterStaff") Assert.Equal(JsonValueKind.Number, me.GetProperty("centerId").ValueKind);
        if (role == "Learner") Assert.True(me.GetProperty("profile").GetProperty("isComplete").GetBoolean());
    }

    [Fact]
    public async Task The_demo_accounts_also_sign_in_on_the_page()
    {
        var browser = factory.CreateBrowserClient();

        using var response = await browser.SignInOnPageAsync(DemoData.StaffEmail, DemoData.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(response.SetsAuthCookie());
    }

    [Fact]
    public async Task The_demo_catalog_has_courses_for_levels_5_4_and_3_and_open_cohorts_on_coming_weekends()
    {
        var client = factory.CreateApiClient();

        var courses = await (await client.GetAsync("/api/courses")).ExpectJsonAsync(HttpStatusCode.OK);
        var cohorts = (await (await client.GetAsync("/api/cohorts")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();

        Assert.Equal([3, 4, 5], courses.EnumerateArray().Select(c => c.GetProperty("level").GetInt32()).Distinct().Order());
        Assert.Contains(cohorts, c => c.GetProperty("status").GetString() == "Open");
        var today = factory.Time.Today();
        Assert.All(cohorts.Where(c => c.GetProperty("status").GetString() == "Open"), c =>
        {
            var starts = DateOnly.Parse(c.GetProperty("startsOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(starts > today && starts.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, $"cohort {c.Id()} starts {starts}");
        });
    }

    [Fact]
    public async Task Every_demo_cohort_has_a_timetable_and_none_a_conflict_report()
    {
        var client = factory.CreateApiClient();
        var cohorts = (await (await client.GetAsync("/api/cohorts")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();

        Assert.NotEmpty(cohorts);
        foreach (var cohort in cohorts)
        {
            var timetable = await (await client.GetAsync($"/api/cohorts/{cohort.Id()}/sessions")).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(JsonValueKind.Null, timetable.GetProperty("conflict").ValueKind);
            Assert.NotEmpty(timetable.GetProperty("sessions").EnumerateArray());
        }
    }

    [Fact]
    public async Task The_demo_learner_attends_a_running_cohort_with_marks_on_its_past_sessions()
    {
        var client = factory.CreateApiClient();
        var cohorts = (await (await client.GetAsync("/api/cohorts")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var running = Assert.Single(cohorts, c => c.GetProperty("status").GetString() == "Running");
        var today = factory.Time.Today();
        Assert.True(DateOnly.Parse(running.GetProperty("startsOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture) < today);

        var learner = await factory.SignInAsync(DemoData.LearnerEmail, DemoData.Password);
        var places = (await (await learner.GetAsync("/api/me/enrollments")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var place = Assert.Single(places, p => p.GetProperty("cohortId").GetInt32() == running.Id());
        Assert.Equal("Confirmed", place.GetProperty("status").GetString());

        var attendance = await (await learner.GetAsync($"/api/enrollments/{place.Id()}/attendance")).ExpectJsonAsync(HttpStatusCode.OK);
        var statuses = attendance.GetProperty("sessions").EnumerateArray()
            .Select(s => s.GetProperty("status").ValueKind == JsonValueKind.Null ? null : s.GetProperty("status").GetString()).ToList();
        Assert.Contains("present", statuses);
        Assert.Single(statuses, s => s == "late");
        Assert.Single(statuses, s => s == "absent");
        var progress = attendance.GetProperty("progress");
        Assert.True(progress.GetProperty("theory").GetProperty("minutesAttended").GetInt32() > 0);
        Assert.True(progress.GetProperty("practice").GetProperty("minutesAttended").GetInt32() > 0);
    }

    [Fact]
    public async Task The_demo_learner_can_start_the_demo_theory_exam_now()
    {
        var learner = await factory.SignInAsync(DemoData.LearnerEmail, DemoData.Password);
        var registrations = (await (await learner.GetAsync("/api/me/registrations")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.NotEmpty(registrations);

        var started = await learner.PostAsJsonAsync($"/api/registrations/{registrations[0].Id()}/attempts", new { component = "theory" });

        var attempt = await started.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.True(attempt.GetProperty("deadline").GetDateTimeOffset() > factory.Time.GetUtcNow());
        Assert.NotEmpty(attempt.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_demo_learner_may_claim_the_subsidy_and_the_admin_has_a_claim_to_review()
    {
        var learner = await factory.SignInAsync(DemoData.LearnerEmail, DemoData.Password);
        var certificate = Assert.Single((await (await learner.GetAsync("/api/certificates")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray());

        var eligibility = await (await learner.GetAsync($"/api/subsidy/eligibility?certificateId={certificate.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.True(eligibility.GetProperty("eligible").GetBoolean(), eligibility.ToString());
        Assert.Equal(1560m, eligibility.GetProperty("amount").GetProperty("amount").GetDecimal());
        Assert.Empty((await (await learner.GetAsync("/api/subsidy/applications")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray());
        var admin = await factory.SignInAsync(DemoData.AdminEmail, DemoData.Password);
        var queue = (await (await admin.GetAsync("/api/subsidy/review")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var waiting = Assert.Single(queue);
        Assert.Equal(("陈静怡", 1950m), (waiting.GetProperty("learnerName").GetString(), waiting.GetProperty("amount").GetProperty("amount").GetDecimal()));
    }

    [Fact]
    public async Task Seeding_the_demo_data_twice_adds_nothing()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        async Task<(int, int, int, int, int, int, int)> CountAsync() => (
            await db.Centers.CountAsync(), await db.Venues.CountAsync(), await db.Instructors.CountAsync(), await db.Courses.CountAsync(),
            await db.Cohorts.CountAsync(), await db.Users.CountAsync(), await db.LearnerProfiles.CountAsync());
        var before = await CountAsync();

        await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();

        Assert.True(before.Item1 > 0 && before.Item4 > 0 && before.Item5 > 0 && before.Item6 >= 3, $"demo data missing: {before}");
        Assert.Equal(before, await CountAsync());
    }
    [Fact]
    public async Task The_demo_pool_holds_a_level_3_practical_task_of_each_scoring_kind_and_they_all_read_back()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();

        var tasks = await db.PracticalTasks.AsNoTracking().Where(t => t.Code.StartsWith("DEMO-L3-")).ToListAsync();

        Assert.Equal(Enum.GetValues<TrainerAcademy.Domain.Practical.PracticalScoringKind>().Order(), tasks.Select(t => t.Scoring).Order());
        Assert.All(tasks, t => Assert.Equal(3, t.Level));
        Assert.All(tasks, t => Assert.Equal(t.Code, t.Kind.Code));
        Assert.All(tasks.Where(t => t.Scoring != TrainerAcademy.Domain.Practical.PracticalScoringKind.Rubric), t => Assert.NotNull(t.Content));
        Assert.Contains(tasks, t => t.Category == TrainerAcademy.Domain.Practical.PracticalCategory.TrainingSyllabusWriting && t.Rubric.Count > 0);
    }
}
