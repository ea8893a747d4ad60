using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace TrainerAcademy.Tests.Infrastructure.FakeStripe;

/// <summary>One API request as the fake received it, for assertions on exactly what Stripe.net sent.</summary>
public sealed record FakeStripeRequest(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Params,
    string? IdempotencyKey,
    string? StripeVersion,
    int StatusCode,
    bool Replayed)
{
    /// <summary>The value of a form or query parameter by its encoded name, e.g. <c>line_items[0][price_data][unit_amount]</c>.</summary>
    public string? Param(string key) => Params.LastOrDefault(p => p.Key == key).Value;
}

public sealed record WebhookDelivery(string EventId, string EventType, int StatusCode, string ResponseBody);

/// <summary>
/// A fake of Stripe's HTTP API (Checkout Sessions, Refunds, Events; PaymentIntents and Charges to read) on real Kestrel at
/// 127.0.0.1 and a free port, so that Stripe.net's <c>StripeClient</c> talks to it over plain HTTP exactly as to Stripe.
/// Use it as an xUnit class fixture (<c>IClassFixture&lt;FakeStripeServer&gt;</c>) or start one with <see cref="StartAsync"/>.
/// Requests are form-encoded, answers are Stripe's JSON shapes and errors; idempotency keys replay; events are recorded
/// for listing and for signed webhooks. A hosted "checkout page" at <c>/checkout/{id}</c> lets a browser pay.
/// Self-contained (ASP.NET Core, Stripe.net for the API version, xUnit for the fixture), so another test project can link the folder.
/// </summary>
public sealed partial class FakeStripeServer : IAsyncLifetime
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Stored> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SessionExtras> _extras = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Stored> _paymentIntents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Stored> _charges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Stored> _refunds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Stored> _disputes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Stored> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IdempotentResult> _idempotency = new(StringComparer.Ordinal);
    private readonly List<FakeStripeRequest> _requests = [];
    private readonly List<WebhookDelivery> _deliveries = [];
    private readonly Queue<StripeApiError> _failures = new();
    private readonly Queue<TimeSpan> _delays = new();
    private List<string>? _signingSecrets;
    private readonly List<Task> _backgroundDeliveries = [];
    private long _sequence;
    private WebApplication? _app;
    private string? _webhookUrl;
    private HttpClient? _webhookClient;
    private bool _ownsWebhookClient;

    /// <summary>The secret key the fake accepts as <c>Authorization: Bearer …</c>.</summary>
    public string ApiKey { get; init; } = "sk_test_FakeStripe" + RandomToken(16);

    /// <summary>The signing secret of the fake's one webhook endpoint (used by the checkout page and <see cref="DeliverAsync"/>).</summary>
    public string WebhookSecret { get; init; } = "whsec_" + RandomToken(32);

    /// <summary>
    /// Stripe's clock: <c>created</c> of every object, the expires_at window, expiry of sessions, the 30-day window of events,
    /// and the default webhook timestamp. Give it the app's <c>FakeTimeProvider</c> when the app runs on one.
    /// </summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>When set, the checkout page delivers its webhook this long after redirecting (as Stripe does), not before.</summary>
    public TimeSpan? WebhookDelay { get; set; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>For <c>StripeClientOptions.ApiBase</c> and the app's <c>Stripe:ApiBase</c>: no trailing slash.</summary>
    public string ApiBase => BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>The settings that point the app at this fake.</summary>
    public IReadOnlyDictionary<string, string?> AppSettings => new Dictionary<string, string?>
    {
        ["Stripe:SecretKey"] = ApiKey,
        ["Stripe:WebhookSecret"] = WebhookSecret,
        ["Stripe:ApiBase"] = ApiBase,
    };

    public static async Task<FakeStripeServer> StartAsync(string? apiKey = null, string? webhookSecret = null)
    {
        var server = new FakeStripeServer();
        server = new FakeStripeServer { ApiKey = apiKey ?? server.ApiKey, WebhookSecret = webhookSecret ?? server.WebhookSecret };
        await server.InitializeAsync();
        return server;
    }

    public async ValueTask InitializeAsync()
    {
        if (_app is not null) return;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = "FakeStripe",
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Nothing of the test host's appsettings or environment (URLs, Kestrel endpoints) may leak in.
        foreach (var source in builder.Configuration.Sources
                     .Where(s => s is FileConfigurationSource or EnvironmentVariablesConfigurationSource or CommandLineConfigurationSource).ToList())
            builder.Configuration.Sources.Remove(source);
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(DispatchAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_gate) pending = [.. _backgroundDeliveries];
        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
        if (_ownsWebhookClient) _webhookClient?.Dispose();
    }

    /// <summary>Forgets every object, event, idempotency key, request, delivery and injected failure (not the clock or webhook).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _sessions.Clear();
            _extras.Clear();
            _paymentIntents.Clear();
            _charges.Clear();
            _refunds.Clear();
            _disputes.Clear();
            _events.Clear();
            _idempotency.Clear();
            _requests.Clear();
            _deliveries.Clear();
            _failures.Clear();
            _delays.Clear();
            _signingSecrets = null;
        }
    }

    public IReadOnlyList<FakeStripeRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get { lock (_gate) return [.. _deliveries]; }
    }

    /// <summary>
    /// The first delivery that matches, waiting up to <paramref name="timeout"/> for it: a delivery is recorded once its
    /// response has been read, which is after the platform committed what the event did.
    /// </summary>
    public async Task<WebhookDelivery?> DeliveryAsync(Func<WebhookDelivery, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Deliveries.FirstOrDefault(match);
            if (found is not null || DateTime.UtcNow >= deadline) return found;
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> API requests fail before they execute, e.g. 500 <c>api_error</c> or 429 <c>rate_limit_error</c>.
    /// Such a failure is not stored under the idempotency key, so Stripe.net's automatic retry (on 409 and 5xx) can succeed.
    /// </summary>
    public void FailNext(int status = 500, string type = "api_error", string? code = null, int times = 1)
    {
        lock (_gate)
            for (var i = 0; i < times; i++)
                _failures.Enqueue(new StripeApiError(status, type, "An error occurred with our connection to Stripe (injected by the fake).", code));
    }

    /// <summary>
    /// The answers to the next <paramref name="times"/> API requests are held back for <paramref name="delay"/>: each request
    /// executes at once (a session is created, its idempotency key stored) but its caller hears of it only later, as when
    /// Stripe is slow or the network stalls. A client that gives up and retries under the same key gets the stored result.
    /// </summary>
    public void DelayNext(TimeSpan delay, int times = 1)
    {
        lock (_gate)
            for (var i = 0; i < times; i++)
                _delays.Enqueue(delay);
    }

    /// <summary>
    /// Rolls the endpoint's signing secret as the Dashboard does: with <paramref name="keepOld"/> the old secret stays
    /// valid for an overlap and every delivery carries a <c>v1</c> signature of each; without, only the new one signs.
    /// </summary>
    public void RollWebhookSecret(string next, bool keepOld)
    {
        lock (_gate) _signingSecrets = keepOld ? [next, .. SigningSecretsLocked()] : [next];
    }

    /// <summary>Ends the overlap of a roll: only the newest secret signs from now on.</summary>
    public void ExpireOldWebhookSecrets()
    {
        lock (_gate) _signingSecrets = [SigningSecretsLocked()[0]];
    }

    private List<string> SigningSecretsLocked() => _signingSecrets ?? [WebhookSecret];

    // ---- Reading the fake's state -----------------------------------------------------------------------------------

    /// <summary>The session as the API would return it now, or null.</summary>
    public JsonObject? Session(string sessionId)
    {
        lock (_gate)
        {
            ExpireDueSessions();
            return _sessions.TryGetValue(sessionId, out var s) ? (JsonObject)s.Json.DeepClone() : null;
        }
    }

    public JsonObject? PaymentIntent(string paymentIntentId)
    {
        lock (_gate) return _paymentIntents.TryGetValue(paymentIntentId, out var p) ? (JsonObject)p.Json.DeepClone() : null;
    }

    public JsonObject? Charge(string chargeId)
    {
        lock (_gate) return _charges.TryGetValue(chargeId, out var c) ? (JsonObject)c.Json.DeepClone() : null;
    }

    public int SessionCount
    {
        get { lock (_gate) return _sessions.Count; }
    }

    /// <summary>Recorded events as JSON, oldest first, optionally of one type.</summary>
    public IReadOnlyList<string> Events(string? type = null)
    {
        lock (_gate)
        {
            ExpireDueSessions();
            return _events.Values.Where(e => type is null || e.Json["type"]!.GetValue<string>() == type)
                .OrderBy(e => e.Seq).Select(e => e.Json.ToJsonString()).ToList();
        }
    }

    public string? LatestEvent(string type) => Events(type).LastOrDefault();

    // ---- Test-side controls: what the customer, the bank and the dashboard do --------------------------------------

    /// <summary>
    /// The customer pays on the hosted page. The session becomes <c>complete</c> with a PaymentIntent; with
    /// <paramref name="async"/> (a delayed method) it stays <c>unpaid</c> until <see cref="CompleteAsyncPayment"/> or
    /// <see cref="FailAsyncPayment"/>. Returns the <c>checkout.session.completed</c> event's JSON.
    /// </summary>
    public string CompletePayment(string sessionId, bool async = false, string? paymentMethod = null)
    {
        lock (_gate) return CompleteCore(sessionId, async, paymentMethod).ToJsonString();
    }

    /// <summary>The delayed payment succeeds: returns the <c>checkout.session.async_payment_succeeded</c> event's JSON.</summary>
    public string CompleteAsyncPayment(string sessionId)
    {
        lock (_gate)
        {
            var (session, intent) = RequireProcessing(sessionId);
            var charge = CreateCharge(intent, session.Json["customer_details"]?["email"]?.GetValue<string>() ?? "customer@example.com");
            intent.Json["status"] = "succeeded";
            intent.Json["amount_received"] = intent.Json["amount"]!.GetValue<long>();
            intent.Json["latest_charge"] = charge.Json["id"]!.GetValue<string>();
            session.Json["payment_status"] = "paid";
            return RecordEvent("checkout.session.async_payment_succeeded", session.Json, null, null).ToJsonString();
        }
    }

    /// <summary>The delayed payment fails: returns the <c>checkout.session.async_payment_failed</c> event's JSON.</summary>
    public string FailAsyncPayment(string sessionId)
    {
        lock (_gate)
        {
            var (session, intent) = RequireProcessing(sessionId);
            intent.Json["status"] = "requires_payment_method";
            intent.Json["last_payment_error"] = new JsonObject
            {
                ["code"] = "payment_method_provider_decline",
                ["message"] = "The payment was declined by the payment method provider.",
                ["type"] = "card_error",
            };
            return RecordEvent("checkout.session.async_payment_failed", session.Json, null, null).ToJsonString();
        }
    }

    /// <summary>The session's time runs out (or the dashboard expires it): returns the <c>checkout.session.expired</c> event's JSON.</summary>
    public string Expire(string sessionId)
    {
        lock (_gate)
        {
            var session = RequireSession(sessionId);
            var status = session.Json["status"]!.GetValue<string>();
            if (status != "open") throw new InvalidOperationException($"Checkout Session {sessionId} is {status}, not open.");
            return ExpireCore(session).ToJsonString();
        }
    }

    /// <summary>A refund made in the dashboard (no API call): returns the <c>charge.refunded</c> event's JSON.</summary>
    public string Refund(string paymentIntentId, long? amount = null)
    {
        lock (_gate)
        {
            try
            {
                var (_, chargeRefunded) = RefundCore(paymentIntentId, null, amount, null, new JsonObject(), null);
                return chargeRefunded.ToJsonString();
            }
            catch (StripeApiError e)
            {
                throw new InvalidOperationException(e.Message, e);
            }
        }
    }

    /// <summary>
    /// The card holder disputes the PaymentIntent's charge with their bank: returns the <c>charge.dispute.created</c>
    /// event's JSON. The dispute's id is the event object's <c>id</c>.
    /// </summary>
    public string Dispute(string paymentIntentId, string reason = "fraudulent")
    {
        lock (_gate)
        {
            var intent = _paymentIntents.GetValueOrDefault(paymentIntentId) ?? throw new InvalidOperationException($"No PaymentIntent {paymentIntentId}.");
            var chargeId = intent.Json["latest_charge"]?.GetValue<string>() ?? throw new InvalidOperationException($"PaymentIntent {paymentIntentId} has no charge.");
            var charge = _charges[chargeId].Json;
            charge["disputed"] = true;
            var dispute = Store(_disputes, new JsonObject
            {
                ["id"] = NewId("dp_"),
                ["object"] = "dispute",
                ["amount"] = charge["amount"]!.GetValue<long>(),
                ["balance_transactions"] = new JsonArray(),
                ["charge"] = chargeId,
                ["created"] = Now,
                ["currency"] = charge["currency"]!.GetValue<string>(),
                ["is_charge_refundable"] = false,
                ["livemode"] = false,
                ["metadata"] = new JsonObject(),
                ["payment_intent"] = paymentIntentId,
                ["reason"] = reason,
                ["status"] = "needs_response",
            });
            return RecordEvent("charge.dispute.created", dispute.Json, null, null).ToJsonString();
        }
    }

    /// <summary>The bank decides: returns the <c>charge.dispute.closed</c> event's JSON, with status <c>won</c> or <c>lost</c>.</summary>
    public string CloseDispute(string disputeId, bool won)
    {
        lock (_gate)
        {
            var dispute = _disputes.GetValueOrDefault(disputeId) ?? throw new InvalidOperationException($"No dispute {disputeId}.");
            var previous = new JsonObject { ["status"] = dispute.Json["status"]!.GetValue<string>() };
            dispute.Json["status"] = won ? "won" : "lost";
            return RecordEvent("charge.dispute.closed", dispute.Json, previous, null).ToJsonString();
        }
    }

    // ---- Webhooks --------------------------------------------------------------------------------------------------

    /// <summary><c>Stripe-Signature</c> for a payload: <c>t=…,v1=hex(HMAC-SHA256(secret, "{t}.{payload}"))</c>.</summary>
    public string SignedWebhook(string eventJson, string secret, DateTimeOffset? timestamp = null) =>
        SignatureHeader(eventJson, secret, (timestamp ?? Clock.GetUtcNow()).ToUnixTimeSeconds());

    public static string SignatureHeader(string payload, string secret, long unixTimestamp) =>
        SignatureHeader(payload, [secret], unixTimestamp);

    /// <summary>One <c>v1</c> per secret, as Stripe signs during the overlap of a rolled secret.</summary>
    public static string SignatureHeader(string payload, IEnumerable<string> secrets, long unixTimestamp)
    {
        var signed = Encoding.UTF8.GetBytes($"{unixTimestamp}.{payload}");
        return $"t={unixTimestamp}" + string.Concat(secrets.Select(secret =>
            ",v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))));
    }

    /// <summary>
    /// Where webhooks go: an absolute URL, or a path with an <paramref name="client"/> whose BaseAddress is the app
    /// (a <c>WebApplicationFactory</c> client reaches an in-memory app). The checkout page delivers there after paying.
    /// </summary>
    public void ConfigureWebhook(string url, HttpClient? client = null)
    {
        lock (_gate)
        {
            if (_ownsWebhookClient) _webhookClient?.Dispose();
            _webhookUrl = url;
            _ownsWebhookClient = client is null;
            _webhookClient = client ?? new HttpClient();
        }
    }

    /// <summary>
    /// Posts an event to the configured endpoint, signed at the clock's now with <see cref="WebhookSecret"/> (or, after
    /// <see cref="RollWebhookSecret"/>, with every secret that signs).
    /// </summary>
    public async Task<HttpStatusCode> DeliverAsync(string eventJson, CancellationToken ct = default)
    {
        string url;
        HttpClient client;
        lock (_gate)
        {
            url = _webhookUrl ?? throw new InvalidOperationException("No webhook endpoint: call ConfigureWebhook first.");
            client = _webhookClient!;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(eventJson, Encoding.UTF8, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }),
        };
        List<string> secrets;
        lock (_gate) secrets = SigningSecretsLocked();
        request.Headers.TryAddWithoutValidation("Stripe-Signature", SignatureHeader(eventJson, secrets, Clock.GetUtcNow().ToUnixTimeSeconds()));
        request.Headers.TryAddWithoutValidation("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var stripeEvent = JsonNode.Parse(eventJson)!.AsObject();
        var id = stripeEvent["id"]!.GetValue<string>();
        lock (_gate)
        {
            _deliveries.Add(new WebhookDelivery(id, stripeEvent["type"]!.GetValue<string>(), (int)response.StatusCode, body));
            if (response.IsSuccessStatusCode && _events.TryGetValue(id, out var stored)) stored.Json["pending_webhooks"] = 0;
        }
        return response.StatusCode;
    }

    private bool WebhookConfigured
    {
        get { lock (_gate) return _webhookUrl is not null; }
    }

    // ---- Plumbing --------------------------------------------------------------------------------------------------

    private sealed class Stored(JsonObject json, long seq)
    {
        public JsonObject Json { get; } = json;
        public long Seq { get; } = seq;
        public long Created => Json["created"]!.GetValue<long>();
    }

    private sealed record IdempotentResult(string Endpoint, string Fingerprint, int Status, string Body);

    private long Now => Clock.GetUtcNow().ToUnixTimeSeconds();

    private Stored Store(Dictionary<string, Stored> table, JsonObject json)
    {
        var stored = new Stored(json, ++_sequence);
        table[json["id"]!.GetValue<string>()] = stored;
        return stored;
    }

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static string RandomToken(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    private static string NewId(string prefix) => prefix + RandomToken(24);

    private async Task DispatchAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        if (path.StartsWith("/v1/", StringComparison.Ordinal)) await ApiAsync(http, path);
        else if (path.StartsWith("/checkout/", StringComparison.Ordinal)) await CheckoutPageAsync(http, path);
        else
        {
            http.Response.StatusCode = 404;
            await http.Response.WriteAsync("FakeStripe: nothing here.");
        }
    }

    private async Task ApiAsync(HttpContext http, string path)
    {
        var method = http.Request.Method;
        var requestId = NewId("req_");
        var stripeVersion = http.Request.Headers["Stripe-Version"].FirstOrDefault();
        var idempotencyKey = http.Request.Headers["Idempotency-Key"].FirstOrDefault();
        var replayed = false;
        List<KeyValuePair<string, string>> pairs = [];
        int status;
        JsonNode body;
        try
        {
            string? raw;
            if (HttpMethods.IsPost(method))
            {
                raw = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync(http.RequestAborted);
                var contentType = http.Request.ContentType ?? "";
                if (raw.Length > 0 && !contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
                    throw StripeApiError.Invalid($"Invalid request: the body must be application/x-www-form-urlencoded, not {contentType}.");
            }
            else raw = http.Request.QueryString.Value;
            pairs = StripeForm.ParsePairs(raw);

            lock (_gate)
            {
                Authenticate(http.Request.Headers.Authorization.FirstOrDefault());
                if (_failures.TryDequeue(out var failure)) throw failure;
                ExpireDueSessions();
                var endpoint = $"{method} {path}";
                var fingerprint = string.Join('&', pairs.Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal));
                // Stripe ignores idempotency keys on GET and DELETE.
                var idempotent = HttpMethods.IsPost(method) && !string.IsNullOrEmpty(idempotencyKey);
                if (idempotent && _idempotency.TryGetValue(idempotencyKey!, out var earlier))
                {
                    if (earlier.Endpoint != endpoint)
                        throw new StripeApiError(400, "idempotency_error", $"Keys for idempotent requests can only be used for the same endpoint they were first used for ('{earlier.Endpoint}' vs '{endpoint}'). Try using a key other than '{idempotencyKey}' if you meant to execute a different request.");
                    if (earlier.Fingerprint != fingerprint)
                        throw new StripeApiError(400, "idempotency_error", $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{idempotencyKey}' if you meant to execute a different request.");
                    status = earlier.Status;
                    body = JsonNode.Parse(earlier.Body)!;
                    replayed = true;
                }
                else
                {
                    var context = new ApiRequest(method, path, StripeForm.ToTree(pairs), requestId, idempotent ? idempotencyKey : null);
                    body = Route(context);
                    status = 200;
                    // Stripe stores the result of a request that executed; a request refused by validation can be retried with the same key.
                    if (idempotent) _idempotency[idempotencyKey!] = new IdempotentResult(endpoint, fingerprint, status, body.ToJsonString());
                }
            }
        }
        catch (StripeApiError e)
        {
            status = e.Status;
            body = e.ToJson();
            if (e.Status is 401) http.Response.Headers.WWWAuthenticate = "Bearer realm=\"Stripe\"";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault of the fake itself: Stripe's shape for its own errors, with the cause for the test's failure message.
            status = 500;
            body = new StripeApiError(500, "api_error", $"FakeStripe failed: {e}").ToJson();
        }

        TimeSpan? delay = null;
        lock (_gate)
        {
            _requests.Add(new FakeStripeRequest(method, path, pairs, idempotencyKey, stripeVersion, status, replayed));
            if (_delays.TryDequeue(out var held)) delay = held;
        }
        if (delay is { } wait)
        {
            try { await Task.Delay(wait, http.RequestAborted); }
            catch (OperationCanceledException) { return; } // the client gave up waiting
        }
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.Headers["Request-Id"] = requestId;
        http.Response.Headers["Stripe-Version"] = stripeVersion ?? Stripe.StripeConfiguration.ApiVersion;
        if (status >= 400 && status < 500 && status != 409) http.Response.Headers["Stripe-Should-Retry"] = "false";
        if (HttpMethods.IsPost(method) && idempotencyKey is not null) http.Response.Headers["Idempotency-Key"] = idempotencyKey;
        if (replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    private void Authenticate(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
            throw new StripeApiError(401, "invalid_request_error",
                "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.");
        var key = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : "";
        if (key != ApiKey)
        {
            var shown = key.Length > 4 ? $"{key[..Math.Min(8, key.Length - 4)]}********{key[^4..]}" : "****";
            throw new StripeApiError(401, "invalid_request_error", $"Invalid API Key provided: {shown}");
        }
    }

    private sealed record ApiRequest(string Method, string Path, JsonObject Params, string RequestId, string? IdempotencyKey);
}
