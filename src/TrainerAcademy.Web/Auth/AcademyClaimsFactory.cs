using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TrainerAcademy.Data;

namespace TrainerAcademy.Auth;

/// <summary>Puts a staff member's center into the cookie and the bearer token, so tenancy checks need no lookup.</summary>
public sealed class AcademyClaimsFactory(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.CenterId is { } center)
            identity.AddClaim(new Claim(AcademyClaims.CenterId, center.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (!string.IsNullOrEmpty(user.DisplayName))
            identity.AddClaim(new Claim("academy:display-name", user.DisplayName));
        return identity;
    }
}
