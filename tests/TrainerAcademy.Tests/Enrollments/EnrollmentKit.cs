using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Features.Enrollments;

namespace TrainerAcademy.Tests.Enrollments;

/// <summary>A learner account made for one test, with a signed-in API client.</summary>
public sealed record TestLearner(string Id, string Email, HttpClient Client);

/// <summary>One response of a parallel burst, read in full so the assertions can show it.</summary>
public sealed record Outcome(HttpStatusCode Status, string? MediaType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Code => MediaType == "application/problem+json" && Json.TryGetProperty("code", out var c) ? c.GetString() : null;

    public override string ToString() => $"{(int)Status} {MediaType} {Body}";
}

/// <summary>Cohorts, learners, requests and database reads for the enrollment tests.</summary>
public static class EnrollmentKit
{
    public static readonly TimeSlot[] FullDay = [TimeSlot.Parse("09:00-12:00"), TimeSlot.Parse("13:30-17:30")];

    /// <summary>A cohort of a course of its own (so the fee can differ), brought to <paramref name="status"/> through the domain's own methods.</summary>
    public static async Task<int> CohortAsync(this AcademyFactory factory, int centerId, int capacity, decimal fee = 2600m,
        DateOnly? startsOn = null, CohortStatus status = CohortStatus.Open)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var course = new Course(centerId, Course.AiTrainerOccupation, 5, "报名测试 " + Guid.NewGuid().ToString("N")[..6], 18, 42, fee, null, TheoryShareBand.Default);
        db.Courses.Add(course);
        await db.SaveChangesAsync();
        var start = startsOn ?? factory.NextSaturday();
        var cohort = new Cohort(course, start, WeekendPattern.Both, FullDay, capacity, null);
        if (status != CohortStatus.Draft) cohort.Open();
        if (status == CohortStatus.Running) Assert.True(cohort.AdvanceByDate(start));
        if (status == CohortStatus.Cancelled) cohort.Cancel();
        db.Cohorts.Add(cohort);
        await db.SaveChangesAsync();
        return cohort.Id;
    }

    /// <summary>Learner accounts made through <see cref="AccountService"/>, then signed in through <c>POST /api/auth/login</c> in parallel.</summary>
    public static async Task<TestLearner[]> LearnersAsync(this AcademyFactory factory, int count)
    {
        await factory.WorldAsync(); // the roles exist before parallel account creation looks for them
        var emails = Enumerable.Range(0, count).Select(_ => TestData.Email("learner")).ToArray();
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            ids[i] = (await accounts.CreateAsync(emails[i], TestWorld.Password, Roles.Learner)).Id;
        });
        var clients = await Task.WhenAll(emails.Select(e => factory.SignInAsync(e, TestWorld.Password)));
        return [.. Enumerable.Range(0, count).Select(i => new TestLearner(ids[i], emails[i], clients[i]))];
    }

    public static async Task<TestLearner> LearnerAsync(this AcademyFactory factory) => (await factory.LearnersAsync(1))[0];

    /// <summary><c>POST /api/cohorts/{id}/enrollments</c>, without a body when <paramref name="joinWaitlist"/> is null.</summary>
    public static Task<HttpResponseMessage> EnrollAsync(this HttpClient client, int cohortId, bool? joinWaitlist = null) =>
        joinWaitlist is null
            ? client.PostAsync($"/api/cohorts/{cohortId}/enrollments", null)
            : client.PostJsonAsync($"/api/cohorts/{cohortId}/enrollments", new { joinWaitlist });

    /// <summary>Enrolls and expects 201; returns the body (<c>id</c>, <c>status</c>, <c>holdExpiresAt</c>).</summary>
    public static async Task<JsonElement> EnrolledAsync(this HttpClient client, int cohortId, bool? joinWaitlist = null) =>
        await (await client.EnrollAsync(cohortId, joinWaitlist)).ExpectJsonAsync(HttpStatusCode.Created);

    public static string Status(this JsonElement e) => e.GetProperty("status").GetString()!;

    /// <summary>
    /// Sends every request at once: all tasks are started and parked on one gate, which opens only when the last has
    /// arrived, so the requests reach the app together rather than in the order they were created.
    /// </summary>
    public static async Task<Outcome[]> BurstAsync(IReadOnlyList<Func<Task<HttpResponseMessage>>> requests)
    {
        var arrived = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var gate = new SemaphoreSlim(0);
        var tasks = requests.Select(send => Task.Run(async () =>
        {
            if (Interlocked.Increment(ref arrived) == requests.Count) allArrived.SetResult();
            await gate.WaitAsync();
            using var response = await send();
            return new Outcome(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
        })).ToArray();
        await allArrived.Task;
        gate.Release(requests.Count);
        return await Task.WhenAll(tasks);
    }

    /// <summary>Fails with the first server error and the app's last logged error, if any response was a 5xx.</summary>
    public static void NoServerErrors(IEnumerable<Outcome> outcomes, AcademyFactory factory)
    {
        var errors = outcomes.Where(o => (int)o.Status >= 500).ToList();
        Assert.True(errors.Count == 0,
            $"{errors.Count} server errors, e.g. {errors.FirstOrDefault()}{Environment.NewLine}{factory.Logs.LastOrDefault(l => l.StartsWith("Error", StringComparison.Ordinal))}");
    }

    public static async Task<T> DbAsync<T>(this AcademyFactory factory, Func<AcademyDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AcademyDbContext>());
    }

    public static Task<int> SeatsTakenAsync(this AcademyFactory factory, int cohortId) =>
        factory.DbAsync(db => db.Cohorts.Where(c => c.Id == cohortId).Select(c => c.SeatsTaken).SingleAsync());

    public static Task<Enrollment> EnrollmentAsync(this AcademyFactory factory, int id) =>
        factory.DbAsync(db => db.Enrollments.AsNoTracking().SingleAsync(e => e.Id == id));

    public static Task<List<Enrollment>> EnrollmentsOfAsync(this AcademyFactory factory, int cohortId) =>
        factory.DbAsync(db => db.Enrollments.AsNoTracking().Where(e => e.CohortId == cohortId).OrderBy(e => e.Id).ToListAsync());

    /// <summary>The seats the cohort's places hold, counted from the places themselves.</summary>
    public static Task<int> PlacesHoldingSeatsAsync(this AcademyFactory factory, int cohortId) =>
        factory.DbAsync(db => db.Enrollments.CountAsync(e => e.CohortId == cohortId
                                                             && (e.Status == EnrollmentStatus.PendingPayment || e.Status == EnrollmentStatus.Confirmed)));

    public static Task<List<string>> MailSubjectsToAsync(this AcademyFactory factory, string email) =>
        factory.DbAsync(db => db.Outbox.Where(m => m.To == email).OrderBy(m => m.Id).Select(m => m.Subject).ToListAsync());

    /// <summary>The delayed <c>EnrollmentHoldJob.ReleaseAsync</c> jobs in the job storage, read through Hangfire's monitoring API.</summary>
    public static IReadOnlyList<(int EnrollmentId, DateTime EnqueueAt)> ScheduledHoldReleases(this AcademyFactory factory) =>
        factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledJobs(0, 10_000)
            .Where(j => j.Value?.Job is { } job && job.Type == typeof(EnrollmentHoldJob) && job.Method.Name == nameof(EnrollmentHoldJob.ReleaseAsync))
            .Select(j => (Convert.ToInt32(j.Value.Job.Args[0], System.Globalization.CultureInfo.InvariantCulture), j.Value.EnqueueAt))
            .ToList();
}
