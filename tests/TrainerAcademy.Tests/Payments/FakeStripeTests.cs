using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stripe;
using TrainerAcademy.Features.Payments;
using TrainerAcademy.Tests.Infrastructure.FakeStripe;

namespace TrainerAcademy.Tests.Payments;

/// <summary>The fake answers raw HTTP as Stripe does: keys, errors, idempotency, paging, and the hosted page.</summary>
public sealed class FakeStripeTests : IClassFixture<FakeStripeServer>, IDisposable
{
    private readonly FakeStripeServer _stripe;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http;

    public FakeStripeTests(FakeStripeServer stripe)
    {
        _stripe = stripe;
        _stripe.Reset();
        _stripe.Clock = _clock;
        _http = new HttpClient { BaseAddress = _stripe.BaseAddress };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _stripe.ApiKey);
    }

    public void Dispose() => _http.Dispose();

    private static string Form(params (string Key, string Value)[] pairs) =>
        string.Join('&', pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    private string SessionForm(int enrollmentId = 7, long fen = 260000, string methodsKey = "allowed_payment_method_types") => Form(
        ("mode", "payment"),
        ("line_items[0][price_data][currency]", "cny"),
        ("line_items[0][price_data][unit_amount]", fen.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("line_items[0][price_data][product_data][name]", "人工智能训练师（三级）"),
        ("line_items[0][quantity]", "1"),
        ($"{methodsKey}[0]", "card"),
        ("metadata[enrollment_id]", enrollmentId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("success_url", "https://academy.test/paid?session={CHECKOUT_SESSION_ID}"),
        ("cancel_url", "https://academy.test/cancelled"),
        ("expires_at", _clock.GetUtcNow().AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(string path, string form, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded") };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await _http.SendAsync(request);
        return (response, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync(pathAndQuery);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task A_request_without_the_secret_key_is_401_in_Stripes_error_shape()
    {
        using var anonymous = new HttpClient { BaseAddress = _stripe.BaseAddress };

        using var response = await anonymous.GetAsync("/v1/events");
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("You did not provide an API key", error.GetProperty("message").GetString());
        Assert.True(response.Headers.Contains("Request-Id"));
    }

    [Fact]
    public async Task A_session_is_created_from_Stripes_form_encoding_and_answered_in_its_json_shape()
    {
        var (response, session) = await PostAsync("/v1/checkout/sessions", SessionForm());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("checkout.session", session.GetProperty("object").GetString());
        Assert.StartsWith("cs_test_", session.GetProperty("id").GetString());
        Assert.Equal(260000, session.GetProperty("amount_total").GetInt64());
        Assert.Equal("7", session.GetProperty("metadata").GetProperty("enrollment_id").GetString());
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds(), session.GetProperty("created").GetInt64());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("payment_intent").ValueKind);
        Assert.Equal("card", session.GetProperty("payment_method_types")[0].GetString());
    }

    [Fact]
    public async Task Payment_method_types_is_refused_as_the_pinned_api_version_removed_it()
    {
        var (response, body) = await PostAsync("/v1/checkout/sessions", SessionForm(methodsKey: "payment_method_types"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = body.GetProperty("error");
        Assert.Equal(("parameter_unknown", "payment_method_types"), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
        Assert.Equal("Received unknown parameter: payment_method_types", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("line_items[0][price_data][unit_amount]", "abc", "line_items[0][price_data][unit_amount]")]
    [InlineData("expires_at", "100", "expires_at")]
    [InlineData("success_url", "not a url", "success_url")]
    [InlineData("mode", "rent", "mode")]
    public async Task Invalid_parameters_are_400_naming_the_parameter(string key, string value, string param)
    {
        var form = SessionForm() + "&" + Form((key, value));

        var (response, body) = await PostAsync("/v1/checkout/sessions", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, body.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(0, _stripe.SessionCount);
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_answer_and_refuses_other_parameters()
    {
        var (first, created) = await PostAsync("/v1/checkout/sessions", SessionForm(), "key-1");
        var (second, replayed) = await PostAsync("/v1/checkout/sessions", SessionForm(), "key-1");
        var (third, refused) = await PostAsync("/v1/checkout/sessions", SessionForm(fen: 100), "key-1");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(created.GetRawText(), replayed.GetRawText());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.BadRequest, third.StatusCode);
        Assert.Equal("idempotency_error", refused.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(1, _stripe.SessionCount);
    }

    [Fact]
    public async Task Lists_page_newest_first_with_limit_starting_after_ending_before_and_created()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (_, session) = await PostAsync("/v1/checkout/sessions", SessionForm(enrollmentId: i));
            ids.Add(session.GetProperty("id").GetString()!);
            _clock.Advance(TimeSpan.FromSeconds(10));
        }
        ids.Reverse();

        var (_, first) = await GetAsync("/v1/checkout/sessions?limit=2");
        var (_, next) = await GetAsync($"/v1/checkout/sessions?limit=2&starting_after={ids[1]}");
        var (_, back) = await GetAsync($"/v1/checkout/sessions?limit=2&ending_before={ids[4]}");
        var created = _clock.GetUtcNow().AddSeconds(-30).ToUnixTimeSeconds();
        var (_, recent) = await GetAsync($"/v1/checkout/sessions?created%5Bgte%5D={created}");
        var (tooMany, error) = await GetAsync("/v1/checkout/sessions?limit=101");

        string[] Ids(JsonElement list) => [.. list.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];
        Assert.Equal(("list", true, "/v1/checkout/sessions"),
            (first.GetProperty("object").GetString(), first.GetProperty("has_more").GetBoolean(), first.GetProperty("url").GetString()));
        Assert.Equal(ids[..2], Ids(first));
        Assert.Equal(ids[2..4], Ids(next));
        Assert.Equal(ids[2..4], Ids(back));
        Assert.True(back.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[..3], Ids(recent));
        Assert.False(recent.GetProperty("has_more").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany);
        Assert.Equal("limit", error.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task An_unknown_url_is_404_in_Stripes_error_shape()
    {
        var (status, body) = await GetAsync("/v1/customers");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.StartsWith("Unrecognized request URL (GET: /v1/customers)", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_hosted_page_takes_the_payment_delivers_the_signed_webhook_and_returns_to_success_url()
    {
        var app = new RecordingHandler();
        _stripe.ConfigureWebhook("/api/payments/stripe/webhook", new HttpClient(app) { BaseAddress = new Uri("http://academy.test") });
        var (_, session) = await PostAsync("/v1/checkout/sessions", SessionForm());
        var id = session.GetProperty("id").GetString()!;
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var page = await browser.GetStringAsync(session.GetProperty("url").GetString());
        using var pay = await browser.PostAsync(new Uri(_stripe.BaseAddress, $"checkout/{id}/pay"),
            new FormUrlEncodedContent([new("payment_method", "card")]));
        using var payAgain = await browser.PostAsync(new Uri(_stripe.BaseAddress, $"checkout/{id}/pay"), new FormUrlEncodedContent([]));
        var ended = await browser.GetStringAsync(new Uri(_stripe.BaseAddress, $"checkout/{id}"));

        Assert.Contains("¥2,600.00", page);
        Assert.Contains("人工智能训练师（三级）", page);
        Assert.Contains("id=\"pay\"", page);
        Assert.Equal(HttpStatusCode.SeeOther, pay.StatusCode);
        Assert.Equal($"https://academy.test/paid?session={id}", pay.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, payAgain.StatusCode);
        Assert.Contains("data-status=\"complete\"", ended);

        var (path, signature, body) = Assert.Single(app.Received);
        Assert.Equal("/api/payments/stripe/webhook", path);
        using var services = new ServiceCollection()
            .Configure<StripeOptions>(o => (o.SecretKey, o.WebhookSecret) = (_stripe.ApiKey, _stripe.WebhookSecret))
            .BuildServiceProvider();
        var gateway = new StripeGateway(new StripeClient(_stripe.ApiKey), services.GetRequiredService<IOptionsMonitor<StripeOptions>>(), _clock);
        var facts = StripeGateway.ReadCheckout(gateway.ParseWebhook(body, signature));
        Assert.Equal((id, 7, "paid"), (facts.SessionId, facts.EnrollmentId, facts.PaymentStatus));
        var delivery = Assert.Single(_stripe.Deliveries);
        Assert.Equal(("checkout.session.completed", 200), (delivery.EventType, delivery.StatusCode));
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<(string Path, string Signature, string Body)> Received { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Received.Add((request.RequestUri!.AbsolutePath, request.Headers.GetValues("Stripe-Signature").Single(),
                await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
