using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace TrainerAcademy.Tests.Security;

/// <summary>
/// The app behind one trusted reverse proxy (10.0.0.5), on a clock that moves only when a test moves it. The test server
/// has no TCP connection, so a test names the connection's peer address with <see cref="PeerHeader"/>.
/// </summary>
public interface ISecurityFactory
{
    public const string PeerHeader = "X-Test-Peer";
    public const string TrustedProxy = "10.0.0.5";

    /// <summary>Sets the connection's remote address from <see cref="PeerHeader"/>, before any of the app's middleware.</summary>
    public static void AddPeerAddress(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerAddressFilter>());

    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext http, RequestDelegate inner) =>
            {
                if (http.Request.Headers.Remove(PeerHeader, out var peer)) http.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                return inner(http);
            });
            next(app);
        };
    }
}

public sealed class SqliteSecurityFactory : SqliteAcademyFactory, ISecurityFactory
{
    protected override bool UsesFakeClock => true;

    protected override void AddSettings(IDictionary<string, string?> settings) => settings["App:TrustedProxies"] = ISecurityFactory.TrustedProxy;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ISecurityFactory.AddPeerAddress(builder);
    }
}

/// <inheritdoc cref="SqliteSecurityFactory"/>
public sealed class PostgresSecurityFactory : PostgresAcademyFactory, ISecurityFactory
{
    protected override bool UsesFakeClock => true;

    protected override void AddSettings(IDictionary<string, string?> settings) => settings["App:TrustedProxies"] = ISecurityFactory.TrustedProxy;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ISecurityFactory.AddPeerAddress(builder);
    }
}

public static class SecurityFactoryExtensions
{
    public const string PublicBaseUrl = "https://academy.example.org";

    /// <summary>The same app and database as a production install runs them: Production, with its public address.</summary>
    public static WebApplicationFactory<Program> AsProduction(this AcademyFactory factory, string? publicBaseUrl = PublicBaseUrl) =>
        factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            if (publicBaseUrl is not null) b.UseSetting("App:PublicBaseUrl", publicBaseUrl);
        });

    public static HttpClient ClientAt(this WebApplicationFactory<Program> app, string baseAddress, bool cookies = false)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = cookies });
        client.BaseAddress = new Uri(baseAddress);
        return client;
    }
}
