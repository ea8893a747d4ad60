using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Payments;

namespace TrainerAcademy.Tests.Payments;

/// <summary>
/// Money that arrives when it can no longer buy what it was for, and money that goes back: late payments after the
/// hold expired, double payments, refunds recorded from Stripe's events, and cancellation refunds by the center's policy.
/// </summary>
public abstract class PaymentOutcomeTests
{
    public sealed class OnSqlite(SqliteStripeFactory f) : PaymentOutcomeTests(f), IClassFixture<SqliteStripeFactory>;

    public sealed class OnPostgreSql : PaymentOutcomeTests, IClassFixture<PostgresStripeFactory>
    {
        public OnPostgreSql(PostgresStripeFactory f) : base(f) => TestPostgres.Require();
    }

    private const string ConfirmedSubject = "报名成功 · Enrollment confirmed";
    private const string RefundSubject = "退款通知 · Refund";

    private readonly PaymentKit _kit;

    private PaymentOutcomeTests(IStripeAcademyFactory factory) => _kit = new PaymentKit((AcademyFactory)factory, factory.Fake);

    // ---- Late payment --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Releasing_an_unpaid_hold_expires_its_checkout_session_so_it_can_no_longer_be_paid()
    {
        var (learner, cohort, id) = await _kit.HeldPlaceAsync();
        var session = await _kit.CheckoutAsync(learner, id);

        await _kit.ExpireHoldAsync(id);

        Assert.Equal("expired", _kit.Fake.Session(session)!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.LatestEvent("checkout.session.expired")!));
        Assert.Equal(PaymentStatus.Expired, Assert.Single(await _kit.PaymentsAsync(id)).Status);
        Assert.Equal(EnrollmentStatus.Expired, (await _kit.EnrollmentAsync(id)).Status);
        await _kit.AssertSeatsConsistentAsync(cohort);
    }

    /// <summary>
    /// The learner pays at the last moment; Stripe's event reaches the platform only after the hold job released the seat
    /// (the job's attempt to expire the session came too late). <paramref name="delayed"/>: a delayed method, whose success
    /// comes later still.
    /// </summary>
    private async Task<string> PaidJustBeforeTheHoldEndedAsync(TestLearner learner, int id, bool delayed = false)
    {
        var session = await _kit.CheckoutAsync(learner, id);
        var hold = (await _kit.EnrollmentAsync(id)).HoldExpiresAt!.Value;
        _kit.Clock.Advance(hold - _kit.Clock.GetUtcNow() - TimeSpan.FromSeconds(5));
        var completed = _kit.Fake.CompletePayment(session, async: delayed, paymentMethod: delayed ? "alipay" : null);
        if (delayed) Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(completed));
        await _kit.ExpireHoldAsync(id);
        return delayed ? _kit.Fake.CompleteAsyncPayment(session) : completed;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_payment_after_the_hold_expired_retakes_a_free_seat_and_confirms_the_place(bool delayed)
    {
        var (learner, cohort, id) = await _kit.HeldPlaceAsync(capacity: 2);
        var paid = await PaidJustBeforeTheHoldEndedAsync(learner, id, delayed);
        Assert.Equal(0, (await _kit.CohortAsync(cohort)).SeatsTaken);

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));

        var place = await _kit.EnrollmentAsync(id);
        Assert.Equal((EnrollmentStatus.Confirmed, Funding.Online), (place.Status, place.Funding));
        Assert.Equal(1, (await _kit.CohortAsync(cohort)).SeatsTaken);
        await _kit.AssertSeatsConsistentAsync(cohort);
        var payment = Assert.Single(await _kit.PaymentsAsync(id));
        Assert.Equal((PaymentStatus.Succeeded, 0m), (payment.Status, payment.RefundedAmount));
        Assert.Empty(_kit.PendingRefundJobs(payment.Id));
        Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == ConfirmedSubject);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_payment_after_the_hold_expired_into_a_full_cohort_is_refunded_in_full_and_the_learner_is_told(bool delayed)
    {
        var (late, cohort, id) = await _kit.HeldPlaceAsync(capacity: 1);
        var paid = await PaidJustBeforeTheHoldEndedAsync(late, id, delayed);
        var other = await _kit.NewLearnerAsync();
        var othersPlace = await _kit.HoldAsync(other, cohort);

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));

        Assert.Equal(EnrollmentStatus.Expired, (await _kit.EnrollmentAsync(id)).Status);
        Assert.Equal(EnrollmentStatus.PendingPayment, (await _kit.EnrollmentAsync(othersPlace)).Status);
        Assert.Equal(1, (await _kit.CohortAsync(cohort)).SeatsTaken);
        await _kit.AssertSeatsConsistentAsync(cohort);

        var payment = Assert.Single(await _kit.PaymentsAsync(id));
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        var job = Assert.Single(await _kit.RunRefundJobsAsync(payment.Id));
        Assert.Equal(2600m, job.Amount);

        var refund = Assert.Single(_kit.RefundRequests(payment.StripePaymentIntentId!));
        Assert.Equal("260000", refund.Param("amount"));
        Assert.False(string.IsNullOrEmpty(refund.IdempotencyKey));
        Assert.Equal(2600m, Assert.Single(await _kit.PaymentsAsync(id)).RefundedAmount);
        Assert.True(_kit.Fake.Charge(_kit.Fake.PaymentIntent(payment.StripePaymentIntentId!)!["latest_charge"]!.GetValue<string>())!["refunded"]!.GetValue<bool>());

        var mail = await _kit.MailToAsync(late.Email);
        Assert.Single(mail, m => m.Subject == RefundSubject);
        Assert.DoesNotContain(mail, m => m.Subject == ConfirmedSubject);
    }

    [Fact]
    public async Task The_refund_of_a_late_payment_is_requested_once_however_often_its_event_comes()
    {
        var (late, cohort, id) = await _kit.HeldPlaceAsync(capacity: 1);
        var paid = await PaidJustBeforeTheHoldEndedAsync(late, id);
        await _kit.HoldAsync(await _kit.NewLearnerAsync(), cohort);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _kit.DeliverAsync(paid)));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));

        var payment = Assert.Single(await _kit.PaymentsAsync(id));
        Assert.Single(_kit.PendingRefundJobs(payment.Id));
        await _kit.AssertSeatsConsistentAsync(cohort);
    }

    // ---- Double payment ------------------------------------------------------------------------------------------------

    /// <summary>A second Checkout Session for the same place, as a second attempt makes; its row is not stored (the app crashed after Stripe answered).</summary>
    private async Task<string> SecondSessionAsync(TestLearner learner, int enrollmentId) =>
        await _kit.InScopeAsync(async sp =>
        {
            var stripe = sp.GetRequiredService<StripeGateway>();
            var clock = sp.GetRequiredService<TimeProvider>();
            var place = await sp.GetRequiredService<AcademyDbContext>().Enrollments.AsNoTracking().SingleAsync(e => e.Id == enrollmentId);
            var created = await stripe.CreateCheckoutSessionAsync(new CheckoutRequest(enrollmentId, place.Price, "二次支付", learner.Email,
                "http://localhost/ok", "http://localhost/cancel", clock.GetUtcNow().AddHours(1), Attempt: 2));
            return created.SessionId;
        });

    [Fact]
    public async Task Two_sessions_paid_for_one_place_confirm_it_once_and_refund_the_second_payment()
    {
        var (learner, cohort, id) = await _kit.HeldPlaceAsync();
        var first = await _kit.CheckoutAsync(learner, id);
        var second = await SecondSessionAsync(learner, id);
        var firstPaid = _kit.Fake.CompletePayment(first);
        var secondPaid = _kit.Fake.CompletePayment(second, paymentMethod: "wechat_pay");

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(firstPaid));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(secondPaid));

        await AssertConfirmedOnceWithOneRefundAsync(learner, cohort, id);
        var payments = await _kit.PaymentsAsync(id);
        Assert.Equal(2600m, payments.Single(p => p.StripeCheckoutSessionId == second).RefundedAmount);
        Assert.Equal(0m, payments.Single(p => p.StripeCheckoutSessionId == first).RefundedAmount);
    }

    [Fact]
    public async Task Two_sessions_paid_for_one_place_delivered_at_once_confirm_it_once_and_refund_one_payment()
    {
        var (learner, cohort, id) = await _kit.HeldPlaceAsync();
        var first = _kit.Fake.CompletePayment(await _kit.CheckoutAsync(learner, id));
        var second = _kit.Fake.CompletePayment(await SecondSessionAsync(learner, id));

        // The delivery that loses the race on the place is applied again at once: no 409 that Stripe would retry hours later.
        var statuses = await Task.WhenAll(_kit.DeliverAsync(first), _kit.DeliverAsync(second));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        await AssertConfirmedOnceWithOneRefundAsync(learner, cohort, id);
    }

    [Fact]
    public async Task A_payment_reconciliation_applies_while_another_payment_of_the_place_is_delivered_confirms_it_once_and_refunds_one()
    {
        var (learner, cohort, id) = await _kit.HeldPlaceAsync();
        _kit.Fake.CompletePayment(await _kit.CheckoutAsync(learner, id));  // recorded at Stripe, never delivered
        var second = _kit.Fake.CompletePayment(await SecondSessionAsync(learner, id));

        // Whichever loses the race on the place is applied again at once, on the reconciliation's path as on the webhook's.
        var reconciled = _kit.InScopeAsync(sp => sp.GetRequiredService<StripeReconciliationJob>().RunAsync(CancellationToken.None));
        var delivered = _kit.DeliverAsync(second);
        await Task.WhenAll(reconciled, delivered);

        Assert.Equal(HttpStatusCode.OK, await delivered);
        await AssertConfirmedOnceWithOneRefundAsync(learner, cohort, id);
    }

    private async Task AssertConfirmedOnceWithOneRefundAsync(TestLearner learner, int cohort, int id)
    {
        Assert.Equal(EnrollmentStatus.Confirmed, (await _kit.EnrollmentAsync(id)).Status);
        Assert.Equal(1, (await _kit.CohortAsync(cohort)).SeatsTaken);
        var payments = await _kit.PaymentsAsync(id);
        Assert.Equal(2, payments.Count);
        Assert.All(payments, p => Assert.Equal(PaymentStatus.Succeeded, p.Status));

        var jobs = await _kit.RunRefundJobsAsync([.. payments.Select(p => p.Id)]);
        var refunded = Assert.Single(jobs);
        Assert.Equal(2600m, refunded.Amount);
        var refundedPayment = payments.Single(p => p.Id == refunded.PaymentId);
        Assert.Equal("260000", Assert.Single(_kit.RefundRequests(refundedPayment.StripePaymentIntentId!)).Param("amount"));
        Assert.Empty(_kit.RefundRequests(payments.Single(p => p.Id != refunded.PaymentId).StripePaymentIntentId!));

        var mail = await _kit.MailToAsync(learner.Email);
        Assert.Single(mail, m => m.Subject == ConfirmedSubject);
        Assert.Single(mail, m => m.Subject == RefundSubject);

        // Stripe's report of that full refund: the other payment still pays for the place, which stays.
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.LatestEvent("charge.refunded")!));
        Assert.Equal(EnrollmentStatus.Confirmed, (await _kit.EnrollmentAsync(id)).Status);
        await _kit.AssertSeatsConsistentAsync(cohort);
    }

    // ---- charge.refunded -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Refund_events_record_the_running_total_and_repeated_or_out_of_order_events_never_lower_it()
    {
        var (_, _, id, payment) = await _kit.PaidPlaceAsync();
        var intent = payment.StripePaymentIntentId!;
        var firstRefund = _kit.Fake.Refund(intent, 100000);  // ¥1,000 refunded in the dashboard
        var secondRefund = _kit.Fake.Refund(intent, 60000);  // ¥600 more: ¥1,600 in all

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(secondRefund));
        Assert.Equal(1600m, (await _kit.PaymentsAsync(id)).Single().RefundedAmount);

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(firstRefund));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(secondRefund));
        Assert.Equal(1600m, (await _kit.PaymentsAsync(id)).Single().RefundedAmount);

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.Refund(intent)));
        var refunded = (await _kit.PaymentsAsync(id)).Single();
        Assert.Equal((2600m, PaymentStatus.Succeeded), (refunded.RefundedAmount, refunded.Status));
        // All the money went back in the dashboard: the place goes with it.
        Assert.Equal(EnrollmentStatus.Cancelled, (await _kit.EnrollmentAsync(id)).Status);
    }

    [Theory]
    [InlineData(50000, 500)]    // ¥500 of ¥2,600
    [InlineData(9000, 90)]
    [InlineData(30001, 300.01)]
    public async Task A_partial_refund_of_any_size_is_recorded(long fen, decimal yuan)
    {
        var (_, _, id, payment) = await _kit.PaidPlaceAsync();

        var status = await _kit.DeliverAsync(_kit.Fake.Refund(payment.StripePaymentIntentId!, fen));

        // On SQLite the decimals are TEXT, so a CHECK comparing two of them compares strings ("500.0" > "2600.0").
        Assert.True(status == HttpStatusCode.OK, $"charge.refunded for {yuan} of 2600 answered {(int)status}: {_kit.Fake.Deliveries[^1].ResponseBody}"
            + Environment.NewLine + string.Join(Environment.NewLine, _kit.Factory.Logs.Where(l => l.Contains("CK_Payments", StringComparison.Ordinal)).Take(1)));
        Assert.Equal(yuan, (await _kit.PaymentsAsync(id)).Single().RefundedAmount);
    }

    [Fact]
    public async Task A_refund_event_for_a_payment_intent_the_platform_does_not_know_is_acknowledged()
    {
        var (_, _, id, payment) = await _kit.PaidPlaceAsync();
        var refunded = PaymentKit.Variant(_kit.Fake.Refund(payment.StripePaymentIntentId!, 1000), "charge.refunded",
            charge => charge["payment_intent"] = "pi_not_ours");

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(refunded));

        Assert.Equal(0m, (await _kit.PaymentsAsync(id)).Single().RefundedAmount);
    }

    [Fact]
    public async Task A_refund_job_retried_after_its_refund_event_was_recorded_counts_the_refund_once()
    {
        var (learner, _, id, payment) = await _kit.PaidPlaceAsync(daysAhead: 1);
        await (await learner.Client.DeleteAsync($"/api/enrollments/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        var job = Assert.Single(_kit.PendingRefundJobs(payment.Id));
        Assert.Equal(1300m, job.Amount);

        // The job's first attempt reached Stripe, then died before it saved; Stripe's event was recorded meanwhile.
        await _kit.InScopeAsync(sp => sp.GetRequiredService<StripeGateway>().RefundAsync(payment.StripePaymentIntentId!, job.Amount, job.IdempotencyKey));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.LatestEvent("charge.refunded")!));
        Assert.Equal(1300m, (await _kit.PaymentsAsync(id)).Single().RefundedAmount);

        // Hangfire's retry: Stripe replays the same refund (same idempotency key), which must not count twice.
        await _kit.RunRefundJobsAsync(payment.Id);

        Assert.Single(_kit.RefundRequests(payment.StripePaymentIntentId!), r => !r.Replayed);
        Assert.Equal(1300m, (await _kit.PaymentsAsync(id)).Single().RefundedAmount);
    }

    // ---- Cancellation refunds ------------------------------------------------------------------------------------------

    private async Task<(JsonElement Result, Payment Payment)> CancelPaidPlaceAsync(int daysAhead, bool running = false)
    {
        var (learner, cohort, id, payment) = await _kit.PaidPlaceAsync(daysAhead);
        if (running)
            await _kit.DbAsync(async db =>
            {
                var c = await db.Cohorts.SingleAsync(x => x.Id == cohort);
                Assert.True(c.AdvanceByDate(c.StartsOn));
                return await db.SaveChangesAsync();
            });
        var result = await (await learner.Client.DeleteAsync($"/api/enrollments/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Cancelled", result.GetProperty("status").GetString());
        Assert.Equal(EnrollmentStatus.Cancelled, (await _kit.EnrollmentAsync(id)).Status);
        if (!running) Assert.Equal(0, (await _kit.CohortAsync(cohort)).SeatsTaken);
        return (result, payment);
    }

    [Fact]
    public async Task A_paid_place_cancelled_more_than_seven_days_before_the_start_is_refunded_in_full_through_stripe()
    {
        var (result, payment) = await CancelPaidPlaceAsync(daysAhead: 8);
        Assert.Equal(2600m, result.GetProperty("refundDue").GetProperty("amount").GetDecimal());

        await _kit.RunRefundJobsAsync(payment.Id);

        var refund = Assert.Single(_kit.RefundRequests(payment.StripePaymentIntentId!));
        Assert.Equal("260000", refund.Param("amount"));
        Assert.Equal(payment.StripePaymentIntentId, refund.Param("payment_intent"));
        Assert.False(string.IsNullOrEmpty(refund.IdempotencyKey));
        Assert.Equal(2600m, (await _kit.PaymentsAsync(payment.EnrollmentId)).Single().RefundedAmount);
        Assert.Single(await _kit.MailToAsync((await LearnerEmailAsync(payment))), m => m.Subject == RefundSubject);
    }

    [Fact]
    public async Task A_paid_place_cancelled_within_seven_days_of_the_start_gets_half_back()
    {
        var (result, payment) = await CancelPaidPlaceAsync(daysAhead: 1);
        Assert.Equal(1300m, result.GetProperty("refundDue").GetProperty("amount").GetDecimal());

        await _kit.RunRefundJobsAsync(payment.Id);

        Assert.Equal("130000", Assert.Single(_kit.RefundRequests(payment.StripePaymentIntentId!)).Param("amount"));
        Assert.Equal(1300m, (await _kit.PaymentsAsync(payment.EnrollmentId)).Single().RefundedAmount);

        // Stripe's own charge.refunded event for the same refund changes nothing more.
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.LatestEvent("charge.refunded")!));
        Assert.Equal(1300m, (await _kit.PaymentsAsync(payment.EnrollmentId)).Single().RefundedAmount);
    }

    [Fact]
    public async Task A_paid_place_cancelled_once_the_cohort_is_running_gets_nothing_back()
    {
        var (result, payment) = await CancelPaidPlaceAsync(daysAhead: 8, running: true);
        Assert.Equal(0m, result.GetProperty("refundDue").GetProperty("amount").GetDecimal());

        Assert.Empty(await _kit.RunRefundJobsAsync(payment.Id));
        Assert.Empty(_kit.RefundRequests(payment.StripePaymentIntentId!));
        Assert.Equal(0m, (await _kit.PaymentsAsync(payment.EnrollmentId)).Single().RefundedAmount);
    }

    [Fact]
    public async Task A_refund_job_run_twice_refunds_once_at_stripe()
    {
        var (_, payment) = await CancelPaidPlaceAsync(daysAhead: 8);
        var job = Assert.Single(_kit.PendingRefundJobs(payment.Id));

        await _kit.RunRefundJobsAsync(payment.Id);
        await _kit.RunAsync(job);

        var requests = _kit.RefundRequests(payment.StripePaymentIntentId!);
        Assert.Single(requests, r => !r.Replayed);
        Assert.Equal(2600m, (await _kit.PaymentsAsync(payment.EnrollmentId)).Single().RefundedAmount);
        var charge = _kit.Fake.Charge(_kit.Fake.PaymentIntent(payment.StripePaymentIntentId!)!["latest_charge"]!.GetValue<string>())!;
        Assert.Equal(260000, charge["amount_refunded"]!.GetValue<long>());
    }

    private Task<string> LearnerEmailAsync(Payment payment) =>
        _kit.DbAsync(db => db.Users.Where(u => u.Id == payment.LearnerId).Select(u => u.Email!).SingleAsync());
}
