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
    public sealed record Command
    {
        /// <summary>Required for admins; staff always save to their own center.</summary>
        public int? CenterId { get; init; }

        [Range(1, 5)]
        public int Level { get; init; }

        [Required, StringLength(120)]
        public string Title { get; init; } = "";

        [Range(1, 1000)]
        public int TheoryHours { get; init; }

        [Range(1, 1000)]
        public int PracticeHours { get; init; }

        [Range(0, 1_000_000)]
        public decimal Fee { get; init; }

        [StringLength(4000)]
        public string? Description { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CenterAccess access, IOptions<CatalogOptions> options)
    {
        public async Task<int> CreateAsync(Command command, CancellationToken ct = default)
        {
            var centerId = access.CenterForNewRecord(command.CenterId);
            if (!await db.Centers.AnyAsync(c => c.Id == centerId, ct))
                throw new RuleViolation("center.unknown", "That training center does not exist.", "centerId");
            var course = new Course(centerId, Course.AiTrainerOccupation, command.Level, command.Title, command.TheoryHours,
                command.PracticeHours, command.Fee, command.Description, options.Value.TheoryShare);
            db.Courses.Add(course);
            await db.SaveChangesAsync(ct);
            return course.Id;
        }

        public async Task UpdateAsync(int id, Command command, CancellationToken ct = default)
        {
            var course = await access.EnsureCanManageAsync(await db.Courses.FindAsync([id], ct));
            course.Update(command.Level, command.Title, command.TheoryHours, command.PracticeHours, command.Fee, command.Description,
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
