using System.ComponentModel.DataAnnotations;

namespace TrainerAcademy.Features.Payments;

/// <summary>
/// The "Stripe" section. Keys come from user secrets in development and from the environment in production;
/// without <see cref="SecretKey"/> the site runs with online payment switched off.
/// </summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    public static readonly IReadOnlyList<string> DefaultPaymentMethods = ["card", "alipay", "wechat_pay"];

    /// <summary><c>sk_live_…</c> or <c>sk_test_…</c> (a restricted <c>rk_…</c> key works too).</summary>
    public string? SecretKey { get; set; }

    /// <summary>
    /// The webhook endpoint's signing secret, <c>whsec_…</c>. Read again when the configuration reloads, so a rolled secret
    /// takes effect without a restart where the source reloads (appsettings files, key-per-file secrets).
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Stripe's API by default; tests point it at a local fake over plain http.</summary>
    public string? ApiBase { get; set; }

    /// <summary>
    /// The payment method types Checkout may offer. Null in the file means <see cref="DefaultPaymentMethods"/>:
    /// the configuration binder appends to a list that already has items, so the default is not an initializer.
    /// </summary>
    public string[]? PaymentMethods { get; set; }

    [RegularExpression("^[a-z]{3}$")]
    public string Currency { get; set; } = "cny";

    [Range(1, 3600)]
    public int SignatureToleranceSeconds { get; set; } = 300;

    /// <summary>
    /// How long one request to Stripe may take before it is abandoned and (within <see cref="MaxNetworkRetries"/>) sent
    /// again under the same idempotency key. A learner waits at most about (retries + 1) × this for Checkout.
    /// </summary>
    [Range(1, 80)]
    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>Stripe.net's retries of a request that failed on the network, a 409 or a 5xx (same idempotency key).</summary>
    [Range(0, 10)]
    public int MaxNetworkRetries { get; set; } = 2;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey);

    public IReadOnlyList<string> EffectivePaymentMethods =>
        PaymentMethods is { Length: > 0 } methods ? methods : DefaultPaymentMethods;
}
