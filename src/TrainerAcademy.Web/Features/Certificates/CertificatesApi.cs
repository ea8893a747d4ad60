using Microsoft.AspNetCore.Http.HttpResults;
using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.Certificates;

public static class CertificatesApi
{
    public const string KeysPath = "/.well-known/trainer-academy/keys.json";

    public static void MapCertificatesApi(this RouteGroupBuilder api)
    {
        var tags = new[] { "Certificates" };
        var certificates = api.MapGroup("/certificates").WithTags(tags);
        certificates.MapGet("", (CertificateQueries q, CancellationToken ct) => q.MineAsync(ct))
            .RequireAuthorization()
            .WithSummary("The signed-in learner's certificates, newest first");
        certificates.MapGet("/register", async (string? format, int? sessionId, DateOnly? from, DateOnly? to, CertificateRegister.Handler h, CancellationToken ct) =>
            {
                var query = new CertificateRegister.Query(sessionId, from, to);
                var name = sessionId is { } s ? $"certificates-session-{s}" : "certificates";
                return format?.ToLowerInvariant() switch
                {
                    null or "" or "xlsx" => Results.File(await h.XlsxAsync(query, ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx"),
                    "csv" => Results.File(await h.CsvAsync(query, ct), "text/csv; charset=utf-8", name + ".csv"),
                    _ => TypedResults.Problem(title: "Unknown format", detail: "format is xlsx or csv.", statusCode: StatusCodes.Status400BadRequest),
                };
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("The register of issued certificates as Excel (format=xlsx, the default) or CSV (format=csv), of one session or of issue dates from/to: number, name, ID, occupation, level, organisation, date, status and reason, the verification code")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        certificates.MapGet("/{id:int}", (int id, CertificateQueries q, CancellationToken ct) => q.OneAsync(id, ct))
            .RequireAuthorization()
            .WithSummary("A certificate, for its holder and admins: the signed facts, the status and the verification code and address")
            .ProducesProblem(StatusCodes.Status404NotFound);
        certificates.MapGet("/{id:int}/pdf", async (int id, CertificateQueries q, CancellationToken ct) =>
            {
                var (name, pdf) = await q.PdfAsync(id, ct);
                return TypedResults.File(pdf, "application/pdf", name);
            })
            .RequireAuthorization()
            .WithSummary("The certificate's PDF as it was issued (its SHA-256 is on the certificate), for its holder and admins")
            .ProducesProblem(StatusCodes.Status404NotFound);
        certificates.MapGet("/{id:int}/badge", async (int id, CertificateCredential credential, CancellationToken ct) =>
                Results.Text(await credential.JwtAsync(id, ct), CertificateCredential.MediaType))
            .RequireAuthorization()
            .WithSummary("The certificate as an Open Badges 3.0 credential for a wallet (VC-JWT, application/vc+jwt), signed ES256 with the certificate key; for its holder and admins")
            .ProducesProblem(StatusCodes.Status404NotFound);
        certificates.MapPost("/{id:int}/revoke", (int id, RevokeCertificate.Command command, RevokeCertificate.Handler h, CancellationToken ct) => h.RevokeAsync(id, command, ct))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Revoke a valid certificate with a reason; verification shows it at once")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        certificates.MapPost("/{id:int}/reissue", (int id, RevokeCertificate.Command command, RevokeCertificate.Handler h, CancellationToken ct) => h.ReissueAsync(id, command, ct))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Re-issue a valid certificate with the holder's current facts (a corrected name): a new number and PDF; the old one verifies as superseded")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var photo = api.MapGroup("/me/photo").WithTags(tags).RequireAuthorization();
        photo.MapPut("", (IFormFile? file, CertificatePhoto.Handler h, CancellationToken ct) => h.UploadAsync(file, ct))
            // The auth cookie is SameSite=Lax, so another site's form cannot upload in a learner's name; API clients send a bearer token.
            .DisableAntiforgery()
            .WithSummary("Upload the photo the certificate carries (multipart field \"file\"): PNG or JPEG, at most 2 MB, upright, at least 200 × 250 pixels; printed on certificates issued afterwards")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        photo.MapGet("", async Task<Results<FileContentHttpResult, NotFound>> (CertificatePhoto.Handler h, CancellationToken ct) =>
                await h.FindAsync(ct) is { } file ? TypedResults.File(file.Content, file.ContentType) : TypedResults.NotFound())
            .WithSummary("The signed-in learner's certificate photo; 404 when there is none");
        photo.MapDelete("", async Task<NoContent> (CertificatePhoto.Handler h, CancellationToken ct) =>
            {
                await h.RemoveAsync(ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Remove the certificate photo; certificates already issued keep theirs");

        api.MapGet("/exam-sessions/{id:int}/certificate-candidates", (int id, CertificateCandidates c, CancellationToken ct) => c.OfSessionAsync(id, ct))
            .RequireAuthorization(Policies.Admin).WithTags(tags)
            .WithSummary("The session's candidates with their eligibility (what holds each back) and certificate, if issued")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/exam-sessions/{id:int}/certificate-batches", async (int id, IssueCertificates.Command command, IssueCertificates.Handler h, CancellationToken ct) =>
            {
                var batch = await h.StartAsync(id, command, ct);
                return TypedResults.Accepted($"/api/certificate-batches/{batch.BatchId}", batch);
            })
            .RequireAuthorization(Policies.Admin).WithTags(tags)
            .WithSummary("Approve eligible candidates (all, or the registrations named) and start issuing their certificates in the background; 202 with the batch")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/certificate-batches", async (IssueCertificates.SessionCommand command, IssueCertificates.Handler h, CancellationToken ct) =>
            {
                var batch = await h.StartAsync(command.SessionId, new IssueCertificates.Command { RegistrationIds = command.RegistrationIds }, ct);
                return TypedResults.Accepted($"/api/certificate-batches/{batch.BatchId}", batch);
            })
            .RequireAuthorization(Policies.Admin).WithTags(tags)
            .WithSummary("As POST /api/exam-sessions/{id}/certificate-batches, with the session in the body: { sessionId, registrationIds? }")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/certificate-batches/{id:int}", async Task<Results<Ok<BatchProgress>, NotFound>> (int id, Data.AcademyDbContext db, CancellationToken ct) =>
                await IssueCertificates.ProgressAsync(db, id, ct) is { } progress ? TypedResults.Ok(progress) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Admin).WithTags(tags)
            .WithSummary("A batch's progress: issued, failed (with reasons), done");
        api.MapPost("/certificate-batches/{id:int}/archive", async (int id, ArchiveCertificates.Handler h, CancellationToken ct) =>
                TypedResults.Accepted($"/api/certificate-batches/{id}/archive", await h.RequestAsync(id, ct)))
            .RequireAuthorization(Policies.Admin).WithTags(tags)
            .WithSummary("Build the zip of a finished batch's PDFs in the background; 202, then the batch shows archiveReadyAt")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/certificate-batches/{id:int}/archive", async (int id, ArchiveCertificates.Handler h, CancellationToken ct) =>
            {
                var (name, zip) = await h.DownloadAsync(id, ct);
                return TypedResults.File(zip, "application/zip", name);
            })
            .RequireAuthorization(Policies.Admin).WithTags(tags)
            .WithSummary("The zip of the batch's PDFs (each named by its certificate number, and a manifest with their SHA-256); 409 until it is built")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/certificate-keys/rotate", async (CertificateKeys keys, CancellationToken ct) => new RotatedKey(await keys.RotateAsync(ct)))
            .RequireAuthorization(Policies.Admin).WithTags(tags)
            .WithSummary("Make a new signing key for new certificates; the old keys stay published and keep verifying what they signed");

        api.MapGet("/verify/{code}", async Task<Results<Ok<Verification>, ProblemHttpResult>> (string code, VerifyCertificate v, CancellationToken ct) =>
            {
                var verification = await v.VerifyAsync(code, ct);
                return verification.Found
                    ? TypedResults.Ok(verification)
                    : TypedResults.Problem(title: "Not found", detail: "No certificate has this code. 未找到该证书。", statusCode: StatusCodes.Status404NotFound);
            })
            .AllowAnonymous().RequireRateLimiting(AuthSetup.VerifyRateLimit).WithTags(tags)
            .WithSummary("Verify a certificate by its code (anonymous, rate limited): the signed facts with the name and ID masked, whether the signature holds, and the status; 404 for an unknown or malformed code");
    }

    /// <summary>The public keys as a JWK set at a well-known address, for verifying codes offline.</summary>
    public static void MapCertificateKeys(this WebApplication app) =>
        app.MapGet(KeysPath, (CertificateKeys keys, CancellationToken ct) => keys.PublishedAsync(ct))
            .AllowAnonymous().WithTags("Certificates")
            .WithSummary("The certificate signing keys (ES256, P-256) as a JSON Web Key Set, retired ones included");
}
