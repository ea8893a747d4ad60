using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Stripe;
using TrainerAcademy.Features.Payments;
using TrainerAcademy.Tests.Infrastructure.FakeStripe;

namespace TrainerAcademy.Tests.Payments;

/// <summary>The gateway, registered as the app registers it, against the fake of Stripe's API over real HTTP.</summary>
public sealed class StripeGatewayTests : IClassFixture<FakeStripeServer>, IDisposable
{
    private const string Title = "人工智能训练师（四级）· 2026年3月周末班";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private readonly FakeStripeServer _stripe;
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly List<ServiceProvider> _providers = [];

    public StripeGatewayTests(FakeStripeServer stripe)
    {
        _stripe = stripe;
        _stripe.Reset();
        _stripe.Clock = _clock;
    }

    public void Dispose()
    {
        foreach (var provider in _providers) provider.Dispose();
    }

    private StripeGateway Gateway(Dictionary<string, string?>? settings = null, bool configured = true)
    {
        var values = new Dictionary<string, string?>();
        if (configured)
            foreach (var (key, value) in _stripe.AppSettings) values[key] = value;
        foreach (var (key, value) in settings ?? []) values[key] = value;
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddStripePayments(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider.GetRequiredService<StripeGateway>();
    }

    private CheckoutRequest Checkout(int enrollmentId = 42, decimal amount = 2600.00m, int attempt = 1, DateTimeOffset? expiresAt = null) =>
        new(enrollmentId, amount, Title, "learner@example.cn",
            $"https://academy.test/enrollments/{enrollmentId}/paid?session={{CHECKOUT_SESSION_ID}}",
            $"https://academy.test/enrollments/{enrollmentId}",
            expiresAt ?? _clock.GetUtcNow().AddMinutes(45),
            attempt);

    private async Task<string> PaidSessionAsync(StripeGateway gateway, int enrollmentId = 42)
    {
        var created = await gateway.CreateCheckoutSessionAsync(Checkout(enrollmentId));
        _stripe.CompletePayment(created.SessionId);
        return created.SessionId;
    }

    [Fact]
    public async Task Checkout_session_asks_for_the_amount_in_fen_in_cny_with_the_configured_methods_and_the_enrollment()
    {
        var gateway = Gateway();
        var request = Checkout();

        var created = await gateway.CreateCheckoutSessionAsync(request);

        Assert.StartsWith("cs_test_", created.SessionId);
        Assert.Equal($"{_stripe.ApiBase}/checkout/{created.SessionId}", created.Url);
        Assert.Equal(request.ExpiresAt, created.ExpiresAt);
        var session = await gateway.GetCheckoutSessionAsync(created.SessionId);
        Assert.Equal(260000, session.AmountTotal);
        Assert.Equal("cny", session.Currency);
        Assert.Equal(["card", "alipay", "wechat_pay"], session.PaymentMethodTypes);
        Assert.Equal("42", session.Metadata[StripeGateway.EnrollmentIdKey]);
        Assert.Equal("42", session.ClientReferenceId);
        Assert.Equal("learner@example.cn", session.CustomerEmail);
        Assert.Equal(("payment", "open", "unpaid"), (session.Mode, session.Status, session.PaymentStatus));
        Assert.Equal(request.SuccessUrl, session.SuccessUrl);

        var sent = _stripe.Requests.Single(r => r.Method == "POST");
        Assert.Equal("/v1/checkout/sessions", sent.Path);
        Assert.Equal("260000", sent.Param("line_items[0][price_data][unit_amount]"));
        Assert.Equal("cny", sent.Param("line_items[0][price_data][currency]"));
        Assert.Equal(Title, sent.Param("line_items[0][price_data][product_data][name]"));
        Assert.Equal("1", sent.Param("line_items[0][quantity]"));
        Assert.Equal("alipay", sent.Param("allowed_payment_method_types[1]"));
        Assert.Equal("web", sent.Param("payment_method_options[wechat_pay][client]"));
        Assert.Equal("42", sent.Param("metadata[enrollment_id]"));
        Assert.Equal("42", sent.Param("payment_intent_data[metadata][enrollment_id]"));
        Assert.Equal(StripeGateway.CheckoutIdempotencyKey(request, created.ExpiresAt), sent.IdempotencyKey);
        Assert.StartsWith("enrollment-42-checkout-1-", sent.IdempotencyKey);
        Assert.Equal(StripeConfiguration.ApiVersion, sent.StripeVersion);
    }

    [Fact]
    public async Task Payment_methods_come_from_configuration_and_replace_the_default()
    {
        var gateway = Gateway(new() { ["Stripe:PaymentMethods:0"] = "card", ["Stripe:PaymentMethods:1"] = "alipay" });

        var created = await gateway.CreateCheckoutSessionAsync(Checkout());

        var session = await gateway.GetCheckoutSessionAsync(created.SessionId);
        Assert.Equal(["card", "alipay"], session.PaymentMethodTypes);
        Assert.Null(_stripe.Requests.Single(r => r.Method == "POST").Param("payment_method_options[wechat_pay][client]"));
    }

    [Fact]
    public async Task The_same_attempt_gets_the_same_session_and_a_new_attempt_a_new_one()
    {
        var gateway = Gateway();

        var first = await gateway.CreateCheckoutSessionAsync(Checkout(attempt: 1));
        var again = await gateway.CreateCheckoutSessionAsync(Checkout(attempt: 1));
        var second = await gateway.CreateCheckoutSessionAsync(Checkout(attempt: 2));

        Assert.Equal(first, again);
        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.Equal(2, _stripe.SessionCount);
        Assert.True(_stripe.Requests.Single(r => r.Method == "POST" && r.Replayed).StatusCode == 200);
    }

    [Fact]
    public async Task An_expiry_outside_Stripes_window_moves_by_half_hours_so_a_retry_minutes_later_gets_the_same_session()
    {
        var gateway = Gateway();
        var now = _clock.GetUtcNow();

        var soon = await gateway.CreateCheckoutSessionAsync(Checkout(enrollmentId: 1, expiresAt: now.AddMinutes(5)));
        _clock.Advance(TimeSpan.FromMinutes(3));
        var soonAgain = await gateway.CreateCheckoutSessionAsync(Checkout(enrollmentId: 1, expiresAt: now.AddMinutes(5)));
        var late = await gateway.CreateCheckoutSessionAsync(Checkout(enrollmentId: 2, expiresAt: now.AddDays(3)));

        Assert.Equal(now.AddMinutes(35), soon.ExpiresAt);
        Assert.Equal(soon, soonAgain);
        Assert.Equal(now.AddHours(24), late.ExpiresAt);
        Assert.Equal(2, _stripe.SessionCount);
    }

    [Fact]
    public void A_seat_hold_of_half_an_hour_gives_the_same_expiry_for_most_of_the_hold()
    {
        var now = Start.AddSeconds(17);
        var holdEnds = now.AddMinutes(30);

        Assert.Equal(holdEnds.AddMinutes(30), StripeGateway.ClampExpiry(holdEnds, now));
        Assert.Equal(holdEnds.AddMinutes(30), StripeGateway.ClampExpiry(holdEnds, now.AddMinutes(20)));
        Assert.Equal(holdEnds.AddMinutes(60), StripeGateway.ClampExpiry(holdEnds, now.AddMinutes(29)));
        Assert.Equal(now.AddHours(2), StripeGateway.ClampExpiry(now.AddHours(2).AddTicks(1234), now));
    }

    [Theory]
    [InlineData("2600.00", 260000)]
    [InlineData("2600", 260000)]
    [InlineData("0.01", 1)]
    [InlineData("99.9", 9990)]
    [InlineData("1234567.89", 123456789)]
    public void Yuan_convert_to_fen_exactly(string yuan, long fen)
    {
        var amount = decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(fen, StripeGateway.ToMinorUnits(amount));
        Assert.Equal(amount, StripeGateway.FromMinorUnits(fen));
    }

    [Theory]
    [InlineData("12.345")]
    [InlineData("0.001")]
    [InlineData("-0.005")]
    public void A_fraction_of_a_fen_is_refused_not_rounded(string yuan) =>
        Assert.Throws<ArgumentException>(() => StripeGateway.ToMinorUnits(decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Checkout_refuses_a_zero_or_fractional_fen_amount_before_calling_Stripe()
    {
        var gateway = Gateway();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => gateway.CreateCheckoutSessionAsync(Checkout(amount: 0m)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => gateway.CreateCheckoutSessionAsync(Checkout(amount: 12.345m)));
        Assert.Empty(_stripe.Requests);
    }

    [Fact]
    public async Task Recent_sessions_are_read_across_every_page_since_the_given_time_oldest_first()
    {
        var gateway = Gateway();
        for (var id = 1; id <= 3; id++) await gateway.CreateCheckoutSessionAsync(Checkout(enrollmentId: id));
        _clock.Advance(TimeSpan.FromHours(1));
        var since = _clock.GetUtcNow();
        for (var id = 100; id < 205; id++)
        {
            await gateway.CreateCheckoutSessionAsync(Checkout(enrollmentId: id));
            if (id % 10 == 0) _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var sessions = await gateway.ListRecentCheckoutSessionsAsync(since);

        Assert.Equal(Enumerable.Range(100, 105), sessions.Select(s => StripeGateway.ReadCheckout(s).EnrollmentId!.Value));
        var pages = _stripe.Requests.Where(r => r.Method == "GET" && r.Path == "/v1/checkout/sessions").ToList();
        Assert.Equal(2, pages.Count);
        Assert.Null(pages[0].Param("starting_after"));
        Assert.StartsWith("cs_test_", pages[1].Param("starting_after"));
        Assert.Equal(since.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), pages[1].Param("created[gte]"));
    }

    [Fact]
    public async Task Recent_events_are_listed_by_type_and_time_oldest_first()
    {
        var gateway = Gateway();
        await PaidSessionAsync(gateway, enrollmentId: 1);
        _clock.Advance(TimeSpan.FromHours(1));
        var since = _clock.GetUtcNow();
        var paid = await PaidSessionAsync(gateway, enrollmentId: 2);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var abandoned = await gateway.CreateCheckoutSessionAsync(Checkout(enrollmentId: 3));
        _stripe.Expire(abandoned.SessionId);

        var completed = await gateway.ListRecentEventsAsync(since, ["checkout.session.completed"]);
        var both = await gateway.ListRecentEventsAsync(since, ["checkout.session.completed", "checkout.session.expired"]);

        var only = Assert.Single(completed);
        Assert.Equal(paid, StripeGateway.ReadCheckout(only).SessionId);
        Assert.Equal(["checkout.session.completed", "checkout.session.expired"], both.Select(e => e.Type));
        Assert.Equal([2, 3], both.Select(e => StripeGateway.ReadCheckout(e).EnrollmentId!.Value));
        Assert.All(both, e => Assert.Equal(StripeConfiguration.ApiVersion, e.ApiVersion));
        var listed = _stripe.Requests.Last(r => r.Path == "/v1/events");
        Assert.Equal("checkout.session.expired", listed.Param("types[1]"));
    }

    [Fact]
    public async Task A_refund_goes_through_once_per_key_and_charge_refunded_reports_the_running_total()
    {
        var gateway = Gateway();
        var sessionId = await PaidSessionAsync(gateway);
        var intent = (await gateway.GetCheckoutSessionAsync(sessionId)).PaymentIntentId;

        var refund = await gateway.RefundAsync(intent, 1000.00m, "cancel-42");
        var retried = await gateway.RefundAsync(intent, 1000.00m, "cancel-42");
        var tooMuch = await Assert.ThrowsAsync<StripeException>(() => gateway.RefundAsync(intent, 2000.00m, "cancel-42-more"));

        Assert.StartsWith("re_", refund.RefundId);
        Assert.Equal(new RefundResult(refund.RefundId, "succeeded", 1000.00m), refund);
        Assert.Equal(refund, retried);
        Assert.Equal("100000", _stripe.Requests.First(r => r.Path == "/v1/refunds").Param("amount"));
        Assert.Equal(("invalid_request_error", "amount_too_large"), (tooMuch.StripeError.Type, tooMuch.StripeError.Code));
        Assert.Single(_stripe.Events("refund.created"));

        var json = Assert.Single(_stripe.Events("charge.refunded"));
        var facts = StripeGateway.ReadChargeRefund(gateway.ParseWebhook(json, _stripe.SignedWebhook(json, _stripe.WebhookSecret)));
        Assert.Equal((intent, 42, 2600.00m, 1000.00m, false), (facts.PaymentIntentId, facts.EnrollmentId, facts.Amount, facts.AmountRefunded, facts.FullyRefunded));

        _stripe.Refund(intent);
        var rest = StripeGateway.ReadChargeRefund(gateway.ParseWebhook(_stripe.LatestEvent("charge.refunded")!,
            _stripe.SignedWebhook(_stripe.LatestEvent("charge.refunded")!, _stripe.WebhookSecret)));
        Assert.Equal((2600.00m, true), (rest.AmountRefunded, rest.FullyRefunded));
    }

    [Fact]
    public async Task A_signed_completed_event_is_parsed_into_what_fulfilment_needs()
    {
        var gateway = Gateway();
        var created = await gateway.CreateCheckoutSessionAsync(Checkout());
        var json = _stripe.CompletePayment(created.SessionId, paymentMethod: "alipay");

        var stripeEvent = gateway.ParseWebhook(json, _stripe.SignedWebhook(json, _stripe.WebhookSecret));

        Assert.Equal("checkout.session.completed", stripeEvent.Type);
        Assert.Equal(StripeConfiguration.ApiVersion, stripeEvent.ApiVersion);
        var facts = StripeGateway.ReadCheckout(stripeEvent);
        Assert.Equal(created.SessionId, facts.SessionId);
        Assert.Equal(42, facts.EnrollmentId);
        Assert.Equal(("complete", "paid", 2600.00m, "cny"), (facts.Status, facts.PaymentStatus, facts.AmountTotal, facts.Currency));
        Assert.StartsWith("pi_", facts.PaymentIntentId);
        Assert.Equal("alipay", _stripe.PaymentIntent(facts.PaymentIntentId!)!["payment_method_types"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task The_fakes_signature_is_the_one_Stripe_net_computes()
    {
        var gateway = Gateway();
        var created = await gateway.CreateCheckoutSessionAsync(Checkout());
        var json = _stripe.CompletePayment(created.SessionId);
        var t = _clock.GetUtcNow();

        Assert.Equal(EventUtility.GenerateSignatureHeader(json, _stripe.WebhookSecret, t.ToUnixTimeSeconds()), _stripe.SignedWebhook(json, _stripe.WebhookSecret, t));
    }

    [Fact]
    public async Task Webhooks_with_a_wrong_secret_a_stale_timestamp_a_changed_body_or_no_signature_are_refused()
    {
        var gateway = Gateway();
        var created = await gateway.CreateCheckoutSessionAsync(Checkout());
        var json = _stripe.CompletePayment(created.SessionId);
        var now = _clock.GetUtcNow();

        Assert.Throws<InvalidWebhookSignature>(() => gateway.ParseWebhook(json, _stripe.SignedWebhook(json, "whsec_somebody_else")));
        Assert.Throws<InvalidWebhookSignature>(() => gateway.ParseWebhook(json, _stripe.SignedWebhook(json, _stripe.WebhookSecret, now.AddSeconds(-301))));
        Assert.Throws<InvalidWebhookSignature>(() => gateway.ParseWebhook(json.Replace("\"amount_total\":260000", "\"amount_total\":1"),
            _stripe.SignedWebhook(json, _stripe.WebhookSecret)));
        Assert.Throws<InvalidWebhookSignature>(() => gateway.ParseWebhook(json, null));
        Assert.Throws<InvalidWebhookSignature>(() => gateway.ParseWebhook(json, "t=1,v1=00"));
        Assert.Throws<InvalidWebhookSignature>(() => gateway.ParseWebhook(json, "garbage"));
        // Within the tolerance, measured on the app's clock.
        Assert.NotNull(gateway.ParseWebhook(json, _stripe.SignedWebhook(json, _stripe.WebhookSecret, now.AddSeconds(-299))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("\"evt\"")]
    [InlineData("{\"id\":5,\"object\":\"event\",\"type\":[\"x\"]}")]
    [InlineData("{\"object\":\"event\",\"type\":\"checkout.session.completed\",\"data\":{\"object\":{\"object\":\"checkout.session\",\"id\":\"cs_1\"}}}")]
    [InlineData("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"checkout.session.completed\"}")]
    [InlineData("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"charge.refunded\",\"data\":{\"object\":{\"object\":\"checkout.session\",\"id\":\"cs_1\"}}}")]
    public void A_well_signed_body_that_is_not_a_Stripe_event_is_refused_the_same_way(string body)
    {
        var gateway = Gateway();

        Assert.Throws<InvalidWebhookSignature>(() => gateway.ParseWebhook(body, _stripe.SignedWebhook(body, _stripe.WebhookSecret)));
    }

    [Fact]
    public async Task A_delayed_payment_completes_unpaid_then_succeeds_or_fails()
    {
        var gateway = Gateway();
        var later = await gateway.CreateCheckoutSessionAsync(Checkout(enrollmentId: 1));
        var failing = await gateway.CreateCheckoutSessionAsync(Checkout(enrollmentId: 2));
        CheckoutSessionFacts Read(string json) => StripeGateway.ReadCheckout(gateway.ParseWebhook(json, _stripe.SignedWebhook(json, _stripe.WebhookSecret)));

        var completed = Read(_stripe.CompletePayment(later.SessionId, async: true));
        var succeeded = Read(_stripe.CompleteAsyncPayment(later.SessionId));
        Read(_stripe.CompletePayment(failing.SessionId, async: true));
        var failed = Read(_stripe.FailAsyncPayment(failing.SessionId));

        Assert.Equal(("complete", "unpaid"), (completed.Status, completed.PaymentStatus));
        Assert.Equal(("complete", "paid"), (succeeded.Status, succeeded.PaymentStatus));
        Assert.Equal(completed.PaymentIntentId, succeeded.PaymentIntentId);
        Assert.Equal(("complete", "unpaid", 2), (failed.Status, failed.PaymentStatus, failed.EnrollmentId));
        Assert.Equal("checkout.session.async_payment_failed", JsonDocument.Parse(_stripe.Events()[^1]).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_expired_session_cannot_be_paid_whether_expired_by_the_app_or_by_time()
    {
        var gateway = Gateway();
        var released = await gateway.CreateCheckoutSessionAsync(Checkout(enrollmentId: 1));
        var forgotten = await gateway.CreateCheckoutSessionAsync(Checkout(enrollmentId: 2, expiresAt: _clock.GetUtcNow().AddMinutes(40)));

        var expired = await gateway.ExpireCheckoutSessionAsync(released.SessionId);
        _clock.Advance(TimeSpan.FromMinutes(41));
        var timedOut = await gateway.GetCheckoutSessionAsync(forgotten.SessionId);

        Assert.Equal(("expired", null), (expired.Status, expired.Url));
        Assert.Equal("expired", timedOut.Status);
        Assert.Throws<InvalidOperationException>(() => _stripe.CompletePayment(released.SessionId));
        Assert.Throws<InvalidOperationException>(() => _stripe.CompletePayment(forgotten.SessionId));
        Assert.Equal(2, _stripe.Events("checkout.session.expired").Count);
        var again = await Assert.ThrowsAsync<StripeException>(() => gateway.ExpireCheckoutSessionAsync(released.SessionId));
        Assert.Equal(HttpStatusCode.BadRequest, again.HttpStatusCode);
    }

    [Fact]
    public async Task An_unknown_session_is_a_404_resource_missing()
    {
        var e = await Assert.ThrowsAsync<StripeException>(() => Gateway().GetCheckoutSessionAsync("cs_test_nothing"));

        Assert.Equal(HttpStatusCode.NotFound, e.HttpStatusCode);
        Assert.Equal(("invalid_request_error", "resource_missing"), (e.StripeError.Type, e.StripeError.Code));
    }

    [Fact]
    public async Task A_wrong_secret_key_is_refused_with_401()
    {
        var gateway = Gateway(new() { ["Stripe:SecretKey"] = "sk_test_not_the_right_one" });

        var e = await Assert.ThrowsAsync<StripeException>(() => gateway.CreateCheckoutSessionAsync(Checkout()));

        Assert.Equal(HttpStatusCode.Unauthorized, e.HttpStatusCode);
        Assert.Equal("invalid_request_error", e.StripeError.Type);
    }

    [Fact]
    public async Task Without_keys_the_gateway_says_so_and_refuses_every_call()
    {
        var gateway = Gateway(configured: false);

        Assert.False(gateway.IsConfigured);
        await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.CreateCheckoutSessionAsync(Checkout()));
        Assert.Throws<InvalidWebhookSignature>(() => gateway.ParseWebhook("{}", "t=1,v1=00"));
        Assert.Empty(_stripe.Requests);
    }

    [Fact]
    public async Task A_request_that_fails_on_Stripes_side_is_retried_by_Stripe_net_under_the_same_idempotency_key()
    {
        var gateway = Gateway();
        _stripe.FailNext(status: 500);

        var created = await gateway.CreateCheckoutSessionAsync(Checkout());

        var posts = _stripe.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal([500, 200], posts.Select(r => r.StatusCode));
        Assert.Equal(posts[0].IdempotencyKey, posts[1].IdempotencyKey);
        Assert.Equal(1, _stripe.SessionCount);
        Assert.StartsWith("cs_test_", created.SessionId);
    }
}
