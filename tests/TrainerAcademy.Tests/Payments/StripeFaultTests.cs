using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Tests.Payments;

/// <summary>
/// Stripe misbehaving as it does in production: its API answering later than the platform waits during checkout, the
/// webhook secret rolled in the Dashboard, and events delivered days after they happened. No payment is lost or doubled.
/// The app waits 2 s for an answer and retries once (Stripe:TimeoutSeconds, Stripe:MaxNetworkRetries).
/// </summary>
public abstract class StripeFaultTests
{
    public sealed class OnSqlite(SqliteImpatientStripeFactory f) : StripeFaultTests(f), IClassFixture<SqliteImpatientStripeFactory>;

    public sealed class OnPostgreSql : StripeFaultTests, IClassFixture<PostgresImpatientStripeFactory>
    {
        public OnPostgreSql(PostgresImpatientStripeFactory f) : base(f) => TestPostgres.Require();
    }

    public sealed class SqliteImpatientStripeFactory : SqliteStripeFactory
    {
        protected override void AddSettings(IDictionary<string, string?> settings)
        {
            base.AddSettings(settings);
            Impatient(settings);
        }
    }

    public sealed class PostgresImpatientStripeFactory : PostgresStripeFactory
    {
        protected override void AddSettings(IDictionary<string, string?> settings)
        {
            base.AddSettings(settings);
            Impatient(settings);
        }
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private static void Impatient(IDictionary<string, string?> settings)
    {
        settings["Stripe:TimeoutSeconds"] = ((int)Timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Stripe:MaxNetworkRetries"] = "1";
    }

    private const string ConfirmedSubject = "报名成功 · Enrollment confirmed";

    private readonly PaymentKit _kit;

    private StripeFaultTests(IStripeAcademyFactory factory) => _kit = new PaymentKit((AcademyFactory)factory, factory.Fake);

    private List<Infrastructure.FakeStripe.FakeStripeRequest> SessionCreations(int enrollmentId) =>
        [.. _kit.Fake.Requests.Where(r => r.Method == "POST" && r.Path == "/v1/checkout/sessions" && r.Param("client_reference_id") == enrollmentId.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    // ---- The API timing out during checkout ------------------------------------------------------------------------

    [Fact]
    public async Task A_checkout_whose_answer_from_Stripe_comes_too_late_is_sent_again_under_its_key_and_stores_one_payment()
    {
        var (learner, _, id) = await _kit.HeldPlaceAsync();
        _kit.Fake.DelayNext(Timeout * 3);

        var session = await _kit.CheckoutAsync(learner, id);

        var posts = SessionCreations(id);
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].IdempotencyKey, posts[1].IdempotencyKey);
        Assert.True(posts[1].Replayed, "the second request was not answered from the first one's idempotency key");
        Assert.Equal(session, Assert.Single(await _kit.PaymentsAsync(id)).StripeCheckoutSessionId);
    }

    [Fact]
    public async Task When_Stripe_answers_no_attempt_in_time_the_learner_gets_a_502_and_the_next_try_hands_out_the_session_Stripe_made()
    {
        var (learner, cohort, id) = await _kit.HeldPlaceAsync();
        _kit.Fake.DelayNext(Timeout * 3, times: 2);

        var problem = await (await learner.Client.PostAsync($"/api/enrollments/{id}/checkout", null)).ExpectProblemAsync(HttpStatusCode.BadGateway);

        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Empty(await _kit.PaymentsAsync(id));
        Assert.Equal(EnrollmentStatus.PendingPayment, (await _kit.EnrollmentAsync(id)).Status);
        // Stripe did create the session the platform stopped waiting for: the next try gets that one, not a second.
        var created = SessionCreations(id);
        Assert.Equal(2, created.Count);
        var session = await _kit.CheckoutAsync(learner, id);
        Assert.Equal(created[0].IdempotencyKey, SessionCreations(id)[^1].IdempotencyKey);
        Assert.Equal(session, Assert.Single(await _kit.PaymentsAsync(id)).StripeCheckoutSessionId);
        Assert.Equal(1, _kit.Fake.Requests.Count(r => r.Method == "POST" && r.Path == "/v1/checkout/sessions" && !r.Replayed
            && r.Param("client_reference_id") == id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.CompletePayment(session)));
        Assert.Equal(EnrollmentStatus.Confirmed, (await _kit.EnrollmentAsync(id)).Status);
        await _kit.AssertSeatsConsistentAsync(cohort);
    }

    // ---- The webhook secret rolled ---------------------------------------------------------------------------------

    private void ConfigureWebhookSecret(string secret)
    {
        var configuration = (IConfigurationRoot)_kit.Factory.Services.GetRequiredService<IConfiguration>();
        configuration["Stripe:WebhookSecret"] = secret;
        configuration.Reload();
    }

    [Fact]
    public async Task A_rolled_webhook_secret_loses_no_event_and_applies_each_once()
    {
        var original = _kit.Fake.WebhookSecret;
        var rolled = "whsec_rolled" + Guid.NewGuid().ToString("N");
        try
        {
            // Rolled with an overlap: each delivery carries a signature by either secret, so the platform still on
            // the old one accepts, and so does the platform switched to the new one.
            _kit.Fake.RollWebhookSecret(rolled, keepOld: true);
            var (first, _, firstId) = await _kit.HeldPlaceAsync();
            Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.CompletePayment(await _kit.CheckoutAsync(first, firstId))));
            ConfigureWebhookSecret(rolled);
            var (second, _, secondId) = await _kit.HeldPlaceAsync();
            Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(_kit.Fake.CompletePayment(await _kit.CheckoutAsync(second, secondId))));

