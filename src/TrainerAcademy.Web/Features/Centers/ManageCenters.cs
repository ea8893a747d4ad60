using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Account;

namespace TrainerAcademy.Features.Centers;

public sealed record CenterDetail(int Id, string Name, string OrganisationCode, string ProvinceCode, string City, string? Address,
    int RefundFullDaysBeforeStart, decimal RefundLateShare);
public sealed record VenueDetail(int Id, int CenterId, string Name, int Capacity, string? Address);
public sealed record InstructorDetail(int Id, int CenterId, string Name, int CertificateLevel, string? Email, bool Active);
public sealed record StaffDetail(string Id, string Email, string? DisplayName, int CenterId);

/// <summary>Admins register training centers and their staff; staff keep their own center's venues and instructors.</summary>
public static class ManageCenters
{
    public sealed record CenterCommand
    {
        [Required, StringLength(100)] public string Name { get; init; } = "";
        [Required, RegularExpression(@"^\d{4}$")] public string OrganisationCode { get; init; } = "";
        [Required, RegularExpression(@"^\d{2}$")] public string ProvinceCode { get; init; } = "31";
        [StringLength(50)] public string City { get; init; } = "上海";
        [StringLength(200)] public string? Address { get; init; }

        /// <summary>Refund policy: full refund until this many days before the start…</summary>
        [Range(0, 180)] public int RefundFullDaysBeforeStart { get; init; } = RefundPolicy.Default.FullRefundDaysBeforeStart;

        /// <summary>…and this share after it, until the cohort starts.</summary>
        [Range(0.0, 1.0)] public decimal RefundLateShare { get; init; } = RefundPolicy.Default.LateRefundShare;
    }

    public sealed record VenueCommand
    {
        [Required, StringLength(100)] public string Name { get; init; } = "";
        [Range(1, 1000)] public int Capacity { get; init; }
        [StringLength(200)] public string? Address { get; init; }
    }

    public sealed record InstructorCommand
    {
        [Required, StringLength(50)] public string Name { get; init; } = "";
        [Range(1, 5)] public int CertificateLevel { get; init; }
        [EmailAddress, StringLength(256)] public string? Email { get; init; }
        public bool Active { get; init; } = true;
    }

    public sealed record StaffCommand
    {
        [Required, EmailAddress] public string Email { get; init; } = "";
        [Required, StringLength(128, MinimumLength = 8)] public string Password { get; init; } = "";
        [StringLength(100)] public string? DisplayName { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CenterAccess access, AccountService accounts, TimeProvider clock)
    {
        public async Task<IReadOnlyList<CenterDetail>> CentersAsync(CancellationToken ct = default)
        {
            var scope = access.ScopeCenterId;
            return await db.Centers.AsNoTracking()
                .Where(c => scope == null || c.Id == scope)
                .OrderBy(c => c.Name)
                .Select(c => new CenterDetail(c.Id, c.Name, c.OrganisationCode, c.ProvinceCode, c.City, c.Address, c.RefundFullDaysBeforeStart, c.RefundLateShare))
                .ToListAsync(ct);
        }

        public async Task<CenterDetail> CenterAsync(int id, CancellationToken ct = default)
        {
            var c = await access.EnsureCanManageAsync(await db.Centers.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct));
            return new CenterDetail(c.Id, c.Name, c.OrganisationCode, c.ProvinceCode, c.City, c.Address, c.RefundFullDaysBeforeStart, c.RefundLateShare);
        }

        public async Task<int> CreateCenterAsync(CenterCommand command, CancellationToken ct = default)
        {
            var center = new TrainingCenter(command.Name, command.OrganisationCode, command.ProvinceCode, command.City, command.Address);
            center.SetRefundPolicy(command.RefundFullDaysBeforeStart, command.RefundLateShare);
            if (await db.Centers.AnyAsync(c => c.OrganisationCode == center.OrganisationCode, ct))
                throw new ConflictViolation("center.organisation-code-taken", "Another center has this organisation code.", "organisationCode");
            db.Centers.Add(center);
            await db.SaveChangesAsync(ct);
            return center.Id;
        }

        public async Task UpdateCenterAsync(int id, CenterCommand command, CancellationToken ct = default)
        {
            var center = await access.EnsureCanManageAsync(await db.Centers.FindAsync([id], ct));
            if (await db.Centers.AnyAsync(c => c.Id != id && c.OrganisationCode == command.OrganisationCode, ct))
                throw new ConflictViolation("center.organisation-code-taken", "Another center has this organisation code.", "organisationCode");
            center.Update(command.Name, command.OrganisationCode, command.ProvinceCode, command.City, command.Address);
            center.SetRefundPolicy(command.RefundFullDaysBeforeStart, command.RefundLateShare);
            await db.SaveChangesAsync(ct);
        }

