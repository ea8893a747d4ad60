using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.Certificates;

/// <summary>The public verify page a certificate's QR code opens (/verify/{code}); anonymous and rate limited.</summary>
[EnableRateLimiting(AuthSetup.VerifyRateLimit)]
public sealed class VerifyModel(VerifyCertificate verify) : PageModel
{
    public Verification Result { get; private set; } = Verification.NotFound;

    public string? Code { get; private set; }

    public async Task OnGetAsync(string? code, CancellationToken ct)
    {
        Code = code;
        Result = await verify.VerifyAsync(code, ct);
        if (!Result.Found) Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
