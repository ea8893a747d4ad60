using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace TrainerAcademy.Tests.Enrollments;

/// <summary>
/// The capacity rule under real parallel HTTP requests: however many learners race for the last seats, the database
/// hands out exactly the capacity, and one learner never gets two places.
/// </summary>
public abstract class EnrollmentConcurrencyTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteEnrollmentFactory f) : EnrollmentConcurrencyTests(f), IClassFixture<SqliteEnrollmentFactory>;

    public sealed class OnPostgreSql : EnrollmentConcurrencyTests, IClassFixture<PostgresEnrollmentFactory>
    {
        public OnPostgreSql(PostgresEnrollmentFactory f) : base(f) => TestPostgres.Require();
    }

    private const int Crowd = 200;
    private const int Seats = 30;

    /// <summary>The same 200 learners rush every cohort of a factory: accounts are made once.</summary>
    private static readonly ConditionalWeakTable<AcademyFactory, Task<TestLearner[]>> Crowds = new();

    private Task<TestLearner[]> CrowdAsync() => Crowds.GetValue(factory, f => f.LearnersAsync(Crowd));

    private async Task<Outcome[]> RushAsync(IEnumerable<TestLearner> learners, int cohortId, bool joinWaitlist)
    {
        var requests = learners.Select(l => (Func<Task<HttpResponseMessage>>)(() => l.Client.EnrollAsync(cohortId, joinWaitlist))).ToList();
        var watch = Stopwatch.StartNew();
        var outcomes = await EnrollmentKit.BurstAsync(requests);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{factory.Provider}: {requests.Count} parallel enrollments for {Seats} seats (joinWaitlist={joinWaitlist}) in {watch.ElapsedMilliseconds} ms");
        EnrollmentKit.NoServerErrors(outcomes, factory);
        return outcomes;
    }

    private static string Tally(IEnumerable<Outcome> outcomes) =>
        string.Join(", ", outcomes.GroupBy(o => $"{(int)o.Status} {o.Code}").Select(g => $"{g.Key}: {g.Count()}"));

    [Fact]
    public async Task Of_200_learners_enrolling_at_once_for_30_seats_exactly_30_hold_a_seat_and_170_get_409()
    {
        var crowd = await CrowdAsync();
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, Seats);

        var outcomes = await RushAsync(crowd, cohort, joinWaitlist: false);

        var seated = outcomes.Where(o => o.Status == HttpStatusCode.Created).ToList();
        var refused = outcomes.Where(o => o.Status == HttpStatusCode.Conflict).ToList();
        Assert.True(seated.Count == Seats && refused.Count == Crowd - Seats, Tally(outcomes));
        Assert.All(seated, o => Assert.Equal("PendingPayment", o.Json.Status()));
        Assert.All(refused, o => Assert.Equal(("application/problem+json", "enrollment.full"), (o.MediaType, o.Code)));

        var places = await factory.EnrollmentsOfAsync(cohort);
        Assert.Equal(Seats, await factory.SeatsTakenAsync(cohort));
        Assert.Equal(Seats, await factory.PlacesHoldingSeatsAsync(cohort));
        Assert.Equal(seated.Select(o => o.Json.Id()).Order(), places.Select(p => p.Id).Order());
        Assert.Equal(Seats, places.Select(p => p.LearnerId).Distinct().Count());
    }

    [Fact]
    public async Task Of_200_learners_enrolling_at_once_with_joinWaitlist_30_hold_a_seat_and_170_wait_in_positions_1_to_170()
    {
        var crowd = await CrowdAsync();
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, Seats);

        var outcomes = await RushAsync(crowd, cohort, joinWaitlist: true);

        Assert.True(outcomes.All(o => o.Status == HttpStatusCode.Created), Tally(outcomes));
        var statuses = outcomes.GroupBy(o => o.Json.Status()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["PendingPayment"] = Seats, ["Waitlisted"] = Crowd - Seats }, statuses);
        Assert.Equal(Seats, await factory.SeatsTakenAsync(cohort));
        Assert.Equal(Seats, await factory.PlacesHoldingSeatsAsync(cohort));

        var roster = await (await w.StaffA.GetAsync($"/api/cohorts/{cohort}/roster")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(Crowd, roster.GetArrayLength());
        var positions = roster.EnumerateArray()
            .Where(r => r.GetProperty("status").GetString() == "Waitlisted")
            .Select(r => r.GetProperty("waitlistPosition").GetInt32())
            .Order().ToList();
        Assert.Equal(Enumerable.Range(1, Crowd - Seats), positions);
        Assert.All(roster.EnumerateArray().Where(r => r.GetProperty("status").GetString() != "Waitlisted"),
            r => Assert.Equal(JsonValueKind.Null, r.GetProperty("waitlistPosition").ValueKind));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task One_learner_sending_10_enrollments_at_once_gets_one_place_and_nine_409s(bool cohortIsFull)
    {
        var crowd = await CrowdAsync();
        var w = await factory.WorldAsync();
        var cohort = await factory.CohortAsync(w.CenterA, capacity: 1);
        if (cohortIsFull) await crowd[^1].Client.EnrolledAsync(cohort);
        var learner = crowd[0];

        var outcomes = await EnrollmentKit.BurstAsync(
            [.. Enumerable.Range(0, 10).Select(_ => (Func<Task<HttpResponseMessage>>)(() => learner.Client.EnrollAsync(cohort, joinWaitlist: true)))]);

        EnrollmentKit.NoServerErrors(outcomes, factory);
        var created = Assert.Single(outcomes, o => o.Status == HttpStatusCode.Created);
        Assert.Equal(cohortIsFull ? "Waitlisted" : "PendingPayment", created.Json.Status());
        Assert.All(outcomes.Where(o => !ReferenceEquals(o, created)), o => Assert.Equal((HttpStatusCode.Conflict, "enrollment.duplicate"), (o.Status, o.Code)));
        var places = await factory.EnrollmentsOfAsync(cohort);
        Assert.Equal(created.Json.Id(), Assert.Single(places, p => p.LearnerId == learner.Id).Id);
        Assert.Equal(1, await factory.SeatsTakenAsync(cohort));
    }
}
