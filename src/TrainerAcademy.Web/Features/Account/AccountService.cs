using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Outbox;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Account;

/// <summary>
/// Creates accounts with their role (and center, for staff) in one place, for pages, the API, the CLI and demo data.
/// Accounts made by an administrator, the CLI or the demo are confirmed; a learner who registers confirms the address
/// through the link e-mailed to it.
/// </summary>
[FeatureService]
public sealed class AccountService(
    UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, AcademyDbContext db, TimeProvider clock,
    IdentityEmailSender mail, PublicUrl publicUrl, AuditLog.AuditTrail audit)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    /// <summary>
    /// Creates an account; a failed Identity rule (weak password, taken e-mail) comes back as a <see cref="RuleViolation"/>.
    /// A staff or administrator account is a grant of rights, so it is audited in the same transaction, in the name of
    /// <paramref name="grantedBy"/> (the platform when nobody is named: demo data). The privacy notice the person agreed to
    /// (<paramref name="privacyNoticeVersion"/>, the register page's required box) is recorded with the time.
    /// </summary>
    public async Task<ApplicationUser> CreateAsync(string email, string password, string role, int? centerId = null, string? displayName = null,
        bool confirmed = true, AuditLog.AuditActor? grantedBy = null, string? privacyNoticeVersion = null)
    {
        if (!Roles.All.Contains(role))
            throw new RuleViolation("account.role", $"Unknown role {role}.", "role");
        if (role == Roles.CenterStaff && centerId is null)
            throw new RuleViolation("account.center", "Staff belong to a training center.", "centerId");
        if (centerId is { } c && !await db.Centers.AnyAsync(x => x.Id == c))
            throw new RuleViolation("account.center", "That training center does not exist.", "centerId");
        await EnsureRolesAsync();

        return await db.InTransactionAsync(async _ =>
        {
            var user = new ApplicationUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = confirmed,
                CenterId = role == Roles.CenterStaff ? centerId : null,
                DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
                CreatedAt = clock.GetUtcNow(),
                PrivacyNoticeVersion = privacyNoticeVersion,
                PrivacyConsentAt = privacyNoticeVersion is null ? null : clock.GetUtcNow(),
            };
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, role));
            if (role == Roles.Learner) db.LearnerProfiles.Add(new LearnerProfile(user.Id));
            if (role is Roles.CenterStaff or Roles.Admin)
                audit.Record(grantedBy ?? AuditLog.AuditActor.Platform,
                    role == Roles.Admin ? AuditLog.AuditActions.AdminCreated : AuditLog.AuditActions.StaffCreated,
                    AuditLog.AuditTargets.Account, user.Id, user.CenterId, $"{email} · {role}");
            await db.SaveChangesAsync();
            return user;
        });
    }

    /// <summary>
    /// A learner registers on the page: a new address gets an unconfirmed account and a confirmation link; an address
    /// that already has an account gets a note to its owner instead. Both look the same to the visitor (ASVS V6.3).
    /// </summary>
    public async Task RegisterLearnerAsync(string email, string password, string? displayName, string? privacyNoticeVersion = null)
    {
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            await ValidatePasswordAsync(password);
            // A new account's password is hashed: spend the same time here.
            users.PasswordHasher.HashPassword(existing, password);
            await NotifyRegistrationAttemptAsync(existing);
            return;
        }
        var user = await CreateAsync(email, password, Roles.Learner, displayName: displayName, confirmed: false, privacyNoticeVersion: privacyNoticeVersion);
        await SendConfirmationAsync(user);
    }

    /// <summary>The password rules alone, for an answer that must not differ between a new and a known address.</summary>
    public async Task ValidatePasswordAsync(string password)
    {
        foreach (var validator in users.PasswordValidators)
            Check(await validator.ValidateAsync(users, new ApplicationUser(), password));
    }

    /// <summary>
    /// Someone registered an address that has an account: a confirmed owner is told so (with the ways in); an owner who
    /// never confirmed gets a new confirmation link, which is what registering again was for.
    /// </summary>
    public Task NotifyRegistrationAttemptAsync(ApplicationUser owner) =>
        owner switch
        {
            { EmailConfirmed: false } => SendConfirmationAsync(owner),
            { Email: { } email } => mail.SendRegistrationAttemptAsync(email, $"{publicUrl.Base}/account/login", $"{publicUrl.Base}/account/forgot-password"),
            _ => Task.CompletedTask,
        };

    /// <summary>Mails the confirmation link of the page <c>/account/confirm-email</c>.</summary>
    public async Task SendConfirmationAsync(ApplicationUser user)
    {
        if (user.Email is not { } email) return;
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        await mail.SendConfirmationLinkAsync(user, email,
            $"{publicUrl.Base}/account/confirm-email?userId={Uri.EscapeDataString(user.Id)}&code={code}");
    }

    /// <summary>A new confirmation link, for an unconfirmed account only; unknown and confirmed addresses get nothing.</summary>
    public async Task ResendConfirmationAsync(string email)
    {
        if (await users.FindByEmailAsync(email) is { EmailConfirmed: false } user)
            await SendConfirmationAsync(user);
    }

    /// <summary>True when the link's code confirms the account's address.</summary>
    public async Task<bool> ConfirmEmailAsync(string userId, string code)
    {
        if (await users.FindByIdAsync(userId) is not { } user) return false;
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return false;
        }
        return (await users.ConfirmEmailAsync(user, token)).Succeeded;
    }

    /// <summary>Gives an account created through Identity's register endpoint its learner role and profile.</summary>
    public async Task CompleteLearnerRegistrationAsync(string email)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null || (await users.GetRolesAsync(user)).Count > 0) return;
        await EnsureRolesAsync();
        user.CreatedAt = clock.GetUtcNow();
        Check(await users.AddToRoleAsync(user, Roles.Learner));
        if (!await db.LearnerProfiles.AnyAsync(p => p.UserId == user.Id))
        {
            db.LearnerProfiles.Add(new LearnerProfile(user.Id));
            await db.SaveChangesAsync();
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw Violation(result.Errors.First());
    }

    /// <summary>An Identity error as a rule: code <c>identity.&lt;Code&gt;</c>, on the password or the e-mail field.</summary>
    public static RuleViolation Violation(IdentityError error)
    {
        var field = error.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email";
        return new RuleViolation("identity." + error.Code, error.Description, field);
    }
}
