using Microsoft.Extensions.Options;
using Stripe;

namespace TrainerAcademy.Features.Payments;

public static class StripeSetup
{
    /// <summary>
    /// Binds "Stripe", and registers one <see cref="StripeClient"/> (also as <see cref="IStripeClient"/>) and the
    /// <see cref="StripeGateway"/>. Without a secret key the client still resolves; the gateway refuses calls and
    /// <see cref="StripeGateway.IsConfigured"/> tells the pages to say that online payment is off.
    /// </summary>
    public static IServiceCollection AddStripePayments(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<StripeOptions>()
            .Bind(config.GetSection(StripeOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.ApiBase) || Uri.TryCreate(o.ApiBase, UriKind.Absolute, out _),
                "Stripe:ApiBase must be an absolute URL.")
            .ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StripeOptions>>().Value;
            // Its own HttpClient: pooled connections are renewed, so a change of Stripe's addresses is picked up.
            var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                Timeout = SystemNetHttpClient.DefaultHttpTimeout,
            };
            return new StripeClient(new StripeClientOptions
            {
                ApiKey = o.IsConfigured ? o.SecretKey!.Trim() : null,
                ApiBase = string.IsNullOrWhiteSpace(o.ApiBase) ? null : o.ApiBase.TrimEnd('/'),
                HttpClient = new SystemNetHttpClient(http, o.MaxNetworkRetries, enableTelemetry: false),
            });
        });
        services.AddSingleton<IStripeClient>(sp => sp.GetRequiredService<StripeClient>());
        services.AddSingleton<StripeGateway>();
        return services;
    }
}
