namespace TrainerAcademy.Infrastructure;

/// <summary>
/// The address people reach the platform at, for links in e-mails and Stripe's return addresses:
/// App:PublicBaseUrl when set (production), else the request's own scheme and host (development, tests).
/// </summary>
public static class PublicUrl
{
    public static string Base(HttpContext context) =>
        context.RequestServices.GetRequiredService<IConfiguration>()["App:PublicBaseUrl"] is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host}";
}
