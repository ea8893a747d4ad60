using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.Extensions.Options;

namespace TrainerAcademy.Infrastructure;

/// <summary>
/// What the platform trusts of a request and what it tells browsers: the public address (<c>App:PublicBaseUrl</c>),
/// the hosts it answers (<c>AllowedHosts</c>), the proxies whose X-Forwarded-For/Proto it believes
/// (<c>App:TrustedProxies</c>), and the security headers of every response.
/// </summary>
public static class WebSecurity
{
    /// <summary>Development and Testing may run without a public address; links then follow the request.</summary>
    public static bool IsLocal(this IHostEnvironment env) => env.IsDevelopment() || env.IsEnvironment("Testing");

    public static IServiceCollection AddWebSecurity(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        services.AddOptions<PublicAddressOptions>()
            .Bind(config.GetSection("App"))
            .Validate(o => env.IsLocal() || PublicAddressOptions.IsAbsoluteHttps(o.PublicBaseUrl), PublicAddressOptions.Required)
            .ValidateOnStart();

        // Host filtering is on in every host (WebApplication adds it); "*" is only good enough where nobody else connects.
        services.PostConfigure<HostFilteringOptions>(o =>
        {
            if (env.IsLocal()) return;
            var configured = (config["AllowedHosts"] ?? "")
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(h => h != "*");
            var publicHost = PublicAddressOptions.IsAbsoluteHttps(config["App:PublicBaseUrl"])
                ? [new Uri(config["App:PublicBaseUrl"]!).Authority]
                : Array.Empty<string>();
            o.AllowedHosts = publicHost.Concat(configured).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        });

        // PostConfigure, so that ASPNETCORE_FORWARDEDHEADERS_ENABLED (which trusts every sender) cannot widen the list.
        var trusted = TrustedProxies(config);
        services.PostConfigure<ForwardedHeadersOptions>(o =>
        {
            // With both lists empty the middleware checks no sender at all and believes everyone: read nothing then.
            o.ForwardedHeaders = trusted.Count == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var network in trusted) o.KnownIPNetworks.Add(network);
            // Every trusted hop is unwrapped, right to left, up to the first address that is not a trusted proxy.
            o.ForwardLimit = null;
        });

        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
        return services;
    }

    /// <summary><c>App:TrustedProxies</c>: addresses or CIDR ranges, as an array or separated by ';' or ','. None by default.</summary>
    public static IReadOnlyList<IPNetwork> TrustedProxies(IConfiguration config)
    {
        var section = config.GetSection("App:TrustedProxies");
        var entries = section.Value is { } single
            ? single.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0).ToArray();
        return entries.Select(e =>
        {
            if (e.Contains('/')) return IPNetwork.TryParse(e, out var network) ? network : throw Bad(e);
            return IPAddress.TryParse(e, out var address)
                ? new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
                : throw Bad(e);
        }).ToList();

        static InvalidOperationException Bad(string entry) =>
            new($"App:TrustedProxies: '{entry}' is neither an IP address nor a CIDR range (e.g. 10.0.0.5 or 10.0.0.0/24).");
    }

    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        // First: everything after it (rate limits, logs, the https scheme of cookies and HSTS) sees the real client.
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        return app;
    }
}

public sealed class PublicAddressOptions
{
    public const string Required =
        "App:PublicBaseUrl must be the absolute https address people reach the platform at (e.g. https://academy.example.org). " +
        "Outside Development and Testing it is required, so that no password-reset or confirmation link is built from a request's Host header.";

    public string? PublicBaseUrl { get; set; }

    public static bool IsAbsoluteHttps(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}

/// <summary>
/// The security headers of every response, set when the response starts, so that error pages, problem documents,
/// static files and re-executed status pages carry them too.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>
    /// Our pages load script only from our own files (no inline script or handler). Inline style attributes stay
    /// allowed: bars are sized by the data they show, and the outbox shows e-mails with their own styles; CSS cannot run script.
    /// No form-action: checkout posts to us and is redirected to Stripe's own page, which form-action would block.
    /// </summary>
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference (Scalar) and the job dashboard (Hangfire) are third-party pages that start themselves with inline
    /// script; they get it, and nothing else more than our pages.
    /// </summary>
    public const string ThirdPartyPagePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    public Task InvokeAsync(HttpContext context)
    {
        var thirdParty = context.Request.Path.StartsWithSegments("/api-docs") || context.Request.Path.StartsWithSegments("/jobs");
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            // A PDF runs no script of ours, and Chromium shows it through an embedded viewer that object-src 'none' would block.
            if (context.Response.ContentType?.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase) != true)
                headers.ContentSecurityPolicy = thirdParty ? ThirdPartyPagePolicy : Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
