using System.Globalization;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace TrainerAcademy.Features.Payments;

/// <summary>
/// What the enrollment asks Stripe Checkout to collect. <c>Amount</c> is CNY in yuan, as in the domain;
/// <c>Description</c> is the Chinese course and cohort title the learner sees on Checkout. <c>ExpiresAt</c> is when the
/// seat hold ends: Stripe only accepts 30 minutes to 24 hours ahead, so it is clamped. <c>Attempt</c> is part of the
/// idempotency key: the same enrollment and attempt always get the same session, even when the request is sent twice;
/// a new session after an expired one is a new attempt.
/// </summary>
public sealed record CheckoutRequest(
    int EnrollmentId,
    decimal Amount,
    string Description,
    string? CustomerEmail,
    string SuccessUrl,
    string CancelUrl,
    DateTimeOffset ExpiresAt,
    int Attempt = 1);

public sealed record CheckoutSessionCreated(string SessionId, string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// What fulfilment needs from a Checkout Session, amounts back in yuan. <c>Status</c> is <c>open</c>, <c>complete</c> or
/// <c>expired</c>; <c>PaymentStatus</c> is <c>paid</c>, <c>unpaid</c> (also while a delayed method is processing) or
/// <c>no_payment_required</c>.
/// </summary>
public sealed record CheckoutSessionFacts(
    string SessionId,
    int? EnrollmentId,
    string Status,
    string PaymentStatus,
    string? PaymentIntentId,
    decimal? AmountTotal,
    string? Currency);

/// <summary>What a <c>charge.refunded</c> event says: <see cref="AmountRefunded"/> is the running total, not this refund.</summary>
public sealed record ChargeRefundFacts(
    string ChargeId,
    string? PaymentIntentId,
    int? EnrollmentId,
    decimal Amount,
    decimal AmountRefunded,
    bool FullyRefunded);

/// <summary>What a <c>charge.dispute.*</c> event says. <c>Status</c> is Stripe's: <c>needs_response</c>, <c>under_review</c>, <c>won</c>, <c>lost</c>, …</summary>
public sealed record DisputeFacts(
    string DisputeId,
    string? PaymentIntentId,
    string? ChargeId,
    decimal Amount,
    string Reason,
    string Status);

public sealed record RefundResult(string RefundId, string Status, decimal Amount);

/// <summary>A webhook whose <c>Stripe-Signature</c> is missing, wrong, or older than the tolerance: the endpoint answers 400.</summary>
public sealed class InvalidWebhookSignature(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The only class that talks to Stripe. Everything else sees decimals in yuan, enrollment ids and plain records;
/// Stripe's own errors surface as <see cref="StripeException"/> (with <c>StripeError.Type</c> and <c>Code</c>).
/// </summary>
public sealed class StripeGateway(IStripeClient client, IOptionsMonitor<StripeOptions> options, TimeProvider clock)
{
    public const string EnrollmentIdKey = "enrollment_id";

    private static readonly TimeSpan MinimumExpiry = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan MaximumExpiry = TimeSpan.FromHours(24);
    // Stripe measures the window from when it receives the request: keep clear of both ends.
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ClampStep = TimeSpan.FromMinutes(30);

    private readonly StripeOptions _options = options.CurrentValue;
    private readonly SessionService _sessions = new(client);
    private readonly RefundService _refunds = new(client);
    private readonly EventService _events = new(client);

    public bool IsConfigured => _options.IsConfigured;

    public async Task<CheckoutSessionCreated> CreateCheckoutSessionAsync(CheckoutRequest request, CancellationToken ct = default)
    {
        EnsureConfigured();
        if (request.Amount <= 0)
            throw new ArgumentOutOfRangeException(nameof(request), request.Amount, "A Checkout payment needs an amount above zero; free places are confirmed without Stripe.");
        var fen = ToMinorUnits(request.Amount);
        var enrollmentId = request.EnrollmentId.ToString(CultureInfo.InvariantCulture);
        var methods = _options.EffectivePaymentMethods.ToList();
        var expiresAt = ClampExpiry(request.ExpiresAt, clock.GetUtcNow());

        var create = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = enrollmentId,
            CustomerEmail = string.IsNullOrWhiteSpace(request.CustomerEmail) ? null : request.CustomerEmail.Trim(),
            SuccessUrl = request.SuccessUrl,
            CancelUrl = request.CancelUrl,
            ExpiresAt = expiresAt.UtcDateTime,
            // API 2026-09-30.endive removed payment_method_types from session creation; this is its replacement.
            AllowedPaymentMethodTypes = methods,
            // Checkout offers WeChat Pay only with a client type; "web" shows the QR code on the hosted page.
            PaymentMethodOptions = methods.Contains("wechat_pay")
                ? new SessionPaymentMethodOptionsOptions { WechatPay = new SessionPaymentMethodOptionsWechatPayOptions { Client = "web" } }
                : null,
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = _options.Currency,
                        UnitAmount = fen,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = request.Description },
                    },
                },
            ],
            Metadata = new Dictionary<string, string> { [EnrollmentIdKey] = enrollmentId },
            // Copied onto the PaymentIntent and its charge, so a refund or dispute event also names the enrollment.
            PaymentIntentData = new SessionPaymentIntentDataOptions
            {
                Description = request.Description,
                Metadata = new Dictionary<string, string> { [EnrollmentIdKey] = enrollmentId },
            },
        };
        var session = await _sessions.CreateAsync(create, new RequestOptions { IdempotencyKey = CheckoutIdempotencyKey(request, expiresAt) }, ct);
        return new CheckoutSessionCreated(session.Id, session.Url, AsUtc(session.ExpiresAt));
    }

    /// <summary>
    /// Per enrollment and attempt, and the expiry actually sent: a key must always come with the same parameters, and a
    /// clamped expiry can differ between two sends a minute apart. Reusing a key with other parameters would fail for 24 hours.
    /// </summary>
    public static string CheckoutIdempotencyKey(CheckoutRequest request, DateTimeOffset expiresAt) =>
        string.Create(CultureInfo.InvariantCulture, $"enrollment-{request.EnrollmentId}-checkout-{request.Attempt}-{expiresAt.ToUnixTimeSeconds()}");

    public Task<Session> GetCheckoutSessionAsync(string sessionId, CancellationToken ct = default)
    {
        EnsureConfigured();
        return _sessions.GetAsync(sessionId, cancellationToken: ct);
    }

    /// <summary>Ends an open session so that it can no longer be paid (the hold was released or the enrollment cancelled).</summary>
    public Task<Session> ExpireCheckoutSessionAsync(string sessionId, CancellationToken ct = default)
    {
        EnsureConfigured();
        return _sessions.ExpireAsync(sessionId, cancellationToken: ct);
    }

    /// <summary>Every Checkout Session created since <paramref name="since"/>, all pages, oldest first.</summary>
    public async Task<IReadOnlyList<Session>> ListRecentCheckoutSessionsAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        EnsureConfigured();
        var list = new SessionListOptions { Created = new DateRangeOptions { GreaterThanOrEqual = since.UtcDateTime }, Limit = 100 };
        var sessions = new List<Session>();
        await foreach (var session in _sessions.ListAutoPagingAsync(list, cancellationToken: ct)) sessions.Add(session);
        sessions.Reverse();
        return sessions;
    }

    /// <summary>Events of the given types since <paramref name="since"/> (Stripe keeps 30 days), all pages, oldest first, so they apply in order.</summary>
    public async Task<IReadOnlyList<Event>> ListRecentEventsAsync(DateTimeOffset since, IEnumerable<string> types, CancellationToken ct = default)
    {
        EnsureConfigured();
        var wanted = types.Distinct(StringComparer.Ordinal).ToList();
        // Stripe accepts at most 20 types in one list request.
        List<List<string>?> batches = wanted.Count == 0 ? [null] : [.. wanted.Chunk(20).Select(c => c.ToList())];
        var events = new Dictionary<string, Event>(StringComparer.Ordinal);
        foreach (var batch in batches)
        {
            var list = new EventListOptions { Created = new DateRangeOptions { GreaterThanOrEqual = since.UtcDateTime }, Types = batch, Limit = 100 };
            await foreach (var e in _events.ListAutoPagingAsync(list, cancellationToken: ct)) events.TryAdd(e.Id, e);
        }
        // Stripe lists newest first; within one second its order is the only order there is.
        var ordered = events.Values.Select((e, i) => (e, i)).OrderBy(x => x.e.Created).ThenByDescending(x => x.i).Select(x => x.e);
        return ordered.ToList();
    }

    /// <summary>Refunds part or all of a payment. The same <paramref name="idempotencyKey"/> never refunds twice.</summary>
    public async Task<RefundResult> RefundAsync(string paymentIntentId, decimal amount, string idempotencyKey, CancellationToken ct = default)
    {
        EnsureConfigured();
        if (amount <= 0) throw new ArgumentOutOfRangeException(nameof(amount), amount, "A refund needs an amount above zero.");
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var refund = await _refunds.CreateAsync(
            new RefundCreateOptions { PaymentIntent = paymentIntentId, Amount = ToMinorUnits(amount), Reason = "requested_by_customer" },
            new RequestOptions { IdempotencyKey = idempotencyKey },
            ct);
        return new RefundResult(refund.Id, refund.Status, FromMinorUnits(refund.Amount));
    }

    /// <summary>Verifies the <c>Stripe-Signature</c> header against the webhook secret and the app's clock, and reads the event.</summary>
    /// <exception cref="InvalidWebhookSignature">
    /// Missing, wrong or stale signature, no webhook secret configured, or a body that is not a well-formed Stripe event
    /// (which Stripe never signs): whatever a caller posts, the endpoint can answer 400.
    /// </exception>
    public Event ParseWebhook(string json, string? signatureHeader)
    {
        // The secret as configured now: after a roll, the new one without a restart (during Stripe's overlap every
        // delivery carries a signature by the old and by the new secret, so either verifies).
        var secret = options.CurrentValue.WebhookSecret;
        if (string.IsNullOrWhiteSpace(secret))
            throw new InvalidWebhookSignature("Stripe:WebhookSecret is not configured; no webhook can be verified.");
        if (string.IsNullOrWhiteSpace(signatureHeader))
            throw new InvalidWebhookSignature("The request has no Stripe-Signature header.");
        Event stripeEvent;
        try
        {
            // The overload with "now" so that the tolerance is measured on the app's TimeProvider, like every other instant.
            stripeEvent = EventUtility.ConstructEvent(json ?? "", signatureHeader, secret.Trim(), _options.SignatureToleranceSeconds,
                clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            throw new InvalidWebhookSignature(e.Message, e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidWebhookSignature("The body is not a Stripe event.", e);
        }
        if (string.IsNullOrEmpty(stripeEvent?.Id) || string.IsNullOrEmpty(stripeEvent.Type) || stripeEvent.Data is null)
            throw new InvalidWebhookSignature("The body is not a Stripe event: it has no id, type or data.");
        var expected = stripeEvent.Type.StartsWith("checkout.session.", StringComparison.Ordinal) ? typeof(Session)
            : stripeEvent.Type == "charge.refunded" ? typeof(Charge)
            : stripeEvent.Type.StartsWith("charge.dispute.", StringComparison.Ordinal) ? typeof(Dispute)
            : null;
        if (expected is not null && stripeEvent.Data.Object?.GetType() != expected)
            throw new InvalidWebhookSignature($"The body is not a Stripe event: a {stripeEvent.Type} event must carry a {expected.Name}.");
        return stripeEvent;
    }

    /// <summary>Yuan to fen, exactly: 2600.00 → 260000. An amount with a fraction of a fen is refused, never rounded.</summary>
    public static long ToMinorUnits(decimal amount)
    {
        var fen = amount * 100m;
        if (fen != decimal.Truncate(fen))
            throw new ArgumentException($"{amount.ToString(CultureInfo.InvariantCulture)} CNY is not a whole number of fen.", nameof(amount));
        if (fen is > long.MaxValue or < long.MinValue)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "The amount is out of range.");
        return decimal.ToInt64(fen);
    }

    public static decimal FromMinorUnits(long fen) => fen / 100m;

    /// <summary>
    /// Stripe accepts expires_at from 30 minutes to 24 hours after it receives the request (kept a minute clear of both ends).
    /// An instant outside is moved by whole half hours from the requested one, so that a checkout started again a few
    /// minutes later asks for the same expiry and therefore gets the same session; a seat hold of 30 minutes from now
    /// becomes a session that expires an hour from now.
    /// </summary>
    public static DateTimeOffset ClampExpiry(DateTimeOffset requested, DateTimeOffset now)
    {
        requested = FloorToSecond(requested);
        var minute = FloorToMinute(now);
        var earliest = minute + MinimumExpiry + ExpiryMargin + TimeSpan.FromMinutes(1);
        var latest = minute + MaximumExpiry - ExpiryMargin;
        if (requested < earliest) return requested + ClampStep * Math.Ceiling((earliest - requested) / ClampStep);
        if (requested > latest) return requested - ClampStep * Math.Ceiling((requested - latest) / ClampStep);
        return requested;
    }

    public static CheckoutSessionFacts ReadCheckout(Session session) =>
        new(session.Id,
            ReadEnrollmentId(session.Metadata) ?? ParseId(session.ClientReferenceId),
            session.Status,
            session.PaymentStatus,
            session.PaymentIntentId,
            session.AmountTotal is { } total ? FromMinorUnits(total) : null,
            session.Currency);

    /// <summary>The session of a <c>checkout.session.*</c> event.</summary>
    public static CheckoutSessionFacts ReadCheckout(Event stripeEvent) =>
        stripeEvent.Data.Object is Session session
            ? ReadCheckout(session)
            : throw new ArgumentException($"Event {stripeEvent.Id} ({stripeEvent.Type}) does not carry a Checkout Session.", nameof(stripeEvent));

    public static ChargeRefundFacts ReadChargeRefund(Charge charge) =>
        new(charge.Id,
            charge.PaymentIntentId,
            ReadEnrollmentId(charge.Metadata),
            FromMinorUnits(charge.Amount),
            FromMinorUnits(charge.AmountRefunded),
            charge.Refunded);

    /// <summary>The charge of a <c>charge.refunded</c> event.</summary>
    public static ChargeRefundFacts ReadChargeRefund(Event stripeEvent) =>
        stripeEvent.Data.Object is Charge charge
            ? ReadChargeRefund(charge)
            : throw new ArgumentException($"Event {stripeEvent.Id} ({stripeEvent.Type}) does not carry a charge.", nameof(stripeEvent));

    public static DisputeFacts ReadDispute(Dispute dispute) =>
        new(dispute.Id, dispute.PaymentIntentId, dispute.ChargeId, FromMinorUnits(dispute.Amount), dispute.Reason ?? "", dispute.Status ?? "");

    /// <summary>The dispute of a <c>charge.dispute.*</c> event.</summary>
    public static DisputeFacts ReadDispute(Event stripeEvent) =>
        stripeEvent.Data.Object is Dispute dispute
            ? ReadDispute(dispute)
            : throw new ArgumentException($"Event {stripeEvent.Id} ({stripeEvent.Type}) does not carry a dispute.", nameof(stripeEvent));

    /// <summary>An event kept as JSON (its <c>ToJson()</c>) read back; the signature was checked when it first arrived.</summary>
    public static Event ReadStoredEvent(string json) => EventUtility.ParseEvent(json, throwOnApiVersionMismatch: false);

    private static int? ReadEnrollmentId(Dictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(EnrollmentIdKey, out var value) ? ParseId(value) : null;

    private static int? ParseId(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private void EnsureConfigured()
    {
        if (!_options.IsConfigured) throw new InvalidOperationException("Stripe is not configured (Stripe:SecretKey).");
    }

    private static DateTimeOffset AsUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static DateTimeOffset FloorToSecond(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());

    private static DateTimeOffset FloorToMinute(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds() / 60 * 60);

}
