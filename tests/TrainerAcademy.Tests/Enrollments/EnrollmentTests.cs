using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Tests.Enrollments;

/// <summary>Taking a seat, waiting for one, and giving it back, through the HTTP API.</summary>
public abstract class EnrollmentTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteEnrollmentFactory f) : EnrollmentTests(f), IClassFixture<SqliteEnrollmentFactory>;

    public sealed class OnPostgreSql : EnrollmentTests, IClassFixture<PostgresEnrollmentFactory>
    {
        public OnPostgreSql(PostgresEnrollmentFactory f) : base(f) => TestPostgres.Require();
    }

    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(30);

    private static async Task<JsonElement> GetAsync(HttpClient client, JsonElement enrollment) =>
        await (await client.GetAsync($"/api/enrollments/{enrollment.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);

    private static async Task<JsonElement> CancelAsync(HttpClient client, JsonElement enrollment) =>
        await (await client.DeleteAsync($"/api/enrollments/{enrollment.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);

    private static int? WaitlistPosition(JsonElement view) =>
        view.GetProperty("waitlistPosition").ValueKind == JsonValueKind.Null ? null : view.GetProperty("waitlistPosition").GetInt32();

    [Fact]
    public async Task Enrolling_in_a_paid_course_holds_a_seat_as_PendingPayment_for_30_minutes()
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 5);
        var learner = await factory.LearnerAsync();
        var before = factory.Time.GetUtcNow();

        using var response = await learner.Client.EnrollAsync(cohort);
        var created = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal("PendingPayment", created.Status());
        Assert.Equal($"/api/enrollments/{created.Id()}", response.Headers.Location?.OriginalString);
        var expires = created.GetProperty("holdExpiresAt").GetDateTimeOffset();
        Assert.InRange(expires, before + Hold, factory.Time.GetUtcNow() + Hold);
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));

        var view = await GetAsync(learner.Client, created);
        Assert.Equal(("PendingPayment", cohort), (view.Status(), view.GetProperty("cohortId").GetInt32()));
        Assert.Equal((2600m, "CNY"), (view.GetProperty("price").GetProperty("amount").GetDecimal(), view.GetProperty("price").GetProperty("currency").GetString()));
        Assert.Equal(0m, view.GetProperty("paid").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task A_free_course_confirms_the_place_at_once_without_a_hold()
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 5, fee: 0m);
        var learner = await factory.LearnerAsync();

        var created = await learner.Client.EnrolledAsync(cohort);

        Assert.Equal("Confirmed", created.Status());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("holdExpiresAt").ValueKind);
        var view = await GetAsync(learner.Client, created);
        Assert.Equal("Free", view.GetProperty("funding").GetString());
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));
        Assert.DoesNotContain(factory.ScheduledHoldReleases(), j => j.EnrollmentId == created.Id());
    }

    [Fact]
    public async Task A_learners_own_list_shows_their_places_with_status_and_nobody_elses()
    {
        var w = await factory.WorldAsync();
        var open = await factory.CohortAsync(w.CenterA, capacity: 5);
        var full = await factory.CohortAsync(w.CenterA, capacity: 1);
        var people = await factory.LearnersAsync(2);
        var learner = people[0];
        await people[1].Client.EnrolledAsync(full);
        var held = await learner.Client.EnrolledAsync(open);
        var waiting = await learner.Client.EnrolledAsync(full, joinWaitlist: true);

        var mine = await (await learner.Client.GetAsync("/api/me/enrollments")).ExpectJsonAsync(HttpStatusCode.OK);

        var byId = mine.EnumerateArray().ToDictionary(e => e.Id());
        Assert.Equal([held.Id(), waiting.Id()], byId.Keys.Order());
        Assert.Equal("PendingPayment", byId[held.Id()].Status());
        Assert.Equal(("Waitlisted", 1), (byId[waiting.Id()].Status(), WaitlistPosition(byId[waiting.Id()])));
        Assert.Equal("测试中心 A", byId[held.Id()].GetProperty("centerName").GetString());
    }

    [Fact]
    public async Task A_full_cohort_refuses_with_409_unless_the_learner_joins_the_waitlist()
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 1);
        var learners = await factory.LearnersAsync(2);
        await learners[0].Client.EnrolledAsync(cohort);

        var problem = await (await learners[1].Client.EnrollAsync(cohort, joinWaitlist: false)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("enrollment.full", problem.GetProperty("code").GetString());
        var waiting = await learners[1].Client.EnrolledAsync(cohort, joinWaitlist: true);

        Assert.Equal("Waitlisted", waiting.Status());
        Assert.Equal(JsonValueKind.Null, waiting.GetProperty("holdExpiresAt").ValueKind);
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));
        var again = await (await learners[1].Client.EnrollAsync(cohort, joinWaitlist: true)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("enrollment.duplicate", again.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_cancelled_seat_goes_to_the_first_learner_on_the_waitlist_with_a_fresh_hold_and_an_email()
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 2);
        var people = await factory.LearnersAsync(5);
        var seated = new[] { await people[0].Client.EnrolledAsync(cohort), await people[1].Client.EnrolledAsync(cohort) };
        var waiting = new List<JsonElement>();
        foreach (var learner in people[2..]) waiting.Add(await learner.Client.EnrolledAsync(cohort, joinWaitlist: true));
        var positions = await Task.WhenAll(waiting.Select(async (e, i) => WaitlistPosition(await GetAsync(people[2 + i].Client, e))));
        Assert.Equal([1, 2, 3], positions);
        var beforeCancel = factory.Time.GetUtcNow();

        var cancelled = await CancelAsync(people[0].Client, seated[0]);

        Assert.Equal("Cancelled", cancelled.Status());
        var first = await GetAsync(people[2].Client, waiting[0]);
        Assert.Equal("PendingPayment", first.Status());
        Assert.Null(WaitlistPosition(first));
        Assert.InRange(first.GetProperty("holdExpiresAt").GetDateTimeOffset(), beforeCancel + Hold, factory.Time.GetUtcNow() + Hold);
        Assert.Contains(factory.ScheduledHoldReleases(), j => j.EnrollmentId == waiting[0].Id());
        var after = new[] { WaitlistPosition(await GetAsync(people[3].Client, waiting[1])), WaitlistPosition(await GetAsync(people[4].Client, waiting[2])) };
        Assert.Equal([1, 2], after);
        Assert.Equal(2, await factory.SeatsTakenAsync(cohort));
        Assert.Equal(2, await factory.PlacesHoldingSeatsAsync(cohort));
        Assert.Contains("候补转正 · A place came free", await factory.MailSubjectsToAsync(people[2].Email));
        Assert.Empty(await factory.MailSubjectsToAsync(people[3].Email));
    }

    [Fact]
    public async Task Cancelling_a_place_on_the_waitlist_frees_no_seat_promotes_no_one_and_lets_the_learner_queue_again()
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 1);
        var people = await factory.LearnersAsync(3);
        await people[0].Client.EnrolledAsync(cohort);
        var second = await people[1].Client.EnrolledAsync(cohort, joinWaitlist: true);
        var third = await people[2].Client.EnrolledAsync(cohort, joinWaitlist: true);

        var cancelled = await CancelAsync(people[1].Client, second);

        Assert.Equal("Cancelled", cancelled.Status());
        Assert.Equal(0m, cancelled.GetProperty("refundDue").GetProperty("amount").GetDecimal());
        var still = await GetAsync(people[2].Client, third);
        Assert.Equal(("Waitlisted", (int?)1), (still.Status(), WaitlistPosition(still)));
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));
        Assert.Equal(1, await factory.PlacesHoldingSeatsAsync(cohort));
        Assert.Empty(await factory.MailSubjectsToAsync(people[2].Email));

        var back = await people[1].Client.EnrolledAsync(cohort, joinWaitlist: true);
        Assert.Equal(("Waitlisted", (int?)2), (back.Status(), WaitlistPosition(await GetAsync(people[1].Client, back))));
    }

    [Fact]
    public async Task Cancelling_an_unpaid_hold_refunds_nothing_and_frees_the_seat_for_someone_else()
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 1);
        var people = await factory.LearnersAsync(2);
        var held = await people[0].Client.EnrolledAsync(cohort);

        var cancelled = await CancelAsync(people[0].Client, held);

        Assert.Equal(held.Id(), cancelled.Id());
        Assert.Equal("Cancelled", cancelled.Status());
        var refund = cancelled.GetProperty("refundDue");
        Assert.Equal((0m, "CNY"), (refund.GetProperty("amount").GetDecimal(), refund.GetProperty("currency").GetString()));
        Assert.Equal(0, await factory.SeatsTakenAsync(cohort));
        Assert.Equal("cancelled-by-learner", (await factory.EnrollmentAsync(held.Id())).CloseReason);
        Assert.Equal("PendingPayment", (await people[1].Client.EnrolledAsync(cohort)).Status());
        var twice = await (await people[0].Client.DeleteAsync($"/api/enrollments/{held.Id()}")).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("enrollment.cancel", twice.GetProperty("code").GetString());
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));
    }

    /// <summary>The first weekend day after today in China: under a week away, so inside the late-refund window of the default policy.</summary>
    private DateOnly NextWeekendDay()
    {
        var d = factory.Time.Today().AddDays(1);
        while (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) d = d.AddDays(1);
        return d;
    }

    [Theory]
    [InlineData(false, false, 2600.00)] // starts in two weeks or more: full refund
    [InlineData(true, false, 1300.00)] // starts within the week: the default half
    [InlineData(true, true, 2600.00)] // the center cancelled the cohort: full refund whenever
    public async Task Staff_cancelling_a_paid_place_owe_the_refund_the_centers_policy_gives(bool startsWithinAWeek, bool cohortCancelled, decimal refund)
    {
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 3, startsOn: startsWithinAWeek ? NextWeekendDay() : factory.NextSaturday(2));
        var learner = await factory.LearnerAsync();
        var place = await learner.Client.EnrolledAsync(cohort);
        await factory.DbAsync(async db =>
        {
            // Staff recorded a bank transfer for the whole fee.
            var e = await db.Enrollments.SingleAsync(x => x.Id == place.Id());
            e.Confirm(Funding.Offline, factory.Time.GetUtcNow());
            db.Payments.Add(Payment.Offline(e, 2600m, "BANK-" + e.Id, "staff-a", factory.Time.GetUtcNow()));
            if (cohortCancelled) (await db.Cohorts.SingleAsync(c => c.Id == cohort)).Cancel();
            return await db.SaveChangesAsync();
        });

        var cancelled = await CancelAsync(w.StaffA, place);

        Assert.Equal("Cancelled", cancelled.Status());
        Assert.Equal(refund, cancelled.GetProperty("refundDue").GetProperty("amount").GetDecimal());
        Assert.Equal("cancelled-by-staff", (await factory.EnrollmentAsync(place.Id())).CloseReason);
        Assert.Equal(0, await factory.SeatsTakenAsync(cohort));
    }
}
