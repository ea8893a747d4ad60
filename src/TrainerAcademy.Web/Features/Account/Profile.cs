using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Privacy;

namespace TrainerAcademy.Features.Account;

public sealed record MeView(string Id, string Email, string? DisplayName, IReadOnlyList<string> Roles, int? CenterId, ProfileView? Profile,
    bool TwoFactorEnabled = false, string? PrivacyNoticeVersion = null, DateTimeOffset? PrivacyConsentAt = null,
    DateTimeOffset? DeletionRequestedAt = null);

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

        /// <summary>
        /// Agreement to the current privacy notice: required on the first save that brings an identity or phone number when
        /// the account has no consent recorded (an account registered through the API or made by an administrator).
        /// </summary>
        public bool AcceptPrivacyNotice { get; init; }

        /// <summary>When the highest certificate of this occupation the learner holds was obtained; given with <see cref="YearsSinceCertificate"/>.</summary>
        public DateOnly? CertificateObtainedOn { get; init; }

        [Range(0, 60, ErrorMessage = "Years since the certificate are 0 to 60.")]
        public int? YearsSinceCertificate { get; init; }

        /// <summary>Months of unemployment-insurance contributions, which the national skill-upgrading subsidy asks for.</summary>
        [Range(0, 600, ErrorMessage = "Months of unemployment-insurance contributions are 0 to 600.")]
        public int? UnemploymentInsuranceMonths { get; init; }
    }

    /// <summary>
    /// Identity and phone numbers leave here masked (310***********1234, 138****8000); a masked value sent back means
    /// "unchanged", so the form and a GET-then-PUT keep them. Only the owner's own export (<c>/api/me/data</c>) has them in full.
    /// </summary>
    public sealed class Handler(AcademyDbContext db, CurrentUser current, TimeProvider clock)
    {
        private string UserId => current.RequiredId;

        public Task<MeView> GetAsync(CancellationToken ct = default) => GetAsync(reveal: false, ct);

        /// <summary>As <see cref="GetAsync(CancellationToken)"/>; <paramref name="reveal"/> gives full identity and phone numbers, only for the owner's own data export.</summary>
        public async Task<MeView> GetAsync(bool reveal, CancellationToken ct = default)
        {
            var id = UserId;
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct) ?? throw new NotFoundException();
            var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == id select r.Name!).ToListAsync(ct);
            var p = await db.LearnerProfiles.AsNoTracking().SingleOrDefaultAsync(x => x.UserId == id, ct);
            var deletion = await db.DeletionRequests.AsNoTracking().Where(d => d.UserId == id && d.Status == Domain.Privacy.DeletionRequestStatus.Pending)
                .Select(d => (DateTimeOffset?)d.RequestedAt).FirstOrDefaultAsync(ct);
            return new MeView(user.Id, user.Email!, user.DisplayName, roles, user.CenterId, p is null ? null : View(p, reveal), user.TwoFactorEnabled,
                user.PrivacyNoticeVersion, user.PrivacyConsentAt, deletion);
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
            var idNumber = PersonalDataMask.IsMasked(c.IdNumber) && c.IdType == profile.IdType ? profile.IdNumber : c.IdNumber;
            var phone = PersonalDataMask.IsMasked(c.Phone) ? profile.Phone : c.Phone;
            if (PersonalDataMask.IsMasked(idNumber))
                throw new RuleViolation("profile.id-number-masked", "Enter the whole document number.", "idNumber");
            profile.Update(c.RealName, c.IdType, idNumber, phone, c.Employment, c.SocialInsuranceCity, c.HukouCity,
                c.YearsInOccupation, c.Education, clock.GetUtcNow(), c.CertificateObtainedOn, c.YearsSinceCertificate, c.UnemploymentInsuranceMonths);

            var user = await db.Users.SingleAsync(u => u.Id == id, ct);
            if (user.PrivacyConsentAt is null && (profile.IdNumber is not null || profile.Phone is not null))
            {
                if (!c.AcceptPrivacyNotice)
                    throw new RuleViolation("profile.consent-required",
                        "Agree to the privacy notice before you give your identity document and phone numbers.", "acceptPrivacyNotice");
                user.PrivacyNoticeVersion = PrivacyNotice.Version;
                user.PrivacyConsentAt = clock.GetUtcNow();
            }

            // One identity number, one account: looked up by its keyed hash (the column holds only ciphertext), and held by
            // the unique index when two saves race.
            var hash = db.PersonalData?.IdNumberHash(profile.IdType, profile.IdNumber);
            if (hash is not null && await db.LearnerProfiles.AnyAsync(p => p.UserId != id && p.IdType == profile.IdType && p.IdNumberHash == hash, ct))
                throw IdNumberTaken();
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && hash is not null)
            {
                // Lost the race for the number to a parallel save: the unique index refused this one.
                if (await IdNumberHeldElsewhereAsync(id, profile.IdType, hash)) throw IdNumberTaken();
                throw;
            }
            return View(profile, reveal: false);
        }

        private async Task<bool> IdNumberHeldElsewhereAsync(string id, IdType type, string hash)
        {
            db.ChangeTracker.Clear();
            return await db.LearnerProfiles.AnyAsync(p => p.UserId != id && p.IdType == type && p.IdNumberHash == hash);
        }

        private static RuleViolation IdNumberTaken() =>
            new("profile.id-number-taken", "Another account already holds this document number. Sign in to that account, or ask the center for help.", "idNumber");

        public static ProfileView View(LearnerProfile p, bool reveal) =>
            new(p.RealName, p.IdType, reveal ? p.IdNumber : PersonalDataMask.IdNumber(p.IdNumber), reveal ? p.Phone : PersonalDataMask.Phone(p.Phone),
                p.Employment, p.SocialInsuranceCity, p.HukouCity, p.YearsInOccupation, p.Education, p.IsComplete, p.CertificateObtainedOn,
                p.YearsSinceCertificate, p.UnemploymentInsuranceMonths);
    }
}
