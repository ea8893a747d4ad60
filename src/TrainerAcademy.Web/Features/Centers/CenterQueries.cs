using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;

namespace TrainerAcademy.Features.Centers;

public sealed record CenterDetail(int Id, string Name, string OrganisationCode, string ProvinceCode, string City, string? Address,
    int RefundFullDaysBeforeStart, decimal RefundLateShare);
public sealed record VenueDetail(int Id, int CenterId, string Name, int Capacity, string? Address);
public sealed record InstructorDetail(int Id, int CenterId, string Name, int CertificateLevel, string? Email, bool Active);
public sealed record StaffDetail(string Id, string Email, string? DisplayName, int CenterId);

/// <summary>A center and its venues, instructors and staff, as the caller may see them (staff: their own center; another is a 404).</summary>
public static class CenterQueries
{
    public sealed class Handler(AcademyDbContext db, CenterAccess access)
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

        public async Task<IReadOnlyList<VenueDetail>> VenuesAsync(int centerId, CancellationToken ct = default)
        {
            await CenterAsync(centerId, ct);
            return await db.Venues.AsNoTracking().Where(v => v.CenterId == centerId).OrderBy(v => v.Name)
                .Select(v => new VenueDetail(v.Id, v.CenterId, v.Name, v.Capacity, v.Address)).ToListAsync(ct);
        }

        public async Task<IReadOnlyList<InstructorDetail>> InstructorsAsync(int centerId, CancellationToken ct = default)
        {
            await CenterAsync(centerId, ct);
            return await db.Instructors.AsNoTracking().Where(i => i.CenterId == centerId).OrderBy(i => i.Name)
                .Select(i => new InstructorDetail(i.Id, i.CenterId, i.Name, i.CertificateLevel, i.Email, i.Active)).ToListAsync(ct);
        }

        public async Task<IReadOnlyList<StaffDetail>> StaffAsync(int centerId, CancellationToken ct = default)
        {
            await CenterAsync(centerId, ct);
            return await db.Users.AsNoTracking().Where(u => u.CenterId == centerId).OrderBy(u => u.Email)
                .Select(u => new StaffDetail(u.Id, u.Email!, u.DisplayName, centerId)).ToListAsync(ct);
        }
    }
}
