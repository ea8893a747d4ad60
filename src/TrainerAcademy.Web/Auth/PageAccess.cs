using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace TrainerAcademy.Auth;

/// <summary>
/// Who may open a page, decided by its address alone: the one place that states it. A page's first path segment
/// names its audience — <c>/staff/…</c> center staff and admins, <c>/admin/…</c> admins, <c>/exams/…</c>,
/// <c>/timetable</c> and <c>/subsidies</c> learners, <c>/marking/…</c> examiners — a short list of addresses is open to anyone, and every other page needs a signed-in
/// user. Whose record a page shows is the handler's check (<see cref="CenterAccess"/>, the learner's own id).
/// </summary>
public sealed class PageAccess : IPageApplicationModelConvention
{
    /// <summary>Addresses open to visitors: the home page, the catalog, the results posting board, errors and the way into an account.</summary>
    public static readonly string[] Anonymous =
    [
        "", "error", "catalog", "results/postings",
        "account/login", "account/login-2fa", "account/register", "account/forgot-password", "account/reset-password", "account/access-denied",
        "account/confirm-email", "account/resend-confirmation", "verify",
    ];

    private static IAllowAnonymous? Open(string path) =>
        Anonymous.Any(a => path == a || (a.Length > 0 && path.StartsWith(a + "/", StringComparison.Ordinal))) ? new AllowAnonymousAttribute() : null;

    /// <summary>What a page at this route template requires: a policy, anonymous access, or (null) any signed-in user.</summary>
    public static object? RequirementFor(string template)
    {
        var path = template.Trim('/').ToLowerInvariant();
        return path.Split('/')[0] switch
        {
            "staff" => new AuthorizeAttribute(Policies.Staff),
            "admin" => new AuthorizeAttribute(Policies.Admin),
            "exams" or "timetable" or "subsidies" => new AuthorizeAttribute(Policies.Learner),
            "marking" => new AuthorizeAttribute(Policies.Examiner),
            _ => Open(path),
        };
    }

    public void Apply(PageApplicationModel model)
    {
        if (RequirementFor(model.ActionDescriptor.AttributeRouteInfo?.Template ?? model.ViewEnginePath) is { } requirement)
            model.EndpointMetadata.Add(requirement);
    }
}
