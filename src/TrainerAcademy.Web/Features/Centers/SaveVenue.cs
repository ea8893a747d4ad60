using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Features.Centers;

/// <summary>Staff add and edit their own center's venues; admins any center's.</summary>
public static class SaveVenue
{
    /// <summary>The venue as the API takes it and the center page binds it; the form's messages are resource keys.</summary>
    public sealed record Command
    {
        [Required(ErrorMessage = "Enter the venue's name."), StringLength(100, ErrorMessage = "The name is at most 100 characters.")]
        public string Name { get; init; } = "";

        [Required(ErrorMessage = "Enter the number of seats."), Range(1, Venue.MaxSeats, ErrorMessage = "A venue seats 1 to {2} people.")]
        public int? Capacity { get; init; }

        [StringLength(200, ErrorMessage = "The address is at most 200 characters.")]
        public string? Address { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CenterAccess access, TimeProvider clock)
    {
        public async Task<VenueDetail> AddAsync(int centerId, Command command, CancellationToken ct = default)
        {
            await access.EnsureCanManageAsync(await db.Centers.FindAsync([centerId], ct));
            var venue = new Venue(centerId, command.Name, command.Capacity ?? 0, command.Address);
            await EnsureVenueNameFreeAsync(centerId, venue.Name, null, ct);
            db.Venues.Add(venue);
            await db.SaveChangesAsync(ct);
            return new VenueDetail(venue.Id, venue.CenterId, venue.Name, venue.Capacity, venue.Address);
        }

        public async Task<VenueDetail> UpdateAsync(int id, Command command, CancellationToken ct = default)
        {
            var venue = await access.EnsureCanManageAsync(await db.Venues.FindAsync([id], ct));
            venue.Update(command.Name, command.Capacity ?? 0, command.Address);
            await EnsureVenueNameFreeAsync(venue.CenterId, venue.Name, venue.Id, ct);
            await EnsureVenueHoldsItsUsesAsync(venue, ct);
            await db.SaveChangesAsync(ct);
            return new VenueDetail(venue.Id, venue.CenterId, venue.Name, venue.Capacity, venue.Address);
        }

        /// <summary>
        /// A smaller venue must still seat what is planned in it: the cohorts that meet there (as their venue or in a
        /// coming session) and the on-site exam sessions not yet over.
        /// </summary>
        private async Task EnsureVenueHoldsItsUsesAsync(Venue venue, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            var inSessions = db.CohortSessions.Where(s => s.VenueId == venue.Id && s.Status == SessionStatus.Scheduled && s.EndsAt > now).Select(s => s.CohortId);
            var cohorts = await db.Cohorts.AsNoTracking()
                .Where(k => k.Capacity > venue.Capacity && k.Status != CohortStatus.Completed && k.Status != CohortStatus.Cancelled)
                .Where(k => k.VenueId == venue.Id || inSessions.Contains(k.Id))
                .Join(db.Courses, k => k.CourseId, c => c.Id, (k, c) => new { c.Title, k.StartsOn, k.Capacity })
                .ToListAsync(ct);
            var exams = await db.ExamSessions.AsNoTracking()
                .Where(e => e.VenueId == venue.Id && e.Capacity > venue.Capacity && e.WindowEnd > now)
                .Select(e => new { e.Title, e.Capacity })
                .ToListAsync(ct);
            if (cohorts.Count == 0 && exams.Count == 0) return;
            var uses = cohorts.Select(k => $"{k.Title} ({k.StartsOn:yyyy-MM-dd}, {k.Capacity})").Concat(exams.Select(e => $"{e.Title} ({e.Capacity})"));
            throw new RuleViolation("venue.capacity-below-use",
                $"{venue.Name} would seat {venue.Capacity}, fewer than planned there: {string.Join("; ", uses)}. Lower those capacities or move them first.",
                "capacity");
        }

        private async Task EnsureVenueNameFreeAsync(int centerId, string name, int? exceptId, CancellationToken ct)
        {
            if (await db.Venues.AnyAsync(v => v.CenterId == centerId && v.Name == name && v.Id != exceptId, ct))
                throw new ConflictViolation("venue.name-taken", "The center already has a venue of this name.", "name");
        }
    }
}
