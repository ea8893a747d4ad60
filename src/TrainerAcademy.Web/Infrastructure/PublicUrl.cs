namespace TrainerAcademy.Infrastructure;

/// <summary>
/// The address people reach the platform at, for links in e-mails, documents and Stripe's return addresses:
/// App:PublicBaseUrl when set (production), else the current request's own scheme and host (development, tests).
/// Outside a request it needs App:PublicBaseUrl.
/// </summary>
public sealed class PublicUrl(IConfiguration config, IHttpContextAccessor http)
{
    public string Base =>
        config["App:PublicBaseUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/')
        : http.HttpContext?.Request is { } request ? $"{request.Scheme}://{request.Host}"
        : throw new InvalidOperationException("Set App:PublicBaseUrl: there is no request to take the platform's address from.");
}
