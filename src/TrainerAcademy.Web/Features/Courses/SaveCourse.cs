using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Courses;

/// <summary>Center staff create and edit their center's courses; admins any center's.</summary>
public static class SaveCourse
{
    /// <summary>The course as the API takes it and its edit page binds it; the form's messages are resource keys.</summary>
    public sealed record Command
    {
        /// <summary>Required for admins; staff always save to their own center.</summary>
        public int? CenterId { get; init; }

        [Required(ErrorMessage = "Choose the level."), Range(1, 5, ErrorMessage = "Choose the level.")]
        public int? Level { get; init; }

        [Required(ErrorMessage = "Enter the course title."), StringLength(120, ErrorMessage = "The title is at most 120 characters.")]
        public string Title { get; init; } = "";

        [Required(ErrorMessage = "Enter the theory hours."), Range(1, 1000, ErrorMessage = "Hours are a whole number from 1 to 1000.")]
        public int? TheoryHours { get; init; }

        [Required(ErrorMessage = "Enter the practice hours."), Range(1, 1000, ErrorMessage = "Hours are a whole number from 1 to 1000.")]
        public int? PracticeHours { get; init; }

        [Required(ErrorMessage = "Enter the fee."), Range(0d, 1_000_000d, ErrorMessage = "The fee is 0 to 1,000,000 yuan.")]
        public decimal? Fee { get; init; }

        [StringLength(4000, ErrorMessage = "The description is at most 4000 characters.")]
        public string? Description { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CenterAccess access, IOptions<CatalogOptions> options)
    {
        public async Task<int> CreateAsync(Command command, CancellationToken ct = default)
        {
            var centerId = access.CenterForNewRecord(command.CenterId);
            if (!await db.Centers.AnyAsync(c => c.Id == centerId, ct))
                throw new RuleViolation("center.unknown", "That training center does not exist.", "centerId");
            var course = new Course(centerId, Course.AiTrainerOccupation, command.Level ?? 0, command.Title, command.TheoryHours ?? 0,
                command.PracticeHours ?? 0, command.Fee ?? 0, command.Description, options.Value.TheoryShare);
            db.Courses.Add(course);
            await db.SaveChangesAsync(ct);
            return course.Id;
        }

        public async Task UpdateAsync(int id, Command command, CancellationToken ct = default)
        {
            var course = await access.EnsureCanManageAsync(await db.Courses.FindAsync([id], ct));
            course.Update(command.Level ?? 0, command.Title, command.TheoryHours ?? 0, command.PracticeHours ?? 0, command.Fee ?? 0, command.Description,
                options.Value.TheoryShare);
            await db.SaveChangesAsync(ct);
        }

        /// <summary>The course as its edit form shows it, when the caller may manage it.</summary>
        public async Task<Command> GetAsync(int id, CancellationToken ct = default)
        {
            var c = await access.EnsureCanManageAsync(await db.Courses.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct));
            return new Command
            {
                CenterId = c.CenterId, Level = c.Level, Title = c.Title, TheoryHours = c.TheoryHours,
                PracticeHours = c.PracticeHours, Fee = c.Fee, Description = c.Description,
            };
        }
    }
}
