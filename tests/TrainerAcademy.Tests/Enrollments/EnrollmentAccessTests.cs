using TrainerAcademy.Infrastructure;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Tests.Enrollments;

/// <summary>
/// Who may enroll, read, cancel and see rosters: learners act on their own places, staff on their own center's,
/// admins on all; what the caller may not know exists is a 404. And bad input is a 4xx, never a 500.
/// </summary>
public abstract class EnrollmentAccessTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteEnrollmentFactory f) : EnrollmentAccessTests(f), IClassFixture<SqliteEnrollmentFactory>;

    public sealed class OnPostgreSql : EnrollmentAccessTests, IClassFixture<PostgresEnrollmentFactory>
    {
        public OnPostgreSql(PostgresEnrollmentFactory f) : base(f) => TestPostgres.Require();
    }

    private async Task<(TestWorld World, int Cohort, TestLearner Owner, JsonElement Place)> PlaceAsync()
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 5);
        var owner = await factory.LearnerAsync();
        return (w, cohort, owner, await owner.Client.EnrolledAsync(cohort));
    }

    private async Task ExpectStillHeldAsync(int cohort, JsonElement place)
    {
        Assert.Equal(EnrollmentStatus.PendingPayment, (await factory.EnrollmentAsync(place.Id())).Status);
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));
    }

    [Fact]
    public async Task Without_credentials_every_enrollment_endpoint_answers_401()
    {
        var (w, cohort, _, place) = await PlaceAsync();

        await (await w.Anonymous.EnrollAsync(cohort, joinWaitlist: true)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await w.Anonymous.GetAsync($"/api/enrollments/{place.Id()}")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await w.Anonymous.DeleteAsync($"/api/enrollments/{place.Id()}")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await w.Anonymous.GetAsync("/api/me/enrollments")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await w.Anonymous.GetAsync($"/api/cohorts/{cohort}/roster")).ExpectStatusAsync(HttpStatusCode.Unauthorized);

        await ExpectStillHeldAsync(cohort, place);
        Assert.Single(await factory.EnrollmentsOfAsync(cohort));
    }

    [Fact]
    public async Task Staff_and_admins_are_forbidden_to_enroll()
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 5);

        foreach (var client in new[] { w.StaffA, w.StaffB, w.Admin })
            await (await client.EnrollAsync(cohort)).ExpectStatusAsync(HttpStatusCode.Forbidden);

        Assert.Empty(await factory.EnrollmentsOfAsync(cohort));
        Assert.Equal(0, await factory.SeatsTakenAsync(cohort));
    }

    [Fact]
    public async Task Another_learner_gets_404_reading_or_cancelling_someone_elses_place()
    {
        var (w, cohort, owner, place) = await PlaceAsync();

        await (await w.Learner.GetAsync($"/api/enrollments/{place.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.Learner.DeleteAsync($"/api/enrollments/{place.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain((await (await w.Learner.GetAsync("/api/me/enrollments")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray(),
            e => e.Id() == place.Id());
        await (await owner.Client.GetAsync("/api/enrollments/999999")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await owner.Client.DeleteAsync("/api/enrollments/999999")).ExpectProblemAsync(HttpStatusCode.NotFound);

        await ExpectStillHeldAsync(cohort, place);
        await (await owner.Client.GetAsync($"/api/enrollments/{place.Id()}")).ExpectStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Learners_are_forbidden_to_read_rosters()
    {
        var (_, cohort, owner, _) = await PlaceAsync();

        await (await owner.Client.GetAsync($"/api/cohorts/{cohort}/roster")).ExpectStatusAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Staff_of_another_center_get_404_for_center_As_places_and_rosters()
    {
        var (w, cohort, _, place) = await PlaceAsync();

        await (await w.StaffB.GetAsync($"/api/enrollments/{place.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.DeleteAsync($"/api/enrollments/{place.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.GetAsync($"/api/cohorts/{cohort}/roster")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffA.GetAsync("/api/cohorts/999999/roster")).ExpectProblemAsync(HttpStatusCode.NotFound);

        await ExpectStillHeldAsync(cohort, place);
    }

    [Fact]
    public async Task Center_staff_see_their_cohorts_roster_with_payment_status_and_admins_see_any()
    {
        var (w, cohort, owner, held) = await PlaceAsync();
        var payer = await factory.LearnerAsync();
        var paid = await payer.Client.EnrolledAsync(cohort);
        await factory.DbAsync(async db =>
        {
            var e = await db.Enrollments.SingleAsync(x => x.Id == paid.Id());
            e.Confirm(Funding.Offline, factory.Time.GetUtcNow());
            db.Payments.Add(Payment.Offline(e, 2600m, "INV-" + e.Id, "staff-a", factory.Time.GetUtcNow()));
            return await db.SaveChangesAsync();
        });

        var roster = await (await w.StaffA.GetAsync($"/api/cohorts/{cohort}/roster")).ExpectJsonAsync(HttpStatusCode.OK);

        var rows = roster.EnumerateArray().ToDictionary(r => r.GetProperty("enrollmentId").GetInt32());
        Assert.Equal([held.Id(), paid.Id()], rows.Keys.Order());
        var pending = rows[held.Id()];
        Assert.Equal((owner.Email, "PendingPayment", 0m), (pending.GetProperty("email").GetString(), pending.Status(),
            pending.GetProperty("paid").GetProperty("amount").GetDecimal()));
        Assert.NotEqual(JsonValueKind.Null, pending.GetProperty("holdExpiresAt").ValueKind);
        var confirmed = rows[paid.Id()];
        Assert.Equal((payer.Email, "Confirmed", 2600m, "Offline"), (confirmed.GetProperty("email").GetString(), confirmed.Status(),
            confirmed.GetProperty("paid").GetProperty("amount").GetDecimal(), confirmed.GetProperty("funding").GetString()));

        var asAdmin = await (await w.Admin.GetAsync($"/api/cohorts/{cohort}/roster")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, asAdmin.GetArrayLength());
        var read = await (await w.StaffA.GetAsync($"/api/enrollments/{held.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("PendingPayment", read.Status());
    }

    [Fact]
    public async Task Staff_see_a_learners_phone_masked_on_the_roster_api_and_page()
    {
        var (w, cohort, owner, _) = await PlaceAsync();
        await (await owner.Client.PutJsonAsync("/api/me/profile", new
        {
            realName = "名册测试", idType = "ResidentIdCard", idNumber = TestData.UniqueIdNumber(), phone = "13912345678",
            employment = "Employed", yearsInOccupation = 2, education = "Bachelor", acceptPrivacyNotice = true,
        })).ExpectJsonAsync(HttpStatusCode.OK);

        var roster = await (await w.StaffA.GetAsync($"/api/cohorts/{cohort}/roster")).ExpectJsonAsync(HttpStatusCode.OK);
        var row = roster.EnumerateArray().Single(r => r.GetProperty("email").GetString() == owner.Email);
        Assert.Equal("139****5678", row.GetProperty("phone").GetString());
        Assert.DoesNotContain("13912345678", roster.GetRawText());

        var browser = factory.CreateBrowserClient();
        using (var signedIn = await browser.SignInOnPageAsync(w.StaffAEmail, TestWorld.Password))
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var page = await browser.GetDocumentAsync($"/staff/cohorts/{cohort}/roster");
        Assert.Contains("139****5678", page.Source.Text);
        Assert.DoesNotContain("13912345678", page.Source.Text);
    }

    [Fact]
    public async Task A_draft_or_unknown_cohort_is_404()
    {
        var w = await factory.WorldAsync();
        var learner = await factory.LearnerAsync();

        await (await learner.Client.EnrollAsync(w.DraftCohortA)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await learner.Client.EnrollAsync(w.DraftCohortA, joinWaitlist: true)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await learner.Client.EnrollAsync(999999)).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Empty(await factory.EnrollmentsOfAsync(w.DraftCohortA));
    }

    [Theory]
    [InlineData(CohortStatus.Cancelled, false)]
    [InlineData(CohortStatus.Cancelled, true)]
    [InlineData(CohortStatus.Running, false)]
    [InlineData(CohortStatus.Running, true)]
    public async Task A_cancelled_or_running_cohort_refuses_enrollment_with_409(CohortStatus status, bool joinWaitlist)
    {
        var w = await factory.WorldAsync();
        var lastSaturday = factory.Time.Today();
        while (lastSaturday.DayOfWeek != DayOfWeek.Saturday) lastSaturday = lastSaturday.AddDays(-1);
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 5, startsOn: status == CohortStatus.Running ? lastSaturday : null, status: status);
        var learner = await factory.LearnerAsync();

        var problem = await (await learner.Client.EnrollAsync(cohort, joinWaitlist)).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("enrollment.cohort-not-open", problem.GetProperty("code").GetString());
        Assert.Empty(await factory.EnrollmentsOfAsync(cohort));
        Assert.Equal(0, await factory.SeatsTakenAsync(cohort));
    }

    [Theory]
    [InlineData("""{"joinWaitlist": tru""")]
    [InlineData("""{"joinWaitlist": true""")]
    [InlineData("""{"joinWaitlist": "yes"}""")]
    [InlineData("""{"joinWaitlist": 1}""")]
    [InlineData("""{"joinWaitlist": null}""")]
    [InlineData("""{"joinWaitlist": {}}""")]
    [InlineData("""[true]""")]
    [InlineData("""true""")]
    [InlineData("""<joinWaitlist>true</joinWaitlist>""")]
    public async Task Malformed_or_mistyped_bodies_are_a_4xx_problem_and_enroll_no_one(string body)
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 5);

        using var response = await w.Learner.SendRawAsync(HttpMethod.Post, $"/api/cohorts/{cohort}/enrollments", body);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Empty(await factory.EnrollmentsOfAsync(cohort));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 5);

        using var response = await w.Learner.SendRawAsync(HttpMethod.Post, $"/api/cohorts/{cohort}/enrollments", "joinWaitlist=true", "application/x-www-form-urlencoded");

        await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(await factory.EnrollmentsOfAsync(cohort));
    }

    [Fact]
    public async Task Without_a_body_or_with_an_empty_object_the_learner_does_not_join_the_waitlist()
    {
        var w = await factory.WorldAsync();
        var open = await factory.CohortAsync(w.CenterA, capacity: 5);
        var full = await factory.CohortAsync(w.CenterA, capacity: 1);
        var people = await factory.LearnersAsync(3);
        await people[0].Client.EnrolledAsync(full);

        Assert.Equal("PendingPayment", (await people[1].Client.EnrolledAsync(open)).Status());
        var emptyObject = await people[2].Client.SendRawAsync(HttpMethod.Post, $"/api/cohorts/{open}/enrollments", "{}");
        Assert.Equal("PendingPayment", (await emptyObject.ExpectJsonAsync(HttpStatusCode.Created)).Status());

        var noBody = await (await people[1].Client.EnrollAsync(full)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("enrollment.full", noBody.GetProperty("code").GetString());
        var emptyOnFull = await people[2].Client.SendRawAsync(HttpMethod.Post, $"/api/cohorts/{full}/enrollments", "{}");
        Assert.Equal("enrollment.full", (await emptyOnFull.ExpectProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        Assert.Single(await factory.EnrollmentsOfAsync(full));
    }
}
