using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Tests.Payments;

/// <summary>
/// POST /api/payments/stripe/webhook with events the fake Stripe recorded and signed: signature checks, each event
/// applied once however often and in whatever order it comes, and never a 500.
/// </summary>
public abstract class StripeWebhookTests
{
    public sealed class OnSqlite(SqliteStripeFactory f) : StripeWebhookTests(f), IClassFixture<SqliteStripeFactory>;

    public sealed class OnPostgreSql : StripeWebhookTests, IClassFixture<PostgresStripeFactory>
    {
        public OnPostgreSql(PostgresStripeFactory f) : base(f) => TestPostgres.Require();
    }

    private const string ConfirmedSubject = "报名成功 · Enrollment confirmed";

    private readonly PaymentKit _kit;

    private StripeWebhookTests(IStripeAcademyFactory factory) => _kit = new PaymentKit((AcademyFactory)factory, factory.Fake);

    private async Task<(TestLearner Learner, int CohortId, int EnrollmentId, string SessionId)> CheckoutStartedAsync()
    {
        var (learner, cohort, id) = await _kit.HeldPlaceAsync();
        return (learner, cohort, id, await _kit.CheckoutAsync(learner, id));
    }

    private async Task AssertConfirmedOnceAsync(TestLearner learner, int cohortId, int enrollmentId)
    {
        var place = await _kit.EnrollmentAsync(enrollmentId);
        Assert.Equal((EnrollmentStatus.Confirmed, Funding.Online), (place.Status, place.Funding));
        var payment = Assert.Single(await _kit.PaymentsAsync(enrollmentId));
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        Assert.StartsWith("pi_", payment.StripePaymentIntentId);
        Assert.Equal(0m, payment.RefundedAmount);
        Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == ConfirmedSubject);
        Assert.Empty(_kit.PendingRefundJobs(payment.Id));
        await _kit.AssertSeatsConsistentAsync(cohortId);
    }

    private async Task AssertStillHeldAsync(TestLearner learner, int cohortId, int enrollmentId, PaymentStatus paymentStatus = PaymentStatus.Pending)
    {
        Assert.Equal(EnrollmentStatus.PendingPayment, (await _kit.EnrollmentAsync(enrollmentId)).Status);
        Assert.Equal(paymentStatus, Assert.Single(await _kit.PaymentsAsync(enrollmentId)).Status);
        Assert.DoesNotContain(await _kit.MailToAsync(learner.Email), m => m.Subject == ConfirmedSubject);
        await _kit.AssertSeatsConsistentAsync(cohortId);
        Assert.Equal(1, (await _kit.CohortAsync(cohortId)).SeatsTaken);
    }

    [Fact]
    public async Task A_signed_checkout_completed_event_confirms_the_place_records_the_payment_and_queues_the_confirmation_email()
    {
        var (learner, cohort, id, session) = await CheckoutStartedAsync();
        var paid = _kit.Fake.CompletePayment(session);

        var response = await _kit.PostWebhookAsync(paid, _kit.Sign(paid));

        await response.ExpectStatusAsync(HttpStatusCode.OK);
        await AssertConfirmedOnceAsync(learner, cohort, id);
        var payment = Assert.Single(await _kit.PaymentsAsync(id));
        Assert.Equal(_kit.Fake.Session(session)!["payment_intent"]!.GetValue<string>(), payment.StripePaymentIntentId);
        Assert.Equal(1, await _kit.ProcessedCountAsync(PaymentKit.EventId(paid)));
        Assert.Equal(1, (await _kit.CohortAsync(cohort)).SeatsTaken);
    }

    [Fact]
    public async Task A_signature_made_with_another_secret_is_a_400_and_changes_nothing()
    {
        var (learner, cohort, id, session) = await CheckoutStartedAsync();
        var paid = _kit.Fake.CompletePayment(session);

        var response = await _kit.PostWebhookAsync(paid, _kit.Fake.SignedWebhook(paid, "whsec_not_the_endpoint_secret"));

        await response.ExpectStatusAsync(HttpStatusCode.BadRequest);
        await AssertStillHeldAsync(learner, cohort, id);
        Assert.Equal(0, await _kit.ProcessedCountAsync(PaymentKit.EventId(paid)));
    }

    [Fact]
    public async Task A_signature_older_than_the_tolerance_is_a_400_and_changes_nothing()
    {
        var (learner, cohort, id, session) = await CheckoutStartedAsync();
        var paid = _kit.Fake.CompletePayment(session);

        var replayed = await _kit.PostWebhookAsync(paid, _kit.Sign(paid, _kit.Clock.GetUtcNow().AddMinutes(-6)));
        var fromTheFuture = await _kit.PostWebhookAsync(paid, _kit.Sign(paid, _kit.Clock.GetUtcNow().AddMinutes(6)));

        await replayed.ExpectStatusAsync(HttpStatusCode.BadRequest);
        await fromTheFuture.ExpectStatusAsync(HttpStatusCode.BadRequest);
        await AssertStillHeldAsync(learner, cohort, id);

        // Within the tolerance (5 minutes) the same event is accepted.
        await (await _kit.PostWebhookAsync(paid, _kit.Sign(paid, _kit.Clock.GetUtcNow().AddMinutes(-4)))).ExpectStatusAsync(HttpStatusCode.OK);
        await AssertConfirmedOnceAsync(learner, cohort, id);
    }

    [Fact]
    public async Task A_tampered_body_is_a_400_and_changes_nothing()
    {
        var (learner, cohort, id, session) = await CheckoutStartedAsync();
        var paid = _kit.Fake.CompletePayment(session);
        var signature = _kit.Sign(paid);
        var tampered = paid.Replace("\"amount_total\":260000", "\"amount_total\":1", StringComparison.Ordinal);
        Assert.NotEqual(paid, tampered);

        var response = await _kit.PostWebhookAsync(tampered, signature);

        await response.ExpectStatusAsync(HttpStatusCode.BadRequest);
        await AssertStillHeldAsync(learner, cohort, id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("t=,v1=")]
    [InlineData("t=notanumber,v1=abcdef")]
    [InlineData("v1=abcdef")]
    public async Task A_missing_or_malformed_signature_header_is_a_400(string? header)
    {
        var (learner, cohort, id, session) = await CheckoutStartedAsync();
        var paid = _kit.Fake.CompletePayment(session);

        var response = await _kit.PostWebhookAsync(paid, header);

        await response.ExpectStatusAsync(HttpStatusCode.BadRequest);
        await AssertStillHeldAsync(learner, cohort, id);
    }

    [Fact]
    public async Task The_same_event_delivered_twice_confirms_once_with_one_processed_row_and_one_email()
    {
        var (learner, cohort, id, session) = await CheckoutStartedAsync();
        var paid = _kit.Fake.CompletePayment(session);

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));

        await AssertConfirmedOnceAsync(learner, cohort, id);
        Assert.Equal(1, await _kit.ProcessedCountAsync(PaymentKit.EventId(paid)));
    }

    [Fact]
    public async Task The_same_event_delivered_five_times_in_parallel_confirms_once_with_one_processed_row_and_one_email()
    {
        var (learner, cohort, id, session) = await CheckoutStartedAsync();
        var paid = _kit.Fake.CompletePayment(session);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _kit.DeliverAsync(paid)));

        // Stripe retries anything but a 2xx, so a delivery that lost the race may ask for a retry, but none may fail.
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        await AssertConfirmedOnceAsync(learner, cohort, id);
        Assert.Equal(1, await _kit.ProcessedCountAsync(PaymentKit.EventId(paid)));
    }

    [Fact]
    public async Task The_completed_event_and_its_async_success_applied_in_either_order_confirm_once()
    {
        var (learner, cohort, id, session) = await CheckoutStartedAsync();
        var completedUnpaid = _kit.Fake.CompletePayment(session, async: true, paymentMethod: "alipay");
        var succeeded = _kit.Fake.CompleteAsyncPayment(session);

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(succeeded));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(completedUnpaid));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(succeeded));

        await AssertConfirmedOnceAsync(learner, cohort, id);
    }

    [Fact]
    public async Task A_completed_but_unpaid_session_keeps_the_place_held_until_the_async_payment_succeeds()
    {
        var (learner, cohort, id, session) = await CheckoutStartedAsync();

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.CompletePayment(session, async: true, paymentMethod: "alipay")));
        await AssertStillHeldAsync(learner, cohort, id);

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.CompleteAsyncPayment(session)));
        await AssertConfirmedOnceAsync(learner, cohort, id);
    }

    [Fact]
    public async Task An_expired_event_arriving_after_the_completed_one_changes_nothing()
    {
        var (learner, cohort, id, session) = await CheckoutStartedAsync();
        var paid = _kit.Fake.CompletePayment(session);
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));

        var lateExpired = PaymentKit.Variant(paid, "checkout.session.expired", s =>
        {
            s["status"] = "expired";
            s["payment_status"] = "unpaid";
        });
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(lateExpired));

        await AssertConfirmedOnceAsync(learner, cohort, id);
    }

    [Fact]
    public async Task An_expired_session_marks_its_payment_expired_and_leaves_the_hold_to_the_hold_job()
    {
        var (learner, cohort, id, session) = await CheckoutStartedAsync();

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.Expire(session)));

        await AssertStillHeldAsync(learner, cohort, id, PaymentStatus.Expired);
    }

    [Fact]
    public async Task A_failed_async_payment_marks_the_payment_failed_and_the_place_stays_held()
    {
        var (learner, cohort, id, session) = await CheckoutStartedAsync();
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.CompletePayment(session, async: true, paymentMethod: "alipay")));

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.FailAsyncPayment(session)));

        await AssertStillHeldAsync(learner, cohort, id, PaymentStatus.Failed);
        // The learner may try again: a new attempt is a new session.
        var again = await _kit.CheckoutAsync(learner, id);
        Assert.NotEqual(session, again);
        Assert.Equal(2, (await _kit.PaymentsAsync(id)).Count);
    }

    [Fact]
    public async Task An_unknown_event_type_is_acknowledged_and_changes_nothing()
    {
        var (learner, cohort, id, session) = await CheckoutStartedAsync();
        var paid = _kit.Fake.CompletePayment(session);
        var unknown = PaymentKit.Variant(paid, "checkout.session.something_new");
        var intentEvent = PaymentKit.Variant(paid, "payment_intent.succeeded");

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(unknown));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(intentEvent));

        await AssertStillHeldAsync(learner, cohort, id);
    }

    [Fact]
    public async Task A_paid_session_that_names_no_known_enrollment_is_acknowledged_and_changes_nothing()
    {
        var (learner, cohort, id, session) = await CheckoutStartedAsync();
        var paid = _kit.Fake.CompletePayment(session);
        var foreign = PaymentKit.Variant(paid, "checkout.session.completed", s =>
        {
            s["id"] = "cs_test_someone_elses_session";
            s["metadata"] = new JsonObject { ["enrollment_id"] = "987654321" };
            s["client_reference_id"] = null;
        });
        var noMetadata = PaymentKit.Variant(paid, "checkout.session.completed", s =>
        {
            s["id"] = "cs_test_a_payment_link";
            s["metadata"] = new JsonObject();
            s["client_reference_id"] = null;
        });

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(foreign));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(noMetadata));

        await AssertStillHeldAsync(learner, cohort, id);
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "not JSON", "this is not json" },
        { "truncated JSON", "{\"id\":\"evt_x\",\"object\":\"event\",\"type\":\"checkout.session.completed\",\"data\":{\"object\":{" },
        { "a JSON array", "[1,2,3]" },
        { "a JSON string", "\"evt\"" },
        { "an empty object", "{}" },
        { "an event without data", "{\"id\":\"evt_nodata\",\"object\":\"event\",\"type\":\"checkout.session.completed\",\"created\":1}" },
        { "data.object null", "{\"id\":\"evt_nullobj\",\"object\":\"event\",\"type\":\"checkout.session.completed\",\"created\":1,\"data\":{\"object\":null}}" },
        { "a charge under a checkout type", "{\"id\":\"evt_wrongobj\",\"object\":\"event\",\"type\":\"checkout.session.completed\",\"created\":1,\"data\":{\"object\":{\"id\":\"ch_1\",\"object\":\"charge\",\"amount\":100}}}" },
        { "a session under charge.refunded", "{\"id\":\"evt_wrongobj2\",\"object\":\"event\",\"type\":\"charge.refunded\",\"created\":1,\"data\":{\"object\":{\"id\":\"cs_1\",\"object\":\"checkout.session\"}}}" },
        { "wrong types", "{\"id\":5,\"object\":\"event\",\"type\":[\"x\"],\"created\":\"yesterday\",\"data\":7}" },
        { "an event without an id", "{\"object\":\"event\",\"type\":\"charge.refunded\",\"created\":1,\"data\":{\"object\":{\"id\":\"ch_1\",\"object\":\"charge\"}}}" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_body_with_a_valid_signature_is_never_a_500(string what, string body)
    {
        var response = await _kit.PostWebhookAsync(body, _kit.Sign(body));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is 200 or 400, $"{what}: {(int)response.StatusCode} {text}");
    }

    [Fact]
    public async Task An_empty_body_or_a_form_post_is_a_400()
    {
        await (await _kit.PostWebhookAsync("", _kit.Sign(""))).ExpectStatusAsync(HttpStatusCode.BadRequest);
        await (await _kit.PostWebhookAsync("", null)).ExpectStatusAsync(HttpStatusCode.BadRequest);
        var form = "id=evt_1&type=checkout.session.completed";
        var response = await _kit.PostWebhookAsync(form, _kit.Sign(form), "application/x-www-form-urlencoded");
        Assert.True((int)response.StatusCode is 400 or 415, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
