using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Payments;

namespace TrainerAcademy.Tests.Payments;

/// <summary>
/// What the webhook must not take on trust, through the signed endpoint and the fake Stripe: a session paid with
/// another amount or currency, a refund that arrives before its payment, a refund made in Stripe's dashboard, and
/// disputes, each delivered twice and out of order.
/// </summary>
public abstract class PaymentIntegrityTests
{
    public sealed class OnSqlite(SqliteStripeFactory f) : PaymentIntegrityTests(f), IClassFixture<SqliteStripeFactory>;

    public sealed class OnPostgreSql : PaymentIntegrityTests, IClassFixture<PostgresStripeFactory>
    {
        public OnPostgreSql(PostgresStripeFactory f) : base(f) => TestPostgres.Require();
    }

    private const string ConfirmedSubject = "报名成功 · Enrollment confirmed";
    private const string CancelledSubject = "报名已取消 · Enrollment cancelled";
    private const string MismatchSubject = "付款金额不符 · Payment amount mismatch";
    private const string DisputedSubject = "付款争议 · Payment disputed";
    private const string DisputeLostSubject = "争议败诉 · Dispute lost";

    private readonly PaymentKit _kit;

    private PaymentIntegrityTests(IStripeAcademyFactory factory) => _kit = new PaymentKit((AcademyFactory)factory, factory.Fake);

    private async Task<int> StaffMailAsync(string subject, int enrollmentId)
    {
        var w = await _kit.Factory.WorldAsync();
        var mail = await _kit.MailToAsync(w.StaffAEmail);
        return mail.Count(m => m.Subject == subject && m.HtmlBody.Contains($" {enrollmentId} ", StringComparison.Ordinal));
    }

    private async Task<int> AdminMailAsync(string subject, int enrollmentId)
    {
        var w = await _kit.Factory.WorldAsync();
        return (await _kit.MailToAsync(w.AdminEmail)).Count(m => m.Subject == subject && m.HtmlBody.Contains($" {enrollmentId} ", StringComparison.Ordinal));
    }

