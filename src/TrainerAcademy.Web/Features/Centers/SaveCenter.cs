using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Features.Centers;

/// <summary>Admins register training centers; staff edit their own.</summary>
public static class SaveCenter
{
    /// <summary>The center as the API takes it and the centers page binds it; the form's messages are resource keys.</summary>
    public sealed record Command
    {
        [Required(ErrorMessage = "Enter the center's name."), StringLength(100, ErrorMessage = "The name is at most 100 characters.")]
        public string Name { get; init; } = "";

        [Required(ErrorMessage = "The organisation code is 4 digits."), RegularExpression(@"^\d{4}$", ErrorMessage = "The organisation code is 4 digits.")]
        public string OrganisationCode { get; init; } = "";

        [Required(ErrorMessage = "The province code is 2 digits."), RegularExpression(@"^\d{2}$", ErrorMessage = "The province code is 2 digits.")]
        public string ProvinceCode { get; init; } = "31";

        [StringLength(50, ErrorMessage = "A city name is at most 50 characters.")]
        public string? City { get; init; } = "上海";

        [StringLength(200, ErrorMessage = "The address is at most 200 characters.")]
        public string? Address { get; init; }

        /// <summary>Refund policy: full refund until this many days before the start…</summary>
        [Range(0, 180, ErrorMessage = "Full refunds end 0 to 180 days before the start.")]
        public int RefundFullDaysBeforeStart { get; init; } = RefundPolicy.Default.FullRefundDaysBeforeStart;

        /// <summary>…and this share after it, until the cohort starts.</summary>
        [Range(0.0, 1.0)]
        public decimal RefundLateShare { get; init; } = RefundPolicy.Default.LateRefundShare;
    }

    public sealed class Handler(AcademyDbContext db, CenterAccess access)
    {
        public async Task<int> CreateAsync(Command command, CancellationToken ct = default)
        {
            var center = new TrainingCenter(command.Name, command.OrganisationCode, command.ProvinceCode, command.City ?? "", command.Address);
            center.SetRefundPolicy(command.RefundFullDaysBeforeStart, command.RefundLateShare);
            if (await db.Centers.AnyAsync(c => c.OrganisationCode == center.OrganisationCode, ct))
                throw new ConflictViolation("center.organisation-code-taken", "Another center has this organisation code.", "organisationCode");
            db.Centers.Add(center);
            await db.SaveChangesAsync(ct);
            return center.Id;
        }

        public async Task UpdateAsync(int id, Command command, CancellationToken ct = default)
        {
            var center = await access.EnsureCanManageAsync(await db.Centers.FindAsync([id], ct));
            if (await db.Centers.AnyAsync(c => c.Id != id && c.OrganisationCode == command.OrganisationCode, ct))
                throw new ConflictViolation("center.organisation-code-taken", "Another center has this organisation code.", "organisationCode");
            center.Update(command.Name, command.OrganisationCode, command.ProvinceCode, command.City ?? "", command.Address);
            center.SetRefundPolicy(command.RefundFullDaysBeforeStart, command.RefundLateShare);
            await db.SaveChangesAsync(ct);
        }
    }
}
