using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Features.Enrollments;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Tests.Infrastructure.FakeStripe;

namespace TrainerAcademy.Tests.Payments;

/// <summary>A <see cref="PaymentRefundJob"/> the app enqueued, with the owed refund it issues.</summary>
public sealed record RefundJob(string JobId, int OwedRefundId, int PaymentId, decimal Amount, decimal RefundedTotal, string IdempotencyKey);

/// <summary>A learner of one test: their own account, signed in at the fake clock's now.</summary>
public sealed record TestLearner(string Id, string Email, HttpClient Client);

/// <summary>
/// What the payment tests do again and again, through the app's HTTP API and its real database: make learners, cohorts
/// and held places, start Checkout, deliver signed events, run the jobs, and read back the rows.
/// Every test makes its own learner and cohort, so the tests of a class share one app and one fake without meeting.
/// </summary>
public sealed class PaymentKit(AcademyFactory factory, FakeStripeServer fake)
{
    public const string WebhookPath = StripeFactorySetup.WebhookPath;

    /// <summary>Hangfire jobs this kit already ran by hand (the tests run no Hangfire server).</summary>
    private readonly HashSet<string> _ranJobs = [];

    public AcademyFactory Factory => factory;
    public FakeStripeServer Fake => fake;
    public FakeTimeProvider Clock => factory.Clock ?? throw new InvalidOperationException("This factory runs on the real clock.");

    // ---- People, cohorts, places -------------------------------------------------------------------------------------

    public async Task<TestLearner> NewLearnerAsync()
    {
        var email = TestData.Email("payer");
        var user = await InScopeAsync(sp => sp.GetRequiredService<AccountService>().CreateAsync(email, TestWorld.Password, Roles.Learner));
        return new TestLearner(user.Id, email, await factory.SignInAsync(email, TestWorld.Password));
    }

    /// <summary>A newly signed-in staff member of the center (bearer tokens live an hour of the fake clock, which the tests move on).</summary>
    public async Task<HttpClient> NewStaffAsync(int centerId)
    {
        var email = TestData.Email("cashier");
        await InScopeAsync(sp => sp.GetRequiredService<AccountService>().CreateAsync(email, TestWorld.Password, Roles.CenterStaff, centerId));
        return await factory.SignInAsync(email, TestWorld.Password);
    }