    // ---- Amount and currency -------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_session_that_names_the_place_but_collects_less_confirms_nothing_and_is_refunded_and_reported_once()
    {
        var (learner, cohort, id) = await _kit.HeldPlaceAsync();
        // A session made outside the platform's checkout: the place's id in its metadata, one yuan on its line.
        var session = await _kit.InScopeAsync(sp => sp.GetRequiredService<StripeGateway>().CreateCheckoutSessionAsync(new CheckoutRequest(
            id, 1m, "cheap", learner.Email, "http://localhost/ok", "http://localhost/cancel",
            sp.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(1), Attempt: 9)));
        var paid = _kit.Fake.CompletePayment(session.SessionId);

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));

        Assert.Equal(EnrollmentStatus.PendingPayment, (await _kit.EnrollmentAsync(id)).Status);
        var payment = Assert.Single(await _kit.PaymentsAsync(id));
        Assert.Equal((PaymentStatus.Mismatched, 1m), (payment.Status, payment.Amount));
        Assert.Equal(("amount-mismatch", 1m), Assert.Single(await _kit.OwedRefundsAsync(payment.Id)) is var o ? (o.Reason, o.Amount) : default);
        await _kit.RunRefundJobsAsync(payment.Id);
        Assert.Equal("100", Assert.Single(_kit.RefundRequests(payment.StripePaymentIntentId!)).Param("amount"));
        Assert.Equal(1, await StaffMailAsync(MismatchSubject, id));
        Assert.Equal(1, await AdminMailAsync(MismatchSubject, id));
        Assert.DoesNotContain(await _kit.MailToAsync(learner.Email), m => m.Subject == ConfirmedSubject);
        await _kit.AssertSeatsConsistentAsync(cohort);
    }

    [Fact]
    public async Task A_payment_of_the_right_amount_in_another_currency_confirms_nothing_and_is_refunded()
    {
        var (learner, cohort, id) = await _kit.HeldPlaceAsync();
        var session = await _kit.CheckoutAsync(learner, id);
        var inDollars = PaymentKit.Variant(_kit.Fake.CompletePayment(session), "checkout.session.completed", s => s["currency"] = "usd");

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(inDollars));

        Assert.Equal(EnrollmentStatus.PendingPayment, (await _kit.EnrollmentAsync(id)).Status);
        var payment = Assert.Single(await _kit.PaymentsAsync(id));
        Assert.Equal((PaymentStatus.Mismatched, "USD"), (payment.Status, payment.Currency));
        Assert.Single(await _kit.OwedRefundsAsync(payment.Id));
        Assert.Equal(1, await StaffMailAsync(MismatchSubject, id));
        await _kit.AssertSeatsConsistentAsync(cohort);
    }

    // ---- Refunds -------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_full_refund_in_the_dashboard_cancels_the_place_once_and_its_seat_goes_to_the_waitlist()
    {
        var (learner, cohort, id, payment) = await PaidPlaceInFullCohortAsync();
        var waiting = await _kit.NewLearnerAsync();
        var waitlisted = (await (await waiting.Client.PostJsonAsync($"/api/cohorts/{cohort}/enrollments", new { joinWaitlist = true }))
            .ExpectJsonAsync(HttpStatusCode.Created)).Id();

        var refunded = _kit.Fake.Refund(payment.StripePaymentIntentId!);
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(refunded));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(refunded));
        // The same total reported again under another event id changes nothing either.
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(PaymentKit.Variant(refunded, "charge.refunded")));

        var place = await _kit.EnrollmentAsync(id);
        Assert.Equal((EnrollmentStatus.Cancelled, "refunded"), (place.Status, place.CloseReason));
        Assert.Equal(EnrollmentStatus.PendingPayment, (await _kit.EnrollmentAsync(waitlisted)).Status);
        Assert.Equal(1, (await _kit.CohortAsync(cohort)).SeatsTaken);
        await _kit.AssertSeatsConsistentAsync(cohort);
        Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == CancelledSubject);
        Assert.Empty(await _kit.OwedRefundsAsync(payment.Id));
    }

    private async Task<(TestLearner Learner, int CohortId, int EnrollmentId, Payment Payment)> PaidPlaceInFullCohortAsync()
    {
        var learner = await _kit.NewLearnerAsync();
        var cohort = await _kit.NewCohortAsync(capacity: 1);
        var id = await _kit.HoldAsync(learner, cohort);
        var session = await _kit.CheckoutAsync(learner, id);
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.CompletePayment(session)));
        return (learner, cohort, id, Assert.Single(await _kit.PaymentsAsync(id)));
    }

    [Fact]
    public async Task A_partial_refund_in_the_dashboard_keeps_the_place()
    {
        var (_, cohort, id, payment) = await _kit.PaidPlaceAsync();

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.Refund(payment.StripePaymentIntentId!, 100000)));

        Assert.Equal(EnrollmentStatus.Confirmed, (await _kit.EnrollmentAsync(id)).Status);
        await _kit.AssertSeatsConsistentAsync(cohort);
    }

    [Fact]
    public async Task A_refund_delivered_before_its_payment_is_kept_and_applied_when_the_payment_arrives()
    {
        var (learner, cohort, id) = await _kit.HeldPlaceAsync();
        var session = await _kit.CheckoutAsync(learner, id);
        var paid = _kit.Fake.CompletePayment(session);
        var intent = _kit.Fake.Session(session)!["payment_intent"]!.GetValue<string>();
        var refunded = _kit.Fake.Refund(intent);

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(refunded));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(refunded));
        Assert.Equal(EnrollmentStatus.PendingPayment, (await _kit.EnrollmentAsync(id)).Status);
        Assert.Equal(1, await _kit.ProcessedCountAsync(PaymentKit.EventId(refunded)));

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));

        var payment = Assert.Single(await _kit.PaymentsAsync(id));
        Assert.Equal((PaymentStatus.Succeeded, 2600m), (payment.Status, payment.RefundedAmount));
        Assert.Equal(EnrollmentStatus.Cancelled, (await _kit.EnrollmentAsync(id)).Status);
        Assert.Equal(0, (await _kit.CohortAsync(cohort)).SeatsTaken);
        await _kit.AssertSeatsConsistentAsync(cohort);
        var mail = await _kit.MailToAsync(learner.Email);
        Assert.DoesNotContain(mail, m => m.Subject == ConfirmedSubject);
        Assert.Single(mail, m => m.Subject == CancelledSubject);
        Assert.Equal(0, await _kit.DbAsync(db => db.ProcessedStripeEvents.CountAsync(e => e.AwaitingPaymentIntentId == intent)));

        // Reconciliation (which may also find other tests' undelivered events on the class's fake Stripe) applies neither again.
        await _kit.InScopeAsync(sp => sp.GetRequiredService<StripeReconciliationJob>().RunAsync(CancellationToken.None));
        Assert.Equal((PaymentStatus.Succeeded, 2600m), ((await _kit.PaymentsAsync(id)).Single().Status, (await _kit.PaymentsAsync(id)).Single().RefundedAmount));
        Assert.Equal(EnrollmentStatus.Cancelled, (await _kit.EnrollmentAsync(id)).Status);
        Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == CancelledSubject);
        Assert.Equal(0, (await _kit.CohortAsync(cohort)).SeatsTaken);
    }

    // ---- Disputes ------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_dispute_is_recorded_and_reported_once_and_a_lost_one_cancels_the_place_once()
    {
        var (learner, cohort, id, payment) = await _kit.PaidPlaceAsync();
        var opened = _kit.Fake.Dispute(payment.StripePaymentIntentId!);
        var disputeId = System.Text.Json.Nodes.JsonNode.Parse(opened)!["data"]!["object"]!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(opened));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(opened));

        var dispute = Assert.Single(await _kit.DisputesAsync(payment.Id));
        Assert.Equal((disputeId, "needs_response", 2600m, (DateTimeOffset?)null), (dispute.StripeDisputeId, dispute.Status, dispute.Amount, dispute.ClosedAt));
        Assert.Equal(1, await StaffMailAsync(DisputedSubject, id));
        Assert.Equal(EnrollmentStatus.Confirmed, (await _kit.EnrollmentAsync(id)).Status);

        var lost = _kit.Fake.CloseDispute(disputeId, won: false);
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(lost));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(lost));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(PaymentKit.Variant(lost, "charge.dispute.closed")));

        dispute = Assert.Single(await _kit.DisputesAsync(payment.Id));
        Assert.Equal("lost", dispute.Status);
        Assert.NotNull(dispute.ClosedAt);
        var place = await _kit.EnrollmentAsync(id);
        Assert.Equal((EnrollmentStatus.Cancelled, "dispute-lost"), (place.Status, place.CloseReason));
        Assert.Equal(0, (await _kit.CohortAsync(cohort)).SeatsTaken);
        await _kit.AssertSeatsConsistentAsync(cohort);
        Assert.Equal(1, await StaffMailAsync(DisputeLostSubject, id));
        Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == CancelledSubject);
        Assert.Empty(await _kit.OwedRefundsAsync(payment.Id));
    }

    [Fact]
    public async Task A_won_dispute_keeps_the_place()
    {
        var (_, cohort, id, payment) = await _kit.PaidPlaceAsync();
        var opened = _kit.Fake.Dispute(payment.StripePaymentIntentId!);
        var disputeId = System.Text.Json.Nodes.JsonNode.Parse(opened)!["data"]!["object"]!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(opened));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.CloseDispute(disputeId, won: true)));

        Assert.Equal("won", Assert.Single(await _kit.DisputesAsync(payment.Id)).Status);
        Assert.Equal(EnrollmentStatus.Confirmed, (await _kit.EnrollmentAsync(id)).Status);
        await _kit.AssertSeatsConsistentAsync(cohort);
    }

    [Fact]
    public async Task A_closed_dispute_delivered_before_its_opening_and_before_the_payment_is_applied_once_in_order()
    {
        var (learner, cohort, id) = await _kit.HeldPlaceAsync();
        var session = await _kit.CheckoutAsync(learner, id);
        var paid = _kit.Fake.CompletePayment(session);
        var intent = _kit.Fake.Session(session)!["payment_intent"]!.GetValue<string>();
        var opened = _kit.Fake.Dispute(intent);
        var disputeId = System.Text.Json.Nodes.JsonNode.Parse(opened)!["data"]!["object"]!["id"]!.GetValue<string>();
        var lost = _kit.Fake.CloseDispute(disputeId, won: false);

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(lost));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(opened));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(opened));

        var payment = Assert.Single(await _kit.PaymentsAsync(id));
        var dispute = Assert.Single(await _kit.DisputesAsync(payment.Id));
        Assert.Equal("lost", dispute.Status);
        Assert.NotNull(dispute.ClosedAt);
        Assert.Equal(EnrollmentStatus.Cancelled, (await _kit.EnrollmentAsync(id)).Status);
        await _kit.AssertSeatsConsistentAsync(cohort);
        Assert.Equal(1, await StaffMailAsync(DisputeLostSubject, id));
        Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == CancelledSubject);
    }
}
