using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Features.Centers;

/// <summary>Staff set their own center's refund policy; admins any center's.</summary>
public static class SaveRefundPolicy
{
    /// <summary>The policy as the center page's form gives it: days, and the late share in percent.</summary>
    public sealed record Command
    {
        [Required(ErrorMessage = "Enter the number of days."), Range(0, 180, ErrorMessage = "Full refunds end 0 to 180 days before the start.")]
        public int? FullRefundDaysBeforeStart { get; init; }

        [Required(ErrorMessage = "Enter the share refunded after that."), Range(0, 100, ErrorMessage = "The late refund share is between 0 and 100%.")]
        public int? LateRefundPercent { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CenterAccess access)
    {
        public async Task SaveAsync(int centerId, Command command, CancellationToken ct = default)
        {
            var center = await access.EnsureCanManageAsync(await db.Centers.FindAsync([centerId], ct));
            center.SetRefundPolicy(command.FullRefundDaysBeforeStart ?? -1, (command.LateRefundPercent ?? -100) / 100m);
            await db.SaveChangesAsync(ct);
        }
    }
}
