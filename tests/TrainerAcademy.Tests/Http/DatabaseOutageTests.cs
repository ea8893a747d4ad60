using System.Net.Sockets;
using Npgsql;

namespace TrainerAcademy.Tests.Http;

/// <summary>
/// The database goes away under a running app: the app reaches PostgreSQL through a TCP relay that the test shuts,
/// so every new connection is refused and every pooled one is cut, as when the server stops. APIs answer a 503
/// problem document with Retry-After, pages a 503 page, never a 500.
/// </summary>
public sealed class DatabaseOutageTests : IClassFixture<DatabaseOutageTests.RelayedPostgresFactory>
{
    private readonly RelayedPostgresFactory factory;

    public DatabaseOutageTests(RelayedPostgresFactory factory)
    {
        TestPostgres.Require();
        this.factory = factory;
    }

    public sealed class RelayedPostgresFactory : PostgresAcademyFactory
    {
        public TcpRelay? Relay { get; private set; }

        protected override async Task<string> CreateDatabaseAsync()
        {
            var direct = new NpgsqlConnectionStringBuilder(await base.CreateDatabaseAsync());
            Relay = TcpRelay.Start(direct.Host!, direct.Port);
            direct.Host = "127.0.0.1";
            direct.Port = Relay.Port;
            direct.Timeout = 3;
            return direct.ConnectionString;
        }

        public override async ValueTask DisposeAsync()
        {
            Relay?.Dispose();
            await base.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_the_database_unreachable_APIs_answer_503_with_Retry_After_and_pages_a_503_page()
    {
        await factory.WorldAsync();
        var api = factory.CreateApiClient();
        var browser = factory.CreateBrowserClient();
        (await api.GetAsync("/api/courses")).EnsureSuccessStatusCode();
        await (await api.GetAsync("/healthz/ready")).ExpectJsonAsync(HttpStatusCode.OK);

        factory.Relay!.Dispose();
        NpgsqlConnection.ClearAllPools();

        var response = await api.GetAsync("/api/courses");
        var problem = await response.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("database-unavailable", problem.GetProperty("code").GetString());
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);

        var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(page.Headers.RetryAfter);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"outage\"", html);
        Assert.Contains("服务暂时不可用", html);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.GetAsync("/healthz")).StatusCode);
        // Not ready (database and job storage both unreachable), but live: the process is not restarted for the database's sake.
        var ready = await (await api.GetAsync("/healthz/ready")).ExpectJsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", ready.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Unhealthy", ready.GetProperty("checks").GetProperty("job-storage").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/healthz/live")).StatusCode);
    }
}

/// <summary>
/// Relays TCP connections from a local port to a server until disposed; <see cref="Shut"/> (or disposing) refuses new ones
/// and cuts the open ones, as when the server stops; <see cref="Open"/> listens on the same port again, as when it is back.
/// </summary>
public sealed class TcpRelay : IDisposable
{
    private readonly string _host;
    private readonly int _serverPort;
    private readonly List<TcpClient> _open = [];
    private TcpListener _listener;
    private CancellationTokenSource _stop = new();
    private bool _disposed;

    private TcpRelay(string host, int serverPort, TcpListener listener)
    {
        _host = host;
        _serverPort = serverPort;
        _listener = listener;
    }

    public int Port { get; private set; }

    public static TcpRelay Start(string host, int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var relay = new TcpRelay(host, port, listener) { Port = ((IPEndPoint)listener.LocalEndpoint).Port };
        _ = relay.AcceptAsync(listener, relay._stop.Token);
        return relay;
    }

    /// <summary>Listens on the same port again after <see cref="Shut"/>.</summary>
    public void Open()
    {
        if (_disposed || !_stop.IsCancellationRequested) return;
        _stop = new CancellationTokenSource();
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener, _stop.Token);
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(_host, _serverPort, stop);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }
            lock (_open) _open.AddRange([inbound, outbound]);
            _ = PumpAsync(inbound.GetStream(), outbound.GetStream(), stop);
            _ = PumpAsync(outbound.GetStream(), inbound.GetStream(), stop);
        }
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken stop)
    {
        try
        {
            await from.CopyToAsync(to, stop);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    /// <summary>Refuses new connections and cuts the open ones.</summary>
    public void Shut()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _listener.Stop();
        lock (_open)
        {
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Shut();
    }
}
