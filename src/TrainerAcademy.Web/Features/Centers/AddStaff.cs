using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Account;

namespace TrainerAcademy.Features.Centers;

/// <summary>Admins give a center its staff accounts.</summary>
public static class AddStaff
{
    /// <summary>The account as the API takes it and the centers page binds it; the form's messages are resource keys.</summary>
    public sealed record Command
    {
        [Required(ErrorMessage = "Enter an e-mail address."), EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        public string Email { get; init; } = "";

        [Required(ErrorMessage = "Enter a password."), StringLength(128, MinimumLength = 8, ErrorMessage = "The password needs at least 8 characters.")]
        public string Password { get; init; } = "";

        [StringLength(100, ErrorMessage = "The name is at most 100 characters.")]
        public string? DisplayName { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CenterAccess access, AccountService accounts, CurrentUser user)
    {
        /// <summary>Admins only (the API and page say so): a staff account of the center.</summary>
        public async Task<StaffDetail> AddAsync(int centerId, Command command, CancellationToken ct = default)
        {
            await access.EnsureCanManageAsync(await db.Centers.FindAsync([centerId], ct));
            var staff = await accounts.CreateAsync(command.Email.Trim(), command.Password, Roles.CenterStaff, centerId, command.DisplayName,
                grantedBy: AuditLog.AuditActor.Of(user));
            return new StaffDetail(staff.Id, staff.Email!, staff.DisplayName, centerId);
        }
    }
}
