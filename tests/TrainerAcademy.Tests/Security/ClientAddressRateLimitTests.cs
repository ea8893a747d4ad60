namespace TrainerAcademy.Tests.Security;

/// <summary>
/// Sign-in attempts are limited per client: behind the trusted proxy (App:TrustedProxies) the client is the address the
/// proxy forwards; anyone else is their connection's address, whatever X-Forwarded-For they send.
/// </summary>
public sealed class ClientAddressRateLimitTests(SqliteSecurityFactory factory) : IClassFixture<SqliteSecurityFactory>
{
    private const int Permits = 3;

    private static async Task<HttpStatusCode> AttemptAsync(HttpClient client, string peer, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent(new { email = TestData.Email("limit"), password = "wrong password" }),
        };
        request.Headers.Add(ISecurityFactory.PeerHeader, peer);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, TestHttp.Json), System.Text.Encoding.UTF8, "application/json");

    private HttpClient LimitedClient(out IAsyncDisposable app)
    {
        var limited = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:AuthPermitsPerMinute", Permits.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        app = limited;
        return limited.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
    }

    [Fact]
    public async Task Certificate_verification_is_limited_per_client_and_the_limit_answers_429()
    {
        await using var limited = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:VerifyPermitsPerMinute", Permits.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var client = limited.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        async Task<HttpStatusCode> VerifyAsync(string forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/verify/S000031000001264000001.k1.abc");
            request.Headers.Add(ISecurityFactory.PeerHeader, ISecurityFactory.TrustedProxy);
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        for (var i = 0; i < Permits; i++) Assert.Equal(HttpStatusCode.NotFound, await VerifyAsync("198.51.100.31"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await VerifyAsync("198.51.100.31"));
        Assert.Equal(HttpStatusCode.NotFound, await VerifyAsync("198.51.100.32"));
    }

    [Fact]
    public async Task Behind_the_trusted_proxy_each_forwarded_client_has_its_own_limit()
    {
        var client = LimitedClient(out var app);
        await using var _ = app;

        for (var i = 0; i < Permits; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await AttemptAsync(client, ISecurityFactory.TrustedProxy, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await AttemptAsync(client, ISecurityFactory.TrustedProxy, "198.51.100.1"));

        // Another client behind the same proxy is not held back by the first.
        Assert.Equal(HttpStatusCode.Unauthorized, await AttemptAsync(client, ISecurityFactory.TrustedProxy, "198.51.100.2"));
    }

    [Fact]
    public async Task Behind_the_trusted_proxy_a_client_cannot_dodge_its_limit_with_an_x_forwarded_for_of_its_own()
    {
        var client = LimitedClient(out var app);
        await using var _ = app;

        // The proxy appends the address it saw to whatever the client sent: only that last entry is believed.
        for (var i = 0; i < Permits; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await AttemptAsync(client, ISecurityFactory.TrustedProxy, $"192.0.2.{i + 1}, 198.51.100.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await AttemptAsync(client, ISecurityFactory.TrustedProxy, "192.0.2.99, 198.51.100.7"));
    }

    [Fact]
    public async Task A_client_not_behind_a_trusted_proxy_cannot_choose_its_bucket_with_x_forwarded_for()
    {
        var client = LimitedClient(out var app);
        await using var _ = app;

        for (var i = 0; i < Permits; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await AttemptAsync(client, "203.0.113.9", $"198.51.100.{i + 20}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await AttemptAsync(client, "203.0.113.9", "198.51.100.99"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await AttemptAsync(client, "203.0.113.9", null));
        // Its neighbour at another address still gets in.
        Assert.Equal(HttpStatusCode.Unauthorized, await AttemptAsync(client, "203.0.113.10", null));
    }

    [Fact]
    public async Task Without_trusted_proxies_no_forwarded_address_is_believed_from_anyone()
    {
        await using var app = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("App:TrustedProxies", "");
            b.UseSetting("RateLimits:AuthPermitsPerMinute", Permits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

        for (var i = 0; i < Permits; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await AttemptAsync(client, ISecurityFactory.TrustedProxy, $"198.51.100.{i + 40}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await AttemptAsync(client, ISecurityFactory.TrustedProxy, "198.51.100.49"));
        // The limit is the connection's: another connection is counted apart.
        Assert.Equal(HttpStatusCode.Unauthorized, await AttemptAsync(client, "203.0.113.20", "198.51.100.49"));
    }

    [Fact]
    public async Task The_https_scheme_is_believed_only_from_the_trusted_proxy()
    {
        var client = factory.CreateApiClient();
        client.BaseAddress = new Uri("http://academy.test");

        Assert.True(await SeenAsHttpsAsync(client, ISecurityFactory.TrustedProxy));
        Assert.False(await SeenAsHttpsAsync(client, "203.0.113.9"));
    }

    /// <summary>Whether the app took the request for https: only https responses carry Strict-Transport-Security.</summary>
    private static async Task<bool> SeenAsHttpsAsync(HttpClient client, string peer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add(ISecurityFactory.PeerHeader, peer);
        request.Headers.Add("X-Forwarded-For", "198.51.100.50");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.Contains("Strict-Transport-Security");
    }
}
