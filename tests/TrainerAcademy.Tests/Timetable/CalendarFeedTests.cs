using Ical.Net.CalendarComponents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Demo;

namespace TrainerAcademy.Tests.Timetables;

/// <summary>
/// The iCalendar feeds on the demo data (whose cohorts have timetables): a learner's feed lists the sessions of the
/// cohorts they hold a place in, read back with Ical.Net; the address is secret and revocable; staff get a cohort's.
/// </summary>
public abstract class CalendarFeedTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteDemoFactory f) : CalendarFeedTests(f), IClassFixture<SqliteDemoFactory>;

    public sealed class OnPostgreSql : CalendarFeedTests, IClassFixture<PostgresDemoFactory>
    {
        public OnPostgreSql(PostgresDemoFactory f) : base(f) => TestPostgres.Require();
    }

    private async Task<List<CohortSession>> SessionsOfAsync(int cohortId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().CohortSessions.AsNoTracking()
            .Where(s => s.CohortId == cohortId).OrderBy(s => s.Sequence).ToListAsync();
    }

    private static async Task<Ical.Net.Calendar> LoadAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        return Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task A_learners_feed_lists_the_sessions_of_their_cohorts_and_stops_working_when_revoked()
    {
        var learner = await factory.SignInAsync(DemoData.LearnerEmail, DemoData.Password);
        var cohorts = (await (await factory.CreateApiClient().GetAsync("/api/cohorts")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var cohortId = cohorts.First(c => c.GetProperty("status").GetString() == "Open" && c.GetProperty("seatsLeft").GetInt32() > 0).Id();
        await (await learner.PostJsonAsync($"/api/cohorts/{cohortId}/enrollments", new { joinWaitlist = false })).ExpectJsonAsync(HttpStatusCode.Created);

        var address = await (await learner.PostAsync("/api/me/calendar-feed", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var url = new Uri(address.GetProperty("url").GetString()!).PathAndQuery;
        var again = await (await learner.PostAsync("/api/me/calendar-feed", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(address.GetProperty("url").GetString(), again.GetProperty("url").GetString());

        var anonymous = factory.CreateApiClient();
        var calendar = await LoadAsync(anonymous, url);
        var sessions = await SessionsOfAsync(cohortId);
        Assert.NotEmpty(sessions);
        var events = calendar.Events.Where(e => e.Uid!.StartsWith($"cohort-{cohortId}-", StringComparison.Ordinal)).OrderBy(e => e.DtStart!.AsUtc).ToList();
        Assert.Equal(sessions.Count, events.Count);
        Assert.All(sessions.Zip(events), pair =>
        {
            var (session, e) = pair;
            Assert.Equal($"cohort-{cohortId}-session-{session.Sequence}@trainer-academy", e.Uid);
            Assert.Equal(session.StartsAt.UtcDateTime, e.DtStart!.AsUtc);
            Assert.Equal(session.EndsAt.UtcDateTime, e.DtEnd!.AsUtc);
            Assert.Contains(session.Kind == SessionKind.Theory ? "理论" : "实训", e.Summary);
        });
        // Stable: the same UIDs and sequences on the next fetch.
        var second = await LoadAsync(anonymous, url);
        Assert.Equal(calendar.Events.Select(e => (e.Uid, e.Sequence)), second.Events.Select(e => (e.Uid, e.Sequence)));

        using (var revoked = await learner.DeleteAsync("/api/me/calendar-feed"))
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using (var gone = await anonymous.GetAsync(url))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var fresh = await (await learner.PostAsync("/api/me/calendar-feed", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(address.GetProperty("url").GetString(), fresh.GetProperty("url").GetString());
    }

    [Fact]
    public async Task An_unknown_token_is_404_and_the_address_is_not_guessable()
    {
        using var response = await factory.CreateApiClient().GetAsync("/api/calendar/0123456789abcdef.ics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(40, CalendarFeed.ForLearner("x", DateTimeOffset.UnixEpoch).Token.Length);
    }

    [Fact]
    public async Task Staff_get_their_cohorts_feed_and_learners_may_not_ask_for_one()
    {
        var staff = await factory.SignInAsync(DemoData.StaffEmail, DemoData.Password);
        var learner = await factory.SignInAsync(DemoData.LearnerEmail, DemoData.Password);
        var cohortId = (await (await factory.CreateApiClient().GetAsync("/api/cohorts")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray().First().Id();

        var address = await (await staff.PostAsync($"/api/cohorts/{cohortId}/calendar-feed", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var calendar = await LoadAsync(factory.CreateApiClient(), new Uri(address.GetProperty("url").GetString()!).PathAndQuery);

        Assert.Equal((await SessionsOfAsync(cohortId)).Count, calendar.Events.Count);
        Assert.All(calendar.Events, e => Assert.StartsWith($"cohort-{cohortId}-session-", e.Uid));
        using var refused = await learner.PostAsync($"/api/cohorts/{cohortId}/calendar-feed", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var anonymous = await factory.CreateApiClient().PostAsync($"/api/cohorts/{cohortId}/calendar-feed", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
