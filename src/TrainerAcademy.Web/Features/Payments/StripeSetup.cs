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
                Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds),
            };
            return new StripeClient(new StripeClientOptions
            {
                ApiKey = o.IsConfigured ? o.SecretKey!.Trim() : null,
                ApiBase = string.IsNullOrWhiteSpace(o.ApiBase) ? null : o.ApiBase.TrimEnd('/'),
                HttpClient = new TimeoutAsStripeError(new SystemNetHttpClient(http, o.MaxNetworkRetries, enableTelemetry: false)),
            });
        });
        services.AddSingleton<IStripeClient>(sp => sp.GetRequiredService<StripeClient>());
        services.AddSingleton<StripeGateway>();
        return services;
    }
}

/// <summary>
/// Stripe.net gives up on a request that got no answer within Stripe:TimeoutSeconds (after its retries) by letting the
/// HttpClient's cancellation through. Unless the caller cancelled, that is Stripe not answering: a
/// <see cref="StripeException"/> like any other failure of the payment provider (a 502 problem, a form error).
/// </summary>
internal sealed class TimeoutAsStripeError(IHttpClient inner) : IHttpClient
{
    public async Task<StripeResponse> MakeRequestAsync(StripeRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.MakeRequestAsync(request, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unanswered(request);
        }
    }

    public async Task<StripeStreamedResponse> MakeStreamingRequestAsync(StripeRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.MakeStreamingRequestAsync(request, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unanswered(request);
        }
    }

    private static StripeException Unanswered(StripeRequest request) =>
        new(System.Net.HttpStatusCode.GatewayTimeout, new StripeError { Type = "api_connection_error", Code = "timeout" },
            $"Stripe did not answer {request.Method} {request.Uri.AbsolutePath} in time.");
}
