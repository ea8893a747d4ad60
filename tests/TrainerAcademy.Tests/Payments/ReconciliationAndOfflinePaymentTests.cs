using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Payments;

namespace TrainerAcademy.Tests.Payments;

/// <summary>
/// The two ways a place is paid for without the webhook: the reconciliation job, which fetches the events the webhook
/// missed from Stripe, and staff recording a bank transfer or an employer's invoice.
/// </summary>
public abstract class ReconciliationAndOfflinePaymentTests
{
    public sealed class OnSqlite(SqliteStripeFactory f) : ReconciliationAndOfflinePaymentTests(f), IClassFixture<SqliteStripeFactory>;

    public sealed class OnPostgreSql : ReconciliationAndOfflinePaymentTests, IClassFixture<PostgresStripeFactory>
    {
        public OnPostgreSql(PostgresStripeFactory f) : base(f) => TestPostgres.Require();
    }

    private const string ConfirmedSubject = "报名成功 · Enrollment confirmed";

    private readonly PaymentKit _kit;

    private ReconciliationAndOfflinePaymentTests(IStripeAcademyFactory factory) => _kit = new PaymentKit((AcademyFactory)factory, factory.Fake);

    private Task<int> ReconcileAsync() =>
        _kit.InScopeAsync(sp => sp.GetRequiredService<StripeReconciliationJob>().RunAsync(CancellationToken.None));

    // ---- Reconciliation ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_payment_whose_webhook_never_came_is_confirmed_by_reconciliation_and_a_second_run_applies_nothing()
    {
        var (learner, cohort, id) = await _kit.HeldPlaceAsync();
        var session = await _kit.CheckoutAsync(learner, id);
        var paid = _kit.Fake.CompletePayment(session);  // recorded at Stripe, never delivered

        Assert.True(await ReconcileAsync() >= 1);

        var place = await _kit.EnrollmentAsync(id);
        Assert.Equal((EnrollmentStatus.Confirmed, Funding.Online), (place.Status, place.Funding));
        Assert.Equal(PaymentStatus.Succeeded, Assert.Single(await _kit.PaymentsAsync(id)).Status);
        Assert.Equal(1, await _kit.ProcessedCountAsync(PaymentKit.EventId(paid)));
        Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == ConfirmedSubject);
        await _kit.AssertSeatsConsistentAsync(cohort);

        Assert.Equal(0, await ReconcileAsync());