        /// <summary>Staff set their own center's refund policy; admins any center's.</summary>
        public async Task SetRefundPolicyAsync(int centerId, int fullRefundDaysBeforeStart, decimal lateRefundShare, CancellationToken ct = default)
        {
            var center = await access.EnsureCanManageAsync(await db.Centers.FindAsync([centerId], ct));
            center.SetRefundPolicy(fullRefundDaysBeforeStart, lateRefundShare);
            await db.SaveChangesAsync(ct);
        }

        public async Task<IReadOnlyList<VenueDetail>> VenuesAsync(int centerId, CancellationToken ct = default)
        {
            await CenterAsync(centerId, ct);
            return await db.Venues.AsNoTracking().Where(v => v.CenterId == centerId).OrderBy(v => v.Name)
                .Select(v => new VenueDetail(v.Id, v.CenterId, v.Name, v.Capacity, v.Address)).ToListAsync(ct);
        }

        public async Task<VenueDetail> AddVenueAsync(int centerId, VenueCommand command, CancellationToken ct = default)
        {
            await CenterAsync(centerId, ct);
            var venue = new Venue(centerId, command.Name, command.Capacity, command.Address);
            await EnsureVenueNameFreeAsync(centerId, venue.Name, null, ct);
            db.Venues.Add(venue);
            await db.SaveChangesAsync(ct);
            return new VenueDetail(venue.Id, venue.CenterId, venue.Name, venue.Capacity, venue.Address);
        }

        public async Task<VenueDetail> UpdateVenueAsync(int id, VenueCommand command, CancellationToken ct = default)
        {
            var venue = await access.EnsureCanManageAsync(await db.Venues.FindAsync([id], ct));
            venue.Update(command.Name, command.Capacity, command.Address);
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

        public async Task<IReadOnlyList<InstructorDetail>> InstructorsAsync(int centerId, CancellationToken ct = default)
        {
            await CenterAsync(centerId, ct);
            return await db.Instructors.AsNoTracking().Where(i => i.CenterId == centerId).OrderBy(i => i.Name)
                .Select(i => new InstructorDetail(i.Id, i.CenterId, i.Name, i.CertificateLevel, i.Email, i.Active)).ToListAsync(ct);
        }

        public async Task<InstructorDetail> AddInstructorAsync(int centerId, InstructorCommand command, CancellationToken ct = default)
        {
            await CenterAsync(centerId, ct);
            var instructor = new Instructor(centerId, command.Name, command.CertificateLevel, command.Email);
            db.Instructors.Add(instructor);
            await db.SaveChangesAsync(ct);
            return ToDetail(instructor);
        }

        public async Task<InstructorDetail> UpdateInstructorAsync(int id, InstructorCommand command, CancellationToken ct = default)
        {
            var instructor = await access.EnsureCanManageAsync(await db.Instructors.FindAsync([id], ct));
            instructor.Update(command.Name, command.CertificateLevel, command.Email);
            if (command.Active) instructor.Activate(); else instructor.Deactivate();
            await db.SaveChangesAsync(ct);
            return ToDetail(instructor);
        }

        public async Task<IReadOnlyList<StaffDetail>> StaffAsync(int centerId, CancellationToken ct = default)
        {
            await CenterAsync(centerId, ct);
            return await db.Users.AsNoTracking().Where(u => u.CenterId == centerId).OrderBy(u => u.Email)
                .Select(u => new StaffDetail(u.Id, u.Email!, u.DisplayName, centerId)).ToListAsync(ct);
        }

        /// <summary>Admins only (the API and page say so): a staff account of the center.</summary>
        public async Task<StaffDetail> AddStaffAsync(int centerId, StaffCommand command, CancellationToken ct = default)
        {
            await CenterAsync(centerId, ct);
            var user = await accounts.CreateAsync(command.Email.Trim(), command.Password, Roles.CenterStaff, centerId, command.DisplayName);
            return new StaffDetail(user.Id, user.Email!, user.DisplayName, centerId);
        }

        private async Task EnsureVenueNameFreeAsync(int centerId, string name, int? exceptId, CancellationToken ct)
        {
            if (await db.Venues.AnyAsync(v => v.CenterId == centerId && v.Name == name && v.Id != exceptId, ct))
                throw new ConflictViolation("venue.name-taken", "The center already has a venue of this name.", "name");
        }

        private static InstructorDetail ToDetail(Instructor i) => new(i.Id, i.CenterId, i.Name, i.CertificateLevel, i.Email, i.Active);
    }
}
