using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;

namespace TrainerAcademy.Auth;

/// <summary>The signed-in staff member holds an examiner grant now: read from the database, so a revoked grant ends at once.</summary>
public sealed class ExaminerRequirement : IAuthorizationRequirement;

public sealed class ExaminerHandler(AcademyDbContext db) : AuthorizationHandler<ExaminerRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ExaminerRequirement requirement)
    {
        if (context.User.GetUserId() is { } id && await db.ExaminerGrants.AnyAsync(g => g.UserId == id))
            context.Succeed(requirement);
    }
}
