using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Features.Centers;

/// <summary>Staff add and edit their own center's instructors; admins any center's.</summary>
public static class SaveInstructor
{
    /// <summary>The instructor as the API takes it and the center page binds it; the form's messages are resource keys.</summary>
    public sealed record Command
    {
        [Required(ErrorMessage = "Enter the instructor's name."), StringLength(50, ErrorMessage = "The name is at most 50 characters.")]
        public string Name { get; init; } = "";

        [Required(ErrorMessage = "Choose the certificate level."), Range(1, 5, ErrorMessage = "Choose the certificate level.")]
        public int? CertificateLevel { get; init; }

        [EmailAddress(ErrorMessage = "Enter a valid e-mail address."), StringLength(256, ErrorMessage = "Enter a valid e-mail address.")]
        public string? Email { get; init; }

        public bool Active { get; init; } = true;
    }

    public sealed class Handler(AcademyDbContext db, CenterAccess access)
    {
        public async Task<InstructorDetail> AddAsync(int centerId, Command command, CancellationToken ct = default)
        {
            await access.EnsureCanManageAsync(await db.Centers.FindAsync([centerId], ct));
            var instructor = new Instructor(centerId, command.Name, command.CertificateLevel ?? 0, command.Email);
            db.Instructors.Add(instructor);
            await db.SaveChangesAsync(ct);
            return ToDetail(instructor);
        }

        public async Task<InstructorDetail> UpdateAsync(int id, Command command, CancellationToken ct = default)
        {
            var instructor = await access.EnsureCanManageAsync(await db.Instructors.FindAsync([id], ct));
            instructor.Update(command.Name, command.CertificateLevel ?? 0, command.Email);
            if (command.Active) instructor.Activate(); else instructor.Deactivate();
            await db.SaveChangesAsync(ct);
            return ToDetail(instructor);
        }

        private static InstructorDetail ToDetail(Instructor i) => new(i.Id, i.CenterId, i.Name, i.CertificateLevel, i.Email, i.Active);
    }
}
