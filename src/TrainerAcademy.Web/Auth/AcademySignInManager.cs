using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TrainerAcademy.Data;
using TrainerAcademy.Features.AuditLog;
using TrainerAcademy.Features.Outbox;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Auth;

/// <summary>
/// Identity's sign-in, shaped so that its answer does not tell whether an address has an account (ASVS V6.3):
/// an unknown address costs a password hash like a known one; a locked-out account answers <c>Failed</c> like a
/// wrong password, and its owner is told by e-mail when the lock starts; an unconfirmed account says
/// <c>NotAllowed</c> only to someone who knows its password. Used by the sign-in page and /api/auth/login alike.
/// </summary>
public sealed class AcademySignInManager(
    UserManager<ApplicationUser> users,
    IHttpContextAccessor http,
    IUserClaimsPrincipalFactory<ApplicationUser> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    IdentityEmailSender mail,
    PublicUrl publicUrl,
    AuditTrail audit)
    : SignInManager<ApplicationUser>(users, http, claims, options, logger, schemes, confirmation)
{
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), Guid.NewGuid().ToString()));

    /// <summary>Why the last password check failed, for the audit log (the visitor hears the same answer whatever it is).</summary>
    private string? _failure;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            UserManager.PasswordHasher.VerifyHashedPassword(new ApplicationUser(), DummyHash.Value, password);
            await audit.RecordNowAsync(new AuditActor(null, userName, ClientAddress), AuditActions.SignInFailed, AuditTargets.Account, null,
                detail: "no such account");
            return SignInResult.Failed;
        }
        _failure = null;
        var result = await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        // A password that needs a second factor is not a sign-in yet: the code's check records the outcome.
        if (!result.RequiresTwoFactor)
            await RecordAsync(user, result, "password", result.IsNotAllowed ? "e-mail not confirmed" : _failure ?? "wrong password");
        return result;
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        if (user is not null) await RecordAsync(user, result, "recovery code", result.IsLockedOut ? "locked out" : "wrong recovery code");
        return result;
    }

    private string? ClientAddress => Context is { } context ? AuthSetup.ClientAddress(context) : null;

    private Task RecordAsync(ApplicationUser user, SignInResult result, string how, string failure) =>
        audit.RecordNowAsync(new AuditActor(user.Id, user.DisplayName ?? user.Email ?? user.UserName ?? user.Id, ClientAddress),
            result.Succeeded ? AuditActions.SignedIn : AuditActions.SignInFailed, AuditTargets.Account, user.Id, user.CenterId,
            result.Succeeded ? how : $"{how}: {failure}");

    public override async Task<SignInResult> CheckPasswordSignInAsync(ApplicationUser user, string password, bool lockoutOnFailure)
    {
        if (await IsLockedOut(user))
        {
            UserManager.PasswordHasher.VerifyHashedPassword(user, DummyHash.Value, password);
            _failure = "locked out";
            return SignInResult.Failed;
        }
        if (!await CanSignInAsync(user))
        {
            if (await UserManager.CheckPasswordAsync(user, password)) return SignInResult.NotAllowed;
            if (lockoutOnFailure && UserManager.SupportsUserLockout)
            {
                await UserManager.AccessFailedAsync(user);
                if (await UserManager.IsLockedOutAsync(user)) await NotifyLockoutAsync(user);
            }
            return SignInResult.Failed;
        }
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        if (!result.IsLockedOut) return result;
        // Not locked before this attempt (checked above): this failure started the lock.
        _failure = "wrong password; the account is now locked";
        await NotifyLockoutAsync(user);
        return SignInResult.Failed;
    }

    /// <summary>Wrong authenticator codes count towards the lockout too (Identity's rule); the owner hears of that lock as well.</summary>
    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var lockedBefore = user is not null && await UserManager.IsLockedOutAsync(user);
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        if (result.IsLockedOut && user is not null && !lockedBefore) await NotifyLockoutAsync(user);
        if (user is not null) await RecordAsync(user, result, "authenticator code", result.IsLockedOut ? "locked out" : "wrong authenticator code");
        return result;
    }

    private async Task NotifyLockoutAsync(ApplicationUser user)
    {
        if (user.Email is not { } email) return;
        await mail.SendLockoutNoticeAsync(email, (int)Options.Lockout.DefaultLockoutTimeSpan.TotalMinutes, $"{publicUrl.Base}/account/forgot-password");
    }
}
