using System.Security.Claims;

namespace TrainerAcademy.Auth;

public static class Roles
{
    public const string Learner = "Learner";
    public const string CenterStaff = "CenterStaff";
    public const string Admin = "Admin";

    public static readonly string[] All = [Learner, CenterStaff, Admin];
}

public static class Policies
{
    public const string Learner = "learner";
    public const string Staff = "staff";
    public const string Admin = "admin";

    /// <summary>Center staff holding an examiner grant (考评员).</summary>
    public const string Examiner = "examiner";
}

public static class AcademyClaims
{
    /// <summary>The training center of a staff member.</summary>
    public const string CenterId = "academy:center";

    public static int? GetCenterId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(CenterId), out var id) ? id : null;

    public static string? GetUserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
}
