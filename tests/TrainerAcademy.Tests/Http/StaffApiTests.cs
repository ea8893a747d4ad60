using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;

namespace TrainerAcademy.Tests.Http;

/// <summary>Center staff keep their own center's courses, cohorts, venues and instructors; admins register centers and staff.</summary>
public abstract class StaffApiTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : StaffApiTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : StaffApiTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private static object Course(string title = "新课程", int theory = 18, int practice = 42, int level = 5, int? centerId = null) =>
        new { centerId, level, title, theoryHours = theory, practiceHours = practice, fee = 2600.00m, description = "周末班" };

    private object Cohort(int courseId, int capacity = 20, int? venueId = null, int? revision = null, DateOnly? startsOn = null,
        string pattern = "Both", string[]? slots = null) => new
    {
        courseId, startsOn = startsOn ?? factory.NextSaturday(), weekendPattern = pattern, dailySlots = slots ?? ["09:00-12:00", "13:30-17:30"],
        capacity, venueId, revision,
    };

    private async Task<int> CountAsync(Func<AcademyDbContext, Task<int>> count)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await count(scope.ServiceProvider.GetRequiredService<AcademyDbContext>());
    }

    [Fact]
    public async Task Staff_create_a_course_in_their_own_center_and_it_is_listed()
    {
        var w = await factory.WorldAsync();

        var created = await (await w.StaffA.PostJsonAsync("/api/courses", Course("A 中心新课"))).ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal(w.CenterA, created.GetProperty("centerId").GetInt32());
        var listed = await (await w.Anonymous.GetAsync($"/api/courses?centerId={w.CenterA}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(listed.EnumerateArray(), c => c.Id() == created.Id() && c.GetProperty("title").GetString() == "A 中心新课");
    }

    [Theory]
    [InlineData(10, 50)] // 16.7 %
    [InlineData(30, 30)] // 50 %
    public async Task A_course_whose_theory_share_is_outside_the_band_is_refused_with_422_on_theoryHours(int theory, int practice)
    {
        var w = await factory.WorldAsync();
        var before = await CountAsync(db => db.Courses.CountAsync());

        var problem = await (await w.StaffA.PostJsonAsync("/api/courses", Course(theory: theory, practice: practice)))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("theoryHours", out _), problem.ToString());
        Assert.Equal("course.theory-share", problem.GetProperty("code").GetString());
        Assert.Equal(before, await CountAsync(db => db.Courses.CountAsync()));
    }

    [Fact]
    public async Task The_theory_share_band_comes_from_configuration()
    {
        await using var strict = factory.WithWebHostBuilder(b => b
            .UseSetting("Catalog:TheoryShareMin", "0.40")
            .UseSetting("Catalog:TheoryShareMax", "0.60"));
        var staff = (await factory.WorldAsync()).StaffAEmail;
        var client = strict.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", await TestHttp.LoginAsync(client, staff, TestWorld.Password));

        await (await client.PostJsonAsync("/api/courses", Course(theory: 18, practice: 42))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostJsonAsync("/api/courses", Course(theory: 25, practice: 25))).ExpectStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Staff_edit_their_courses()
    {
        var w = await factory.WorldAsync();
        var id = (await (await w.StaffA.PostJsonAsync("/api/courses", Course("改前"))).ExpectJsonAsync(HttpStatusCode.Created)).Id();

        var edited = await (await w.StaffA.PutJsonAsync($"/api/courses/{id}", Course("改后", theory: 15, practice: 35, level: 4)))
            .ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("改后", edited.GetProperty("title").GetString());
        Assert.Equal(4, edited.GetProperty("level").GetInt32());
        Assert.Equal(15, edited.GetProperty("theoryHours").GetInt32());
    }

    [Fact]
    public async Task Staff_cannot_edit_another_centers_course()
    {
        var w = await factory.WorldAsync();
        var id = (await (await w.StaffA.PostJsonAsync("/api/courses", Course("A 的课"))).ExpectJsonAsync(HttpStatusCode.Created)).Id();

        await (await w.StaffB.PutJsonAsync($"/api/courses/{id}", Course("B 改的"))).ExpectProblemAsync(HttpStatusCode.NotFound);

        var course = await (await w.Anonymous.GetAsync($"/api/courses/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("A 的课", course.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_cohort_goes_from_draft_to_open_to_cancelled_and_the_catalog_follows()
    {
        var w = await factory.WorldAsync();

        var draft = await (await w.StaffA.PostJsonAsync("/api/cohorts", Cohort(w.CourseA, venueId: w.VenueA))).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Draft", draft.GetProperty("status").GetString());
        Assert.Equal(w.CenterA, draft.GetProperty("centerId").GetInt32());
        Assert.DoesNotContain(await PublicCohortIdsAsync(w), id => id == draft.Id());

        var open = await (await w.StaffA.PostJsonAsync($"/api/cohorts/{draft.Id()}/open", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Open", open.GetProperty("status").GetString());
        Assert.Contains(await PublicCohortIdsAsync(w), id => id == draft.Id());

        var cancelled = await (await w.StaffA.PostJsonAsync($"/api/cohorts/{draft.Id()}/cancel", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.DoesNotContain(await PublicCohortIdsAsync(w), id => id == draft.Id());

        await (await w.StaffA.PostJsonAsync($"/api/cohorts/{draft.Id()}/open", new { })).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    private static async Task<int[]> PublicCohortIdsAsync(TestWorld w) =>
        (await (await w.Anonymous.GetAsync($"/api/cohorts?centerId={w.CenterA}")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(c => c.Id()).ToArray();

    [Fact]
    public async Task Updating_a_cohort_with_a_stale_revision_is_a_409_and_changes_nothing()
    {
        var w = await factory.WorldAsync();
        var created = await (await w.StaffA.PostJsonAsync("/api/cohorts", Cohort(w.CourseA, capacity: 20))).ExpectJsonAsync(HttpStatusCode.Created);
        var revision = created.GetProperty("revision").GetInt32();

        var updated = await (await w.StaffA.PutJsonAsync($"/api/cohorts/{created.Id()}", Cohort(w.CourseA, capacity: 25, revision: revision)))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(25, updated.GetProperty("capacity").GetInt32());
        Assert.True(updated.GetProperty("revision").GetInt32() > revision);

        await (await w.StaffA.PutJsonAsync($"/api/cohorts/{created.Id()}", Cohort(w.CourseA, capacity: 28, revision: revision)))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await w.StaffA.PostJsonAsync($"/api/cohorts/{created.Id()}/open", new { revision })).ExpectProblemAsync(HttpStatusCode.Conflict);

        var now = await (await w.StaffA.GetAsync($"/api/cohorts/{created.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(25, now.GetProperty("capacity").GetInt32());
        Assert.Equal("Draft", now.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Of_parallel_edits_made_from_the_same_revision_exactly_one_wins()
    {
        var w = await factory.WorldAsync();
        var created = await (await w.StaffA.PostJsonAsync("/api/cohorts", Cohort(w.CourseA, capacity: 20))).ExpectJsonAsync(HttpStatusCode.Created);
        var revision = created.GetProperty("revision").GetInt32();

        var responses = await Task.WhenAll(Enumerable.Range(21, 6).Select(capacity =>
            w.StaffA.PutJsonAsync($"/api/cohorts/{created.Id()}", Cohort(w.CourseA, capacity: capacity, revision: revision))));

        var codes = responses.Select(r => r.StatusCode).ToList();
        Assert.True(codes.Count(c => c == HttpStatusCode.OK) == 1 && codes.Count(c => c == HttpStatusCode.Conflict) == 5,
            "expected one 200 and five 409, got " + string.Join(", ", codes.Select(c => (int)c)) + Environment.NewLine + factory.LogText);
    }

    [Fact]
    public async Task A_venue_smaller_than_the_cohort_capacity_is_refused_with_422_on_venueId()
    {
        var w = await factory.WorldAsync();
        var small = await (await w.StaffA.PostJsonAsync($"/api/centers/{w.CenterA}/venues", new { name = "小教室 " + Guid.NewGuid().ToString("N")[..4], capacity = 10 }))
            .ExpectJsonAsync(HttpStatusCode.Created);

        var problem = await (await w.StaffA.PostJsonAsync("/api/cohorts", Cohort(w.CourseA, capacity: 20, venueId: small.Id())))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("venueId", out _), problem.ToString());
        await (await w.StaffA.PostJsonAsync("/api/cohorts", Cohort(w.CourseA, capacity: 10, venueId: small.Id()))).ExpectStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_cohort_cannot_start_on_a_day_outside_its_pattern()
    {
        var w = await factory.WorldAsync();
        var saturday = factory.NextSaturday();

        var problem = await (await w.StaffA.PostJsonAsync("/api/cohorts", Cohort(w.CourseA, startsOn: saturday, pattern: "Sunday")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("startsOn", out _), problem.ToString());
    }

    [Theory]
    [InlineData("09:00-12:00", "11:00-13:00")]
    [InlineData("nine to twelve")]
    public async Task Overlapping_or_unreadable_time_slots_are_refused_with_422_on_slots(params string[] slots)
    {
        var w = await factory.WorldAsync();

        var problem = await (await w.StaffA.PostJsonAsync("/api/cohorts", Cohort(w.CourseA, slots: slots))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("dailySlots", out _), problem.ToString());
    }

    [Fact]
    public async Task Staff_cannot_schedule_a_cohort_of_another_centers_course_or_in_another_centers_venue()
    {
        var w = await factory.WorldAsync();
        var before = await CountAsync(db => db.Cohorts.CountAsync());

        await (await w.StaffB.PostJsonAsync("/api/cohorts", Cohort(w.CourseA))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var venue = await (await w.StaffB.PostJsonAsync("/api/cohorts", Cohort(w.CourseB, venueId: w.VenueA))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.True(venue.GetProperty("errors").TryGetProperty("venueId", out _), venue.ToString());
        Assert.Equal(before, await CountAsync(db => db.Cohorts.CountAsync()));
    }

    [Fact]
    public async Task Staff_of_another_center_get_404_on_center_As_cohort_course_and_venue()
    {
        var w = await factory.WorldAsync();
        var cohort = await (await w.StaffA.PostJsonAsync("/api/cohorts", Cohort(w.CourseA))).ExpectJsonAsync(HttpStatusCode.Created);

        await (await w.StaffB.PutJsonAsync($"/api/cohorts/{cohort.Id()}", Cohort(w.CourseA, capacity: 5))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.PostJsonAsync($"/api/cohorts/{cohort.Id()}/open", new { })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.PostJsonAsync($"/api/cohorts/{cohort.Id()}/cancel", new { })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.PutJsonAsync($"/api/courses/{w.CourseA}", Course("B 改的"))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.PutJsonAsync($"/api/venues/{w.VenueA}", new { name = "B 改的", capacity = 1 })).ExpectProblemAsync(HttpStatusCode.NotFound);

        var after = await (await w.StaffA.GetAsync($"/api/cohorts/{cohort.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("Draft", 20), (after.GetProperty("status").GetString(), after.GetProperty("capacity").GetInt32()));
    }

    [Fact]
    public async Task Learners_are_forbidden_to_create_courses_and_cohorts()
    {
        var w = await factory.WorldAsync();

        await (await w.Learner.PostJsonAsync("/api/courses", Course())).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.Learner.PostJsonAsync("/api/cohorts", Cohort(w.CourseA))).ExpectStatusAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Capacity_cannot_go_below_the_seats_already_taken()
    {
        var w = await factory.WorldAsync();
        var cohort = await (await w.StaffA.PostJsonAsync("/api/cohorts", Cohort(w.CourseA, capacity: 20))).ExpectJsonAsync(HttpStatusCode.Created);
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Cohorts.Where(c => c.Id == cohort.Id())
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.SeatsTaken, 8));

        var problem = await (await w.StaffA.PutJsonAsync($"/api/cohorts/{cohort.Id()}", Cohort(w.CourseA, capacity: 7))).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("cohort.capacity-below-seats", problem.GetProperty("code").GetString());
        var ok = await (await w.StaffA.PutJsonAsync($"/api/cohorts/{cohort.Id()}", Cohort(w.CourseA, capacity: 8))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, ok.GetProperty("seatsLeft").GetInt32());
    }

    [Fact]
    public async Task Staff_add_and_edit_their_venues_and_instructors()
    {
        var w = await factory.WorldAsync();
        var name = "实训机房 " + Guid.NewGuid().ToString("N")[..4];

        var venue = await (await w.StaffA.PostJsonAsync($"/api/centers/{w.CenterA}/venues", new { name, capacity = 32 })).ExpectJsonAsync(HttpStatusCode.Created);
        await (await w.StaffA.PostJsonAsync($"/api/centers/{w.CenterA}/venues", new { name, capacity = 10 })).ExpectProblemAsync(HttpStatusCode.Conflict);
        var renamed = await (await w.StaffA.PutJsonAsync($"/api/venues/{venue.Id()}", new { name = name + " 新", capacity = 40 })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(40, renamed.GetProperty("capacity").GetInt32());

        var instructor = await (await w.StaffA.PostJsonAsync($"/api/centers/{w.CenterA}/instructors", new { name = "陈静", certificateLevel = 2 }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        var inactive = await (await w.StaffA.PutJsonAsync($"/api/instructors/{instructor.Id()}", new { name = "陈静", certificateLevel = 1, active = false }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(inactive.GetProperty("active").GetBoolean());
        var list = await (await w.StaffA.GetAsync($"/api/centers/{w.CenterA}/instructors")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), i => i.Id() == instructor.Id() && i.GetProperty("certificateLevel").GetInt32() == 1);
    }

    [Fact]
    public async Task A_venue_cannot_shrink_below_a_cohort_or_an_exam_session_planned_in_it()
    {
        var w = await factory.WorldAsync();
        var name = "报告厅 " + Guid.NewGuid().ToString("N")[..4];
        var venue = (await (await w.StaffA.PostJsonAsync($"/api/centers/{w.CenterA}/venues", new { name, capacity = 60 })).ExpectJsonAsync(HttpStatusCode.Created)).Id();
        await (await w.StaffA.PostJsonAsync("/api/cohorts", Cohort(w.CourseA, capacity: 25, venueId: venue))).ExpectJsonAsync(HttpStatusCode.Created);

        var refused = await (await w.StaffA.PutJsonAsync($"/api/venues/{venue}", new { name, capacity = 24 })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("venue.capacity-below-use", refused.GetProperty("code").GetString());
        Assert.Equal(60, await CountAsync(db => db.Venues.Where(v => v.Id == venue).Select(v => v.Capacity).SingleAsync()));
        await (await w.StaffA.PutJsonAsync($"/api/venues/{venue}", new { name, capacity = 25 })).ExpectJsonAsync(HttpStatusCode.OK);

        var start = factory.Time.GetUtcNow().AddDays(20);
        await (await w.StaffA.PostJsonAsync("/api/exam-sessions", new
        {
            level = 5, title = "现场考试", mode = "OnSite", venueId = venue, capacity = 25,
            windowStart = start, windowEnd = start.AddHours(2), registrationDeadline = start.AddDays(-2),
        })).ExpectJsonAsync(HttpStatusCode.Created);
        await (await w.StaffA.PutJsonAsync($"/api/venues/{venue}", new { name, capacity = 20 })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task An_admin_registers_a_center_and_its_staff_account_who_then_manages_only_that_center()
    {
        var w = await factory.WorldAsync();
        var code = TestData.NextOrganisationCode();

        var center = await (await w.Admin.PostJsonAsync("/api/centers", new { name = "浦东实训中心", organisationCode = code, provinceCode = "31", city = "上海" }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        await (await w.Admin.PostJsonAsync("/api/centers", new { name = "重复", organisationCode = code, provinceCode = "31", city = "上海" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        var email = TestData.Email("pudong");
        var staff = await (await w.Admin.PostJsonAsync($"/api/centers/{center.Id()}/staff", new { email, password = "long-enough-pass", displayName = "浦东教务" }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(center.Id(), staff.GetProperty("centerId").GetInt32());

        var client = await factory.SignInAsync(email, "long-enough-pass");
        var me = await (await client.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["CenterStaff"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(center.Id(), me.GetProperty("centerId").GetInt32());
        await (await client.GetAsync($"/api/centers/{center.Id()}")).ExpectStatusAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"/api/centers/{w.CenterA}")).ExpectStatusAsync(HttpStatusCode.NotFound);
        var course = await (await client.PostJsonAsync("/api/courses", Course("浦东五级"))).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(center.Id(), course.GetProperty("centerId").GetInt32());
    }

    [Fact]
    public async Task A_staff_account_with_a_weak_password_is_refused()
    {
        var w = await factory.WorldAsync();

        await (await w.Admin.PostJsonAsync($"/api/centers/{w.CenterA}/staff", new { email = TestData.Email("weak"), password = "short" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_admin_must_name_the_center_of_a_new_course()
    {
        var w = await factory.WorldAsync();

        var problem = await (await w.Admin.PostJsonAsync("/api/courses", Course())).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("centerId", out _), problem.ToString());
        var created = await (await w.Admin.PostJsonAsync("/api/courses", Course(centerId: w.CenterB))).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(w.CenterB, created.GetProperty("centerId").GetInt32());
    }
}
