using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace TrainerAcademy.Auth;

/// <summary>
/// Who may open a page, decided by its address alone: the one place that states it. A page's first path segment
/// names its audience — <c>/staff/…</c> center staff and admins, <c>/admin/…</c> admins, <c>/exams/…</c> and
/// <c>/timetable</c> learners — a short list of addresses is open to anyone, and every other page needs a signed-in
/// user. Whose record a page shows is the handler's check (<see cref="CenterAccess"/>, the learner's own id).
/// </summary>
public sealed class PageAccess : IPageApplicationModelConvention
{
    /// <summary>Addresses open to visitors: the home page, the catalog, errors and the way into an account.</summary>
    public static readonly string[] Anonymous =
    [
        "", "error", "catalog",
        "account/login", "account/register", "account/forgot-password", "account/reset-password", "account/access-denied",
    ];

    /// <summary>The policy for a page at this route template (<c>null</c>: any signed-in user; "": anyone).</summary>
    public static string? PolicyFor(string template)
    {
        var path = template.Trim('/').ToLowerInvariant();
        var first = path.Split('/')[0];
        if (first == "staff") return Policies.Staff;
        if (first == "admin") return Policies.Admin;
        if (first is "exams" or "timetable") return Policies.Learner;
        if (Anonymous.Any(a => path == a || (a.Length > 0 && path.StartsWith(a + "/", StringComparison.Ordinal)))) return "";
        return null;
    }

    public void Apply(PageApplicationModel model)
    {
        var template = model.ActionDescriptor.AttributeRouteInfo?.Template ?? model.ViewEnginePath;
        switch (PolicyFor(template))
        {
            case null: break;
            case "": model.EndpointMetadata.Add(new AllowAnonymousAttribute()); break;
            case var policy: model.EndpointMetadata.Add(new AuthorizeAttribute(policy)); break;
        }
    }
}
