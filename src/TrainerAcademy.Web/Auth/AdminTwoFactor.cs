using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using TrainerAcademy.Data;

namespace TrainerAcademy.Auth;

public sealed class SecurityOptions
{
    /// <summary>An administrator must have turned on two-factor sign-in before any staff or admin page or API answers.</summary>
    public bool RequireAdminTwoFactor { get; set; } = true;
}

/// <summary>Part of the staff and admin policies: met by everyone but an administrator without two-factor sign-in.</summary>
public sealed class AdminTwoFactorRequirement : IAuthorizationRequirement;

/// <summary>
/// Reads the account's two-factor flag from the database on each request, so that turning it on takes effect at once
/// for the cookie and for bearer tokens issued before.
/// </summary>
public sealed class AdminTwoFactorHandler(IOptionsMonitor<SecurityOptions> options, UserManager<ApplicationUser> users)
    : AuthorizationHandler<AdminTwoFactorRequirement>
{
    public const string Reason = "two-factor-required";

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminTwoFactorRequirement requirement)
    {
        if (!options.CurrentValue.RequireAdminTwoFactor || !context.User.IsInRole(Roles.Admin))
        {
            context.Succeed(requirement);
            return;
        }
        if (context.User.GetUserId() is { } id && await users.FindByIdAsync(id) is { TwoFactorEnabled: true })
            context.Succeed(requirement);
        else
            context.Fail(new AuthorizationFailureReason(this, Reason));
    }
}

/// <summary>
/// An administrator stopped by <see cref="AdminTwoFactorHandler"/> is sent to set up two-factor sign-in (pages) or
/// gets a 403 problem document that says why (API); every other outcome is the default one.
/// </summary>
public sealed class AdminTwoFactorResultHandler(IStringLocalizer<SharedResource> localizer) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        var twoFactorMissing = result.Forbidden
            && result.AuthorizationFailure?.FailureReasons.Any(r => r.Handler is AdminTwoFactorHandler) == true;
        if (!twoFactorMissing)
        {
            await _default.HandleAsync(next, context, policy, result);
            return;
        }
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(
                title: localizer["Two-factor sign-in required"],
                detail: localizer["Administrators must turn on two-factor sign-in before they can use this. Set it up on your account page."],
                statusCode: StatusCodes.Status403Forbidden,
                extensions: new Dictionary<string, object?> { ["code"] = "account.two-factor-required" }).ExecuteAsync(context);
            return;
        }
        var returnUrl = context.Request.Path + context.Request.QueryString;
        context.Response.Redirect($"/account/two-factor?required=true&returnUrl={Uri.EscapeDataString(returnUrl)}");
    }
}