        // The webhook arriving after all (Stripe retries for days) changes nothing either.
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));
        Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == ConfirmedSubject);
        Assert.Equal(1, await _kit.ProcessedCountAsync(PaymentKit.EventId(paid)));
    }

    [Fact]
    public async Task Reconciliation_skips_events_the_webhook_applied_and_applies_missed_ones_in_the_order_they_happened()
    {
        var (learner, cohort, id) = await _kit.HeldPlaceAsync();
        var session = await _kit.CheckoutAsync(learner, id);
        var completed = _kit.Fake.CompletePayment(session, async: true, paymentMethod: "alipay");
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(completed));
        _kit.Clock.Advance(TimeSpan.FromMinutes(2));
        var succeeded = _kit.Fake.CompleteAsyncPayment(session);
        _kit.Clock.Advance(TimeSpan.FromMinutes(2));
        var intent = _kit.Fake.Session(session)!["payment_intent"]!.GetValue<string>();
        var refunded = _kit.Fake.Refund(intent, 100000);

        Assert.True(await ReconcileAsync() >= 2);

        Assert.Equal(EnrollmentStatus.Confirmed, (await _kit.EnrollmentAsync(id)).Status);
        var payment = Assert.Single(await _kit.PaymentsAsync(id));
        Assert.Equal((PaymentStatus.Succeeded, 1000m), (payment.Status, payment.RefundedAmount));
        Assert.Equal(1, await _kit.ProcessedCountAsync(PaymentKit.EventId(succeeded)));
        Assert.Equal(1, await _kit.ProcessedCountAsync(PaymentKit.EventId(refunded)));
        Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == ConfirmedSubject);
        await _kit.AssertSeatsConsistentAsync(cohort);
        Assert.Equal(0, await ReconcileAsync());
    }

    // ---- Offline payments ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Staff_recording_a_bank_transfer_confirm_a_held_place_with_a_succeeded_offline_payment()
    {
        var w = await _kit.Factory.WorldAsync();
        var (learner, cohort, id) = await _kit.HeldPlaceAsync();
        var staff = await _kit.NewStaffAsync(w.CenterA);

        var result = await (await staff.PostJsonAsync($"/api/enrollments/{id}/offline-payments", new { amount = 2600m, reference = "  ICBC-20260302-0042 " }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(id, result.GetProperty("enrollmentId").GetInt32());
        Assert.Equal("Confirmed", result.GetProperty("status").GetString());
        var place = await _kit.EnrollmentAsync(id);
        Assert.Equal((EnrollmentStatus.Confirmed, Funding.Offline), (place.Status, place.Funding));
        var payment = Assert.Single(await _kit.PaymentsAsync(id));
        Assert.Equal(result.GetProperty("paymentId").GetInt32(), payment.Id);
        Assert.Equal((PaymentMethod.Offline, PaymentStatus.Succeeded, 2600m, "ICBC-20260302-0042"),
            (payment.Method, payment.Status, payment.Amount, payment.Reference));
        Assert.False(string.IsNullOrEmpty(payment.RecordedBy));
        Assert.Null(payment.StripeCheckoutSessionId);
        Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == ConfirmedSubject);
        Assert.Equal(1, (await _kit.CohortAsync(cohort)).SeatsTaken);
        await _kit.AssertSeatsConsistentAsync(cohort);

        // The place is paid: a second record is refused, and so is Checkout.
        var again = await (await staff.PostJsonAsync($"/api/enrollments/{id}/offline-payments", new { amount = 2600m, reference = "again" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("payment.offline-not-needed", again.GetProperty("code").GetString());
        await (await learner.Client.PostAsync($"/api/enrollments/{id}/checkout", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Staff_recording_a_payment_for_an_expired_hold_retake_a_free_seat()
    {
        var w = await _kit.Factory.WorldAsync();
        var (_, cohort, id) = await _kit.HeldPlaceAsync(capacity: 1);
        await _kit.ExpireHoldAsync(id);
        var staff = await _kit.NewStaffAsync(w.CenterA);

        await (await staff.PostJsonAsync($"/api/enrollments/{id}/offline-payments", new { amount = 2600m, reference = "employer invoice 77" }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(EnrollmentStatus.Confirmed, (await _kit.EnrollmentAsync(id)).Status);
        Assert.Equal(1, (await _kit.CohortAsync(cohort)).SeatsTaken);
        await _kit.AssertSeatsConsistentAsync(cohort);
    }

    [Fact]
    public async Task Staff_recording_a_payment_for_an_expired_hold_in_a_full_cohort_get_a_409_and_nothing_is_stored()
    {
        var w = await _kit.Factory.WorldAsync();
        var (_, cohort, id) = await _kit.HeldPlaceAsync(capacity: 1);
        await _kit.ExpireHoldAsync(id);
        await _kit.HoldAsync(await _kit.NewLearnerAsync(), cohort);
        var staff = await _kit.NewStaffAsync(w.CenterA);

        var problem = await (await staff.PostJsonAsync($"/api/enrollments/{id}/offline-payments", new { amount = 2600m, reference = "BT-1" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("enrollment.full", problem.GetProperty("code").GetString());
        Assert.Equal(EnrollmentStatus.Expired, (await _kit.EnrollmentAsync(id)).Status);
        Assert.Empty(await _kit.PaymentsAsync(id));
        await _kit.AssertSeatsConsistentAsync(cohort);
    }

    [Fact]
    public async Task Staff_of_another_center_get_404_and_a_learner_gets_403()
    {
        var w = await _kit.Factory.WorldAsync();
        var (learner, _, id) = await _kit.HeldPlaceAsync();
        var otherStaff = await _kit.NewStaffAsync(w.CenterB);
        var body = new { amount = 2600m, reference = "BT-2" };

        await (await otherStaff.PostJsonAsync($"/api/enrollments/{id}/offline-payments", body)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await learner.Client.PostJsonAsync($"/api/enrollments/{id}/offline-payments", body)).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await _kit.Factory.CreateApiClient().PostJsonAsync($"/api/enrollments/{id}/offline-payments", body)).ExpectStatusAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(EnrollmentStatus.PendingPayment, (await _kit.EnrollmentAsync(id)).Status);
        Assert.Empty(await _kit.PaymentsAsync(id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_blank_reference_is_refused_with_a_validation_error_on_reference(string reference)
    {
        var w = await _kit.Factory.WorldAsync();
        var (_, _, id) = await _kit.HeldPlaceAsync();
        var staff = await _kit.NewStaffAsync(w.CenterA);

        var response = await staff.PostJsonAsync($"/api/enrollments/{id}/offline-payments", new { amount = 2600m, reference });

        // The command's [Required] is checked by the endpoint validation: 400 with the field's errors, as for every
        // command of the API (see BadInputTests); the domain's own rule (422 "payment.reference") stands behind it.
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => string.Equals(e.Name, "reference", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(EnrollmentStatus.PendingPayment, (await _kit.EnrollmentAsync(id)).Status);
        Assert.Empty(await _kit.PaymentsAsync(id));
    }

    [Fact]
    public async Task Bad_offline_payment_bodies_are_4xx_problems_never_500()
    {
        var w = await _kit.Factory.WorldAsync();
        var (_, _, id) = await _kit.HeldPlaceAsync();
        var staff = await _kit.NewStaffAsync(w.CenterA);
        var url = $"/api/enrollments/{id}/offline-payments";

        foreach (var body in new[] { "", "{", "[]", "{\"amount\":\"lots\",\"reference\":\"x\"}", "{\"amount\":-5,\"reference\":\"x\"}",
                     $"{{\"amount\":2600,\"reference\":\"{new string('x', 101)}\"}}", "{\"amount\":1e30,\"reference\":\"x\"}" })
        {
            var response = await staff.SendRawAsync(HttpMethod.Post, url, body);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{body}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.Empty(await _kit.PaymentsAsync(id));
        await (await staff.PostJsonAsync("/api/enrollments/99999999/offline-payments", new { amount = 1m, reference = "x" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cancelling_an_offline_paid_place_reports_the_refund_due_and_asks_stripe_for_nothing()
    {
        var w = await _kit.Factory.WorldAsync();
        var (learner, _, id) = await _kit.HeldPlaceAsync(daysAhead: 8);
        var staff = await _kit.NewStaffAsync(w.CenterA);
        await (await staff.PostJsonAsync($"/api/enrollments/{id}/offline-payments", new { amount = 2600m, reference = "BT-3" })).ExpectJsonAsync(HttpStatusCode.OK);
        var refundsBefore = _kit.Fake.Requests.Count(r => r.Path == "/v1/refunds");

        var result = await (await learner.Client.DeleteAsync($"/api/enrollments/{id}")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(2600m, result.GetProperty("refundDue").GetProperty("amount").GetDecimal());
        var payment = Assert.Single(await _kit.PaymentsAsync(id));
        Assert.Empty(_kit.PendingRefundJobs(payment.Id));
        Assert.Equal(refundsBefore, _kit.Fake.Requests.Count(r => r.Path == "/v1/refunds"));
    }
}
