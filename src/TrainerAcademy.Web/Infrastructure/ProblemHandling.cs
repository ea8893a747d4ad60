using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Infrastructure;

/// <summary>
/// Turns the exceptions a handler may raise on purpose into problem documents: a broken rule is 422
/// (409 for a conflict), an unknown or foreign record 404, a lost race on a row 409, a Stripe failure 502.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, IStringLocalizer<SharedResource> localizer,
    ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = ToProblem(exception, localizer);
        if (problem is null) return false;
        if (exception is Stripe.StripeException)
            log.LogWarning(exception, "Stripe refused or did not answer {Method} {Path}", http.Request.Method, http.Request.Path);
        http.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            http.Response.Headers.RetryAfter = DatabaseOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (DatabaseOutage.Is(exception) && !http.Request.Path.StartsWithSegments("/api"))
        {
            await WriteOutagePageAsync(http, ct);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// The page people see while the database cannot be reached: plain HTML written here rather than a Razor page,
    /// whose layout would read the database (the signed-in user, the menu) and fail again.
    /// </summary>
    private async Task WriteOutagePageAsync(HttpContext http, CancellationToken ct)
    {
        var culture = System.Globalization.CultureInfo.CurrentUICulture.Name;
        var heading = System.Net.WebUtility.HtmlEncode(localizer["The service is briefly unavailable"].Value);
        var text = System.Net.WebUtility.HtmlEncode(localizer["We cannot reach our database just now, so your request was not carried out. Please try again in a minute."].Value);
        var back = System.Net.WebUtility.HtmlEncode(localizer["Try again"].Value);
        var again = System.Net.WebUtility.HtmlEncode(http.Request.Method == HttpMethods.Get ? http.Request.Path + http.Request.QueryString : "/");
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"{culture}\"><head><meta charset=\"utf-8\"><title>{heading}</title></head>" +
            $"<body><main data-testid=\"outage\"><h1>{heading}</h1><p>{text}</p><p><a href=\"{again}\">{back}</a></p></main></body></html>", ct);
    }

    public static ProblemDetails? ToProblem(Exception exception, IStringLocalizer localizer)
    {
        if (DatabaseOutage.Is(exception))
            return new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = localizer["We cannot reach our database just now, so your request was not carried out. Please try again in a minute."],
                Type = "https://trainer-academy.local/problems/database-unavailable",
                Extensions = { ["code"] = "database-unavailable" },
            };
        switch (exception)
        {
            case RuleViolation v:
                var message = Localize(v, localizer);
                var problem = new ProblemDetails
                {
                    Status = v switch
                    {
                        ConflictViolation => StatusCodes.Status409Conflict,
                        GoneViolation => StatusCodes.Status410Gone,
                        _ => StatusCodes.Status422UnprocessableEntity,
                    },
                    Title = v switch
                    {
                        ConflictViolation => "Conflict",
                        GoneViolation => "Gone",
                        _ => "Rule violated",
                    },
                    Detail = message,
                    Type = "https://trainer-academy.local/problems/" + v.Code,
                };
                problem.Extensions["code"] = v.Code;
                // Facts the caller needs to recover (the saved revision of a stale save, the opening time, every failed rule), set on Exception.Data.
                foreach (System.Collections.DictionaryEntry fact in v.Data)
                    if (fact.Key is string name) problem.Extensions[name] = fact.Value;
                if (v is BlueprintCannotBeFilled { WorkFunctionNames: not null } bankShort)
                    problem.Extensions["shortfalls"] = bankShort.Shortfalls;
                if (v is Domain.Practical.SkillBlueprintCannotBeFilled poolShort)
                    problem.Extensions["shortfalls"] = poolShort.Shortfalls;
                if (v is RuleViolations many)
                    problem.Extensions["errors"] = many.Errors.GroupBy(e => e.Field)
                        .ToDictionary(g => g.Key, g => g.Select(e => Localize(e.Violation, localizer)).ToArray());
                else if (v.Field is not null)
                    problem.Extensions["errors"] = new Dictionary<string, string[]> { [v.Field] = [message] };
                return problem;
            case NotFoundException:
                return new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found" };
            case Features.ExamSitting.TooManyEventsException:
                return new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests",
                    Detail = localizer["This exam has recorded as many focus events as it keeps."],
                };
            case DbUpdateConcurrencyException:
                return new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "Conflict",
                    Detail = localizer["The record was changed by someone else. Reload and try again."],
                };
            case Stripe.StripeException:
                // Stripe refused, was rate limiting or could not be reached: nothing of ours changed and nothing was charged,
                // so the caller can try again; a gateway's failure, not the platform's 500.
                return new ProblemDetails
                {
                    Status = StatusCodes.Status502BadGateway,
                    Title = "Payment provider unavailable",
                    Detail = StripeUnavailable(localizer),
                };
            case BadHttpRequestException bad:
                return new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message };
            default:
                return null;
        }
    }

    public static string StripeUnavailable(IStringLocalizer localizer) =>
        localizer["The payment service did not answer. Nothing was charged; please try again in a few minutes."];

    /// <summary>The localized text of a rule, by its code, or the English message when no translation exists.</summary>
    public static string Localize(RuleViolation v, IStringLocalizer localizer)
    {
        if (v is BlueprintCannotBeFilled { WorkFunctionNames: { } names } bankShort)
            return Features.QuestionBank.BlueprintText.Describe(bankShort.Shortfalls, names, localizer);
        if (v is Domain.Practical.SkillBlueprintCannotBeFilled poolShort)
            return Features.SkillBlueprints.SkillBlueprintText.Describe(poolShort.Shortfalls, localizer);
        var text = localizer["rule." + v.Code];
        return text.ResourceNotFound ? v.Message : text.Value;
    }
}

/// <summary>On pages, a broken rule becomes a form error beside its field and the page is shown again.</summary>
public sealed class RuleViolationPageFilter(IStringLocalizer<SharedResource> localizer) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.ExceptionHandled || context.HandlerInstance is not PageModel page) return;
        switch (executed.Exception)
        {
            case RuleViolation v:
                var key = v.Field is null ? "" : PageFieldName(page, context.HandlerMethod?.Name, v.Field);
                page.ModelState.AddModelError(key, ProblemExceptionHandler.Localize(v, localizer));
                executed.Result = page.Page();
                executed.ExceptionHandled = true;
                break;
            case DbUpdateConcurrencyException:
                page.ModelState.AddModelError("", localizer["The record was changed by someone else. Reload and try again."]);
                executed.Result = page.Page();
                executed.ExceptionHandled = true;
                break;
            case Stripe.StripeException:
                // Stripe refused or was out of reach: nothing was charged and the place is still held, so the person can try again.
                page.ModelState.AddModelError("", ProblemExceptionHandler.StripeUnavailable(localizer));
                executed.Result = page.Page();
                executed.ExceptionHandled = true;
                break;
            case NotFoundException:
                executed.Result = new NotFoundResult();
                executed.ExceptionHandled = true;
                break;
        }
    }

    /// <summary>
    /// Pages bind their form to a property named Input; a page with several forms binds each to a property named
    /// after its handler (OnPostVenue fills Venue). The rule's field is the camelCase name of the command property,
    /// which the form mirrors.
    /// </summary>
    private static string PageFieldName(PageModel page, string? handler, string field)
    {
        var form = (string.IsNullOrEmpty(handler) ? null : page.GetType().GetProperty(handler)) ?? page.GetType().GetProperty("Input");
        if (form is null) return "";
        var props = form.PropertyType.GetProperties();
        var prop = props.FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
        return prop is null ? "" : $"{form.Name}.{prop.Name}";
    }
}
