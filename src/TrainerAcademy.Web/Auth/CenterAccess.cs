using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Auth;

/// <summary>The operation "manage this center's record": admins may for any center, staff for their own.</summary>
public static class CenterOperations
{
    public static readonly OperationAuthorizationRequirement Manage = new() { Name = "ManageCenterRecord" };
}

public sealed class CenterRecordAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, ICenterOwned>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, ICenterOwned resource)
    {
        if (requirement.Name == CenterOperations.Manage.Name && CenterAccess.CanManage(context.User, resource.CenterId))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Resource-based tenancy for handlers. A record the caller may not manage is reported as not found,
/// so staff cannot learn what other centers have.
/// </summary>
public sealed class CenterAccess(CurrentUser user, IAuthorizationService authorization)
{
    public bool IsAdmin => user.IsAdmin;

    /// <summary>The center whose records a staff member sees; null for an admin, who sees all.</summary>
    public int? ScopeCenterId => IsAdmin ? null : user.CenterId ?? -1;

    public static bool CanManage(ClaimsPrincipal user, int centerId) =>
        user.IsInRole(Roles.Admin) || (user.IsInRole(Roles.CenterStaff) && user.GetCenterId() == centerId);

    /// <summary>Returns the record when the caller may manage it; otherwise throws <see cref="NotFoundException"/>.</summary>
    public async Task<T> EnsureCanManageAsync<T>(T? record) where T : class, ICenterOwned
    {
        if (record is null) throw new NotFoundException();
        var result = await authorization.AuthorizeAsync(user.Principal, record, CenterOperations.Manage);
        return result.Succeeded ? record : throw new NotFoundException();
    }

    /// <summary>The center a new record goes to: the staff member's own, or the one an admin names.</summary>
    public int CenterForNewRecord(int? requested)
    {
        if (IsAdmin)
            return requested ?? throw new RuleViolation("center.required", "Choose the training center.", "centerId");
        var own = user.CenterId ?? throw new NotFoundException();
        if (requested is { } r && r != own) throw new NotFoundException();
        return own;
    }
}

/// <summary>What the caller asked for does not exist, or they may not know that it does: HTTP 404.</summary>
public sealed class NotFoundException() : Exception("Not found.");
