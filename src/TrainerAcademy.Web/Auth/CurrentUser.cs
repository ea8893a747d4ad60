using System.Security.Claims;

namespace TrainerAcademy.Auth;

/// <summary>
/// The person the current request acts for, as handlers see them. The only reader of <c>HttpContext.User</c> under
/// <c>Features/</c>. Outside a request (a background job) nobody is signed in: no id, no roles, no center.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http)
{
    private static readonly ClaimsPrincipal Nobody = new(new ClaimsIdentity());

    /// <summary>The principal itself, for authorization checks.</summary>
    public ClaimsPrincipal Principal => http.HttpContext?.User ?? Nobody;

    public string? Id => Principal.GetUserId();

    /// <summary>The signed-in user's id; without one the thing asked for is reported as not found.</summary>
    public string RequiredId => Id ?? throw new NotFoundException();

    public bool IsAdmin => Principal.IsInRole(Roles.Admin);

    public bool IsStaff => Principal.IsInRole(Roles.CenterStaff);

    public bool IsLearner => Principal.IsInRole(Roles.Learner);

    /// <summary>The training center of a staff member, from their claim.</summary>
    public int? CenterId => Principal.GetCenterId();

    /// <summary>The name to show for the user: the display name, else the account's e-mail; null outside a request.</summary>
    public string? DisplayName => Principal.FindFirst("academy:display-name")?.Value ?? Principal.Identity?.Name;

    /// <summary>The client's address (after trusted proxies' forwarded headers); null outside a request.</summary>
    public string? ClientAddress => http.HttpContext is { } context ? AuthSetup.ClientAddress(context) : null;

    /// <summary>Whether the user may manage the center's records: an admin any center's, staff their own.</summary>
    public bool CanManage(int centerId) => CenterAccess.CanManage(Principal, centerId);
}
