using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Features.Account;

/// <summary>Creates accounts with their role (and center, for staff) in one place, for pages, the API, the CLI and demo data.</summary>
[FeatureService]
public sealed class AccountService(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, AcademyDbContext db, TimeProvider clock)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    /// <summary>Creates an account; a failed Identity rule (weak password, taken e-mail) comes back as a <see cref="RuleViolation"/>.</summary>
    public async Task<ApplicationUser> CreateAsync(string email, string password, string role, int? centerId = null, string? displayName = null)
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
                EmailConfirmed = true,
                CenterId = role == Roles.CenterStaff ? centerId : null,
                DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
                CreatedAt = clock.GetUtcNow(),
            };
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, role));
            if (role == Roles.Learner) db.LearnerProfiles.Add(new LearnerProfile(user.Id));
            await db.SaveChangesAsync();
            return user;
        });
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
