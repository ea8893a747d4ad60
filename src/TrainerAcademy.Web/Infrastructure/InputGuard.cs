using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Localization;

namespace TrainerAcademy.Infrastructure;

/// <summary>
/// Text with a NUL character is refused where it enters, before any handler or query sees it: PostgreSQL refuses it in
/// a query parameter as well as in a column, so a NUL in an address, a query string or a form field is a 400 problem
/// document for the API (the error page for a page), and one in a JSON string fails that body's reading (400). <see cref="Data.StoredTextGuard"/> holds the
/// same rule, and the column lengths, when anything is written.
/// </summary>
public sealed class InputGuard(RequestDelegate next, IStringLocalizer<SharedResource> localizer)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var bad = HasNul(request.Path.Value) || request.Query.Any(q => HasNul(q.Key) || q.Value.Any(HasNul));
        if (!bad && request.HasFormContentType && request.Method is "POST" or "PUT" or "PATCH")
        {
            try
            {
                var form = await request.ReadFormAsync(context.RequestAborted);
                bad = form.Any(f => HasNul(f.Key) || f.Value.Any(HasNul)) || form.Files.Any(f => HasNul(f.FileName) || HasNul(f.Name));
            }
            catch (InvalidDataException)
            {
                // The form reader refuses a NUL in a url-encoded value itself ("The form value contains invalid characters").
                bad = true;
            }
        }
        if (!bad)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        // A page shows the error page (status code pages); an API caller gets the problem document.
        if (!request.Path.StartsWithSegments("/api")) return;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Bad request",
                Detail = localizer["rule.input.nul"],
                Type = "https://trainer-academy.local/problems/input.nul",
                Extensions = { ["code"] = "input.nul" },
            },
        });
    }

    private static bool HasNul(string? text) => text is not null && text.Contains('\0');
}

/// <summary>Reads JSON strings as the platform takes them: a NUL character fails the body (400), as <see cref="InputGuard"/> refuses it elsewhere.</summary>
public sealed class NulFreeStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is not null && text.Contains('\0'))
            throw new JsonException("Text may not contain a NUL character.");
        return text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// An endpoint that reads a form (an upload) answers a request without a form body with 415 Unsupported Media Type, a
/// problem document for the API. The request delegates generated at compile time read the form without asking first, and
/// would fail with a server error; the check runs after authorization, so an anonymous caller still gets 401 first.
/// </summary>
public sealed class FormContentGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is { ContentTypes.Count: > 0 } accepts
            && accepts.ContentTypes.All(IsForm) && !context.Request.HasFormContentType)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return Task.CompletedTask;
        }
        return next(context);
    }

    private static bool IsForm(string contentType) =>
        contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