            // Rolled again with the old secret expiring at once, before the platform is told: the event is refused,
            // changes nothing, and is applied once when Stripe retries after the new secret is configured.
            var next = "whsec_next" + Guid.NewGuid().ToString("N");
            _kit.Fake.RollWebhookSecret(next, keepOld: false);
            var (third, thirdCohort, thirdId) = await _kit.HeldPlaceAsync();
            var paid = _kit.Fake.CompletePayment(await _kit.CheckoutAsync(third, thirdId));
            Assert.Equal(HttpStatusCode.BadRequest, await _kit.DeliverAsync(paid));
            Assert.Equal(EnrollmentStatus.PendingPayment, (await _kit.EnrollmentAsync(thirdId)).Status);
            Assert.Equal(0, await _kit.ProcessedCountAsync(PaymentKit.EventId(paid)));

            ConfigureWebhookSecret(next);
            Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));
            Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));
            // A signature by a secret that is no longer the endpoint's is refused.
            await (await _kit.PostWebhookAsync(paid, _kit.Fake.SignedWebhook(paid, rolled))).ExpectStatusAsync(HttpStatusCode.BadRequest);

            foreach (var (learner, id) in new[] { (first, firstId), (second, secondId), (third, thirdId) })
            {
                Assert.Equal(EnrollmentStatus.Confirmed, (await _kit.EnrollmentAsync(id)).Status);
                Assert.Equal(PaymentStatus.Succeeded, Assert.Single(await _kit.PaymentsAsync(id)).Status);
                Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == ConfirmedSubject);
            }
            Assert.Equal(1, await _kit.ProcessedCountAsync(PaymentKit.EventId(paid)));
            await _kit.AssertSeatsConsistentAsync(thirdCohort);
        }
        finally
        {
            _kit.Fake.RollWebhookSecret(original, keepOld: false);
            ConfigureWebhookSecret(original);
        }
    }

    // ---- Events days late ------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_payment_event_delivered_three_days_late_confirms_the_place_once_while_a_seat_is_free()
    {
        var (learner, cohort, id) = await _kit.HeldPlaceAsync(daysAhead: 21);
        var paid = _kit.Fake.CompletePayment(await _kit.CheckoutAsync(learner, id));
        // The endpoint was down: the hold ran out and Stripe kept retrying for three days.
        await _kit.ExpireHoldAsync(id);
        _kit.Clock.Advance(TimeSpan.FromDays(3));

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));

        Assert.Equal(EnrollmentStatus.Confirmed, (await _kit.EnrollmentAsync(id)).Status);
        Assert.Equal(PaymentStatus.Succeeded, Assert.Single(await _kit.PaymentsAsync(id)).Status);
        Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == ConfirmedSubject);
        Assert.Equal(1, await _kit.ProcessedCountAsync(PaymentKit.EventId(paid)));
        await _kit.AssertSeatsConsistentAsync(cohort);
    }

    [Fact]
    public async Task An_event_applied_on_time_and_delivered_again_three_days_later_changes_nothing()
    {
        var (learner, cohort, id, payment) = await _kit.PaidPlaceAsync(daysAhead: 21);
        var paid = _kit.Fake.LatestEvent("checkout.session.completed")!;
        Assert.Equal(payment.StripeCheckoutSessionId, System.Text.Json.Nodes.JsonNode.Parse(paid)!["data"]!["object"]!["id"]!.GetValue<string>());
        _kit.Clock.Advance(TimeSpan.FromDays(3));

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));

        Assert.Equal(EnrollmentStatus.Confirmed, (await _kit.EnrollmentAsync(id)).Status);
        Assert.Single(await _kit.PaymentsAsync(id));
        Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == ConfirmedSubject);
        Assert.Equal(1, await _kit.ProcessedCountAsync(PaymentKit.EventId(paid)));
        await _kit.AssertSeatsConsistentAsync(cohort);
    }
}