    /// <summary>An open cohort of center A's course (fee 2600 CNY) starting on the first weekend day at least <paramref name="daysAhead"/> days after today.</summary>
    public async Task<int> NewCohortAsync(int capacity = 20, int daysAhead = 14)
    {
        var w = await factory.WorldAsync();
        return await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AcademyDbContext>();
            var course = await db.Courses.SingleAsync(c => c.Id == w.CourseA);
            var startsOn = sp.GetRequiredService<TimeProvider>().Today().AddDays(daysAhead);
            while (startsOn.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) startsOn = startsOn.AddDays(1);
            var cohort = new Cohort(course, startsOn, WeekendPattern.Both, [TimeSlot.Parse("09:00-12:00")], capacity, null);
            cohort.Open();
            db.Cohorts.Add(cohort);
            await db.SaveChangesAsync();
            return cohort.Id;
        });
    }

    /// <summary>POST /api/cohorts/{id}/enrollments: a held place, PendingPayment.</summary>
    public async Task<int> HoldAsync(TestLearner learner, int cohortId)
    {
        var place = await (await learner.Client.PostJsonAsync($"/api/cohorts/{cohortId}/enrollments", new { joinWaitlist = false }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("PendingPayment", place.GetProperty("status").GetString());
        return place.Id();
    }

    /// <summary>A learner with a held place in a new cohort.</summary>
    public async Task<(TestLearner Learner, int CohortId, int EnrollmentId)> HeldPlaceAsync(int capacity = 20, int daysAhead = 14)
    {
        var learner = await NewLearnerAsync();
        var cohort = await NewCohortAsync(capacity, daysAhead);
        return (learner, cohort, await HoldAsync(learner, cohort));
    }

    /// <summary>POST /api/enrollments/{id}/checkout by the owner: the session id of the returned Checkout URL.</summary>
    public async Task<string> CheckoutAsync(TestLearner learner, int enrollmentId)
    {
        var started = await (await learner.Client.PostAsync($"/api/enrollments/{enrollmentId}/checkout", null)).ExpectJsonAsync(HttpStatusCode.OK);
        return SessionIdOf(started.GetProperty("checkoutUrl").GetString()!);
    }

    public string SessionIdOf(string checkoutUrl)
    {
        var url = new Uri(checkoutUrl);
        Assert.Equal(fake.BaseAddress.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority));
        Assert.StartsWith("/checkout/cs_test_", url.AbsolutePath, StringComparison.Ordinal);
        return url.Segments[^1];
    }

    /// <summary>A held place paid for on Checkout, its webhook delivered: the place is confirmed.</summary>
    public async Task<(TestLearner Learner, int CohortId, int EnrollmentId, Payment Payment)> PaidPlaceAsync(int daysAhead = 14)
    {
        var (learner, cohort, id) = await HeldPlaceAsync(daysAhead: daysAhead);
        var session = await CheckoutAsync(learner, id);
        Assert.Equal(HttpStatusCode.OK, await DeliverAsync(fake.CompletePayment(session)));
        Assert.Equal(EnrollmentStatus.Confirmed, (await EnrollmentAsync(id)).Status);
        return (learner, cohort, id, (await PaymentsAsync(id)).Single());
    }

    // ---- Webhooks ----------------------------------------------------------------------------------------------------

    /// <summary>Delivers an event as Stripe does: signed with the endpoint's secret at the clock's now.</summary>
    public async Task<HttpStatusCode> DeliverAsync(string eventJson) => await fake.DeliverAsync(eventJson);

    /// <summary>Posts a raw body to the webhook with the given Stripe-Signature header (none when null).</summary>
    public async Task<HttpResponseMessage> PostWebhookAsync(string body, string? signature, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookPath)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType)),
        };
        if (signature is not null) request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await factory.CreateApiClient().SendAsync(request);
    }

    /// <summary>The signature Stripe would send now for this body.</summary>
    public string Sign(string body, DateTimeOffset? at = null) => fake.SignedWebhook(body, fake.WebhookSecret, at);

    /// <summary>The same event under another id and type, with changes to its object: what Stripe could send later or out of order.</summary>
    public static string Variant(string eventJson, string type, Action<JsonObject>? change = null)
    {
        var e = JsonNode.Parse(eventJson)!.AsObject();
        e["id"] = "evt_test_" + Guid.NewGuid().ToString("N");
        e["type"] = type;
        change?.Invoke(e["data"]!["object"]!.AsObject());
        return e.ToJsonString();
    }

    public static string EventId(string eventJson) => JsonNode.Parse(eventJson)!["id"]!.GetValue<string>();

    // ---- Jobs --------------------------------------------------------------------------------------------------------

    /// <summary>Moves the clock past the hold and runs the hold job for the place, as its delayed job would.</summary>
    public async Task ExpireHoldAsync(int enrollmentId)
    {
        var expires = (await EnrollmentAsync(enrollmentId)).HoldExpiresAt ?? throw new InvalidOperationException("The place has no hold.");
        var late = expires - Clock.GetUtcNow() + TimeSpan.FromSeconds(1);
        if (late > TimeSpan.Zero) Clock.Advance(late);
        Assert.True(await InScopeAsync(sp => sp.GetRequiredService<EnrollmentHoldJob>().ReleaseAsync(enrollmentId, CancellationToken.None)),
            $"the hold of enrollment {enrollmentId} was not released");
        Assert.Equal(EnrollmentStatus.Expired, (await EnrollmentAsync(enrollmentId)).Status);
    }

    /// <summary>Refund jobs the app enqueued (for any payment) and this kit has not run yet, with the refunds they issue.</summary>
    public IReadOnlyList<RefundJob> PendingRefundJobs()
    {
        var monitor = factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var jobs = new List<RefundJob>();
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        foreach (var queue in monitor.Queues())
        foreach (var (jobId, dto) in monitor.EnqueuedJobs(queue.Name, 0, 10_000))
        {
            if (dto?.Job is not { } job || job.Type != typeof(PaymentRefundJob) || job.Method.Name != nameof(PaymentRefundJob.IssueAsync) || !dto.InEnqueuedState) continue;
            lock (_ranJobs)
                if (_ranJobs.Contains(jobId)) continue;
            var owedId = (int)job.Args[0];
            var owed = db.OwedRefunds.AsNoTracking().Single(r => r.Id == owedId);
            jobs.Add(new RefundJob(jobId, owed.Id, owed.PaymentId, owed.Amount, owed.RefundedTotal, owed.IdempotencyKey));
        }
        return jobs;
    }

    public IReadOnlyList<RefundJob> PendingRefundJobs(int paymentId) =>
        PendingRefundJobs().Where(j => j.PaymentId == paymentId).ToList();

    /// <summary>Runs the enqueued refund jobs of these payments directly (as a Hangfire worker would), and returns them.</summary>
    public async Task<IReadOnlyList<RefundJob>> RunRefundJobsAsync(params int[] paymentIds)
    {
        var due = PendingRefundJobs().Where(j => paymentIds.Contains(j.PaymentId)).ToList();
        foreach (var job in due)
        {
            await RunAsync(job);
            lock (_ranJobs) _ranJobs.Add(job.JobId);
            factory.Services.GetRequiredService<IBackgroundJobClient>().Delete(job.JobId);
        }
        return due;
    }

    /// <summary>Runs one refund job with its arguments, as a Hangfire worker (or its retry) would.</summary>
    public Task RunAsync(RefundJob job) =>
        InScopeAsync(sp => sp.GetRequiredService<PaymentRefundJob>().IssueAsync(job.OwedRefundId, CancellationToken.None));

    /// <summary>Runs the recurring refund sweep, as Hangfire would; returns how many refunds it issued.</summary>
    public Task<int> SweepRefundsAsync() =>
        InScopeAsync(sp => sp.GetRequiredService<PaymentRefundJob>().SweepAsync(CancellationToken.None));

    /// <summary>Forgets the queued refund jobs of these payments, as a crash between the commit and the enqueue would.</summary>
    public void LoseRefundJobs(params int[] paymentIds)
    {
        foreach (var job in PendingRefundJobs().Where(j => paymentIds.Contains(j.PaymentId)))
        {
            lock (_ranJobs) _ranJobs.Add(job.JobId);
            factory.Services.GetRequiredService<IBackgroundJobClient>().Delete(job.JobId);
        }
    }

    public Task<List<OwedRefund>> OwedRefundsAsync(int paymentId) =>
        DbAsync(db => db.OwedRefunds.AsNoTracking().Where(r => r.PaymentId == paymentId).OrderBy(r => r.Id).ToListAsync());

    public Task<List<PaymentDispute>> DisputesAsync(int paymentId) =>
        DbAsync(db => db.PaymentDisputes.AsNoTracking().Where(d => d.PaymentId == paymentId).ToListAsync());

    /// <summary>The refund requests that reached the fake for a PaymentIntent.</summary>
    public IReadOnlyList<FakeStripeRequest> RefundRequests(string paymentIntentId) =>
        fake.Requests.Where(r => r is { Method: "POST", Path: "/v1/refunds", StatusCode: 200 } && r.Param("payment_intent") == paymentIntentId).ToList();

    // ---- Reading the database ----------------------------------------------------------------------------------------

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async Task InScopeAsync(Func<IServiceProvider, Task> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    public Task<T> DbAsync<T>(Func<AcademyDbContext, Task<T>> query) =>
        InScopeAsync(sp => query(sp.GetRequiredService<AcademyDbContext>()));

    public Task<Enrollment> EnrollmentAsync(int id) => DbAsync(db => db.Enrollments.AsNoTracking().SingleAsync(e => e.Id == id));

    public Task<List<Payment>> PaymentsAsync(int enrollmentId) =>
        DbAsync(db => db.Payments.AsNoTracking().Where(p => p.EnrollmentId == enrollmentId).OrderBy(p => p.Id).ToListAsync());

    public Task<Cohort> CohortAsync(int id) => DbAsync(db => db.Cohorts.AsNoTracking().SingleAsync(c => c.Id == id));

    /// <summary>Seats that places of the cohort hold (pending or confirmed): what SeatsTaken must equal.</summary>
    public Task<int> SeatsHeldAsync(int cohortId) =>
        DbAsync(db => db.Enrollments.CountAsync(e => e.CohortId == cohortId
                                                     && (e.Status == EnrollmentStatus.PendingPayment || e.Status == EnrollmentStatus.Confirmed)));

    public Task<List<OutboxMessage>> MailToAsync(string email) =>
        DbAsync(db => db.Outbox.AsNoTracking().Where(m => m.To == email).OrderBy(m => m.Id).ToListAsync());

    public Task<int> ProcessedCountAsync(string eventId) => DbAsync(db => db.ProcessedStripeEvents.CountAsync(e => e.EventId == eventId));

    public async Task AssertSeatsConsistentAsync(int cohortId)
    {
        var cohort = await CohortAsync(cohortId);
        Assert.Equal(await SeatsHeldAsync(cohortId), cohort.SeatsTaken);
        Assert.InRange(cohort.SeatsTaken, 0, cohort.Capacity);
    }
}
