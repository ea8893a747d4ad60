using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Features.Account;

public sealed record MeView(string Id, string Email, string? DisplayName, IReadOnlyList<string> Roles, int? CenterId, ProfileView? Profile,
    bool TwoFactorEnabled = false);

public sealed record ProfileView(
    string? RealName, IdType IdType, string? IdNumber, string? Phone, Employment? Employment, string? SocialInsuranceCity,
    string? HukouCity, int? YearsInOccupation, Education? Education, bool IsComplete, DateOnly? CertificateObtainedOn = null,
    int? YearsSinceCertificate = null, int? UnemploymentInsuranceMonths = null);

/// <summary>The signed-in user's own account and real-name profile.</summary>
public static class Profile
{
    /// <summary>What <c>PUT /api/me/profile</c> takes and the profile page binds; its messages are the form's.</summary>
    public sealed record Command
    {
        [StringLength(50, ErrorMessage = "The real name is at most 50 characters.")]
        public string? RealName { get; init; }

        public IdType IdType { get; init; } = IdType.ResidentIdCard;

        [StringLength(20, ErrorMessage = "The document number is at most 20 characters.")]
        public string? IdNumber { get; init; }

        [StringLength(20, ErrorMessage = "The phone number is an 11-digit mainland mobile number.")]
        public string? Phone { get; init; }

        public Employment? Employment { get; init; }

        [StringLength(50, ErrorMessage = "A city name is at most 50 characters.")]
        public string? SocialInsuranceCity { get; init; }

        [StringLength(50, ErrorMessage = "A city name is at most 50 characters.")]
        public string? HukouCity { get; init; }

        [Range(0, 60, ErrorMessage = "Years in the occupation are 0 to 60.")]
        public int? YearsInOccupation { get; init; }

        public Education? Education { get; init; }

        /// <summary>When the highest certificate of this occupation the learner holds was obtained; given with <see cref="YearsSinceCertificate"/>.</summary>
        public DateOnly? CertificateObtainedOn { get; init; }

        [Range(0, 60, ErrorMessage = "Years since the certificate are 0 to 60.")]
        public int? YearsSinceCertificate { get; init; }

        /// <summary>Months of unemployment-insurance contributions, which the national skill-upgrading subsidy asks for.</summary>
        [Range(0, 600, ErrorMessage = "Months of unemployment-insurance contributions are 0 to 600.")]
        public int? UnemploymentInsuranceMonths { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CurrentUser current, TimeProvider clock)
    {
        private string UserId => current.RequiredId;

        public async Task<MeView> GetAsync(CancellationToken ct = default)
        {
            var id = UserId;
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct) ?? throw new NotFoundException();
            var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == id select r.Name!).ToListAsync(ct);
            var p = await db.LearnerProfiles.AsNoTracking().SingleOrDefaultAsync(x => x.UserId == id, ct);
            var profile = p is null ? null : new ProfileView(p.RealName, p.IdType, p.IdNumber, p.Phone, p.Employment, p.SocialInsuranceCity,
                p.HukouCity, p.YearsInOccupation, p.Education, p.IsComplete, p.CertificateObtainedOn, p.YearsSinceCertificate, p.UnemploymentInsuranceMonths);
            return new MeView(user.Id, user.Email!, user.DisplayName, roles, user.CenterId, profile, user.TwoFactorEnabled);
        }

        public async Task<ProfileView> SaveAsync(Command c, CancellationToken ct = default)
        {
            var id = UserId;
            var profile = await db.LearnerProfiles.FindAsync([id], ct);
            if (profile is null)
            {
                profile = new LearnerProfile(id);
                db.LearnerProfiles.Add(profile);
            }
            profile.Update(c.RealName, c.IdType, c.IdNumber, c.Phone, c.Employment, c.SocialInsuranceCity, c.HukouCity,
                c.YearsInOccupation, c.Education, clock.GetUtcNow(), c.CertificateObtainedOn, c.YearsSinceCertificate, c.UnemploymentInsuranceMonths);
            await db.SaveChangesAsync(ct);
            return new ProfileView(profile.RealName, profile.IdType, profile.IdNumber, profile.Phone, profile.Employment,
                profile.SocialInsuranceCity, profile.HukouCity, profile.YearsInOccupation, profile.Education, profile.IsComplete,
                profile.CertificateObtainedOn, profile.YearsSinceCertificate, profile.UnemploymentInsuranceMonths);
        }
    }
}
