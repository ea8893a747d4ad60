using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Features.Enrollments;

public sealed record EnrollmentView(
    int Id, int CohortId, int CourseId, string CourseTitle, int Level, string CenterName, DateOnly StartsOn, EnrollmentStatus Status,
    Money Price, Money Paid, Money Refunded, DateTimeOffset CreatedAt, DateTimeOffset? HoldExpiresAt, DateTimeOffset? ConfirmedAt,
    Funding? Funding, int? WaitlistPosition, IReadOnlyList<int> ReceiptPaymentIds, int RefundFullDaysBeforeStart, decimal RefundLateShare);

public sealed record RosterEntry(
    int EnrollmentId, string LearnerId, string Email, string? Name, string? Phone, EnrollmentStatus Status, Money Price, Money Paid,
    Money Refunded, Funding? Funding, DateTimeOffset CreatedAt, DateTimeOffset? HoldExpiresAt, int? WaitlistPosition);

/// <summary>What learners see of their places and what staff see of a cohort's roster.</summary>
public static class EnrollmentQueries
{
    public sealed class Handler(AcademyDbContext db, CurrentUser user, CenterAccess access)
    {

        public async Task<IReadOnlyList<EnrollmentView>> MineAsync(CancellationToken ct = default)
        {
            var id = user.RequiredId;
            // Sorted after the query: EF cannot order by a member of the projected record, and a learner has few places.
            var places = await Project(db.Enrollments.AsNoTracking().Where(e => e.LearnerId == id)).ToListAsync(ct);
            return places.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).ToList();
        }

        /// <summary>One place, for its learner or the center's staff; anyone else gets 404.</summary>
        public async Task<EnrollmentView> GetAsync(int id, CancellationToken ct = default)
        {
            var owner = await db.Enrollments.AsNoTracking().Where(e => e.Id == id)
                .Select(e => new { e.LearnerId, e.CenterId }).SingleOrDefaultAsync(ct);
            if (owner is null || (owner.LearnerId != user.Id && !user.CanManage(owner.CenterId)))
                throw new NotFoundException();
            return await Project(db.Enrollments.AsNoTracking().Where(e => e.Id == id)).SingleAsync(ct);
        }

        public async Task<IReadOnlyList<RosterEntry>> RosterAsync(int cohortId, CancellationToken ct = default)
        {
            await access.EnsureCanManageAsync(await db.Cohorts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cohortId, ct));
            var roster = await (
                from e in db.Enrollments.AsNoTracking()
                where e.CohortId == cohortId
                join u in db.Users on e.LearnerId equals u.Id
                from p in db.LearnerProfiles.Where(p => p.UserId == e.LearnerId).DefaultIfEmpty()
                orderby e.Status, e.CreatedAt, e.Id
                select new RosterEntry(e.Id, e.LearnerId, u.Email!, p == null ? u.DisplayName : p.RealName ?? u.DisplayName, p == null ? null : p.Phone,
                    e.Status, new Money(e.Price, "CNY"),
                    new Money(db.Payments.Where(x => x.EnrollmentId == e.Id && x.Status == PaymentStatus.Succeeded).Sum(x => (decimal?)x.Amount) ?? 0m, "CNY"),
                    new Money(db.Payments.Where(x => x.EnrollmentId == e.Id).Sum(x => (decimal?)x.RefundedAmount) ?? 0m, "CNY"),
                    e.Funding, e.CreatedAt, e.HoldExpiresAt,
                    e.Status == EnrollmentStatus.Waitlisted
                        ? db.Enrollments.Count(w => w.CohortId == e.CohortId && w.Status == EnrollmentStatus.Waitlisted
                                                    && (w.CreatedAt < e.CreatedAt || (w.CreatedAt == e.CreatedAt && w.Id < e.Id))) + 1
                        : null)).ToListAsync(ct);
            // Staff see the phone masked (138****8000): the roster is a list, not a need for the full number.
            return [.. roster.Select(r => r with { Phone = Privacy.PersonalDataMask.Phone(r.Phone) })];
        }

        private IQueryable<EnrollmentView> Project(IQueryable<Enrollment> enrollments) =>
            from e in enrollments
            join k in db.Cohorts on e.CohortId equals k.Id
            join c in db.Courses on k.CourseId equals c.Id
            join center in db.Centers on e.CenterId equals center.Id
            select new EnrollmentView(e.Id, e.CohortId, c.Id, c.Title, c.Level, center.Name, k.StartsOn, e.Status,
                new Money(e.Price, "CNY"),
                new Money(db.Payments.Where(x => x.EnrollmentId == e.Id && x.Status == PaymentStatus.Succeeded).Sum(x => (decimal?)x.Amount) ?? 0m, "CNY"),
                new Money(db.Payments.Where(x => x.EnrollmentId == e.Id).Sum(x => (decimal?)x.RefundedAmount) ?? 0m, "CNY"),
                e.CreatedAt, e.HoldExpiresAt, e.ConfirmedAt, e.Funding,
                e.Status == EnrollmentStatus.Waitlisted
                    ? db.Enrollments.Count(w => w.CohortId == e.CohortId && w.Status == EnrollmentStatus.Waitlisted
                                                && (w.CreatedAt < e.CreatedAt || (w.CreatedAt == e.CreatedAt && w.Id < e.Id))) + 1
                    : null,
                db.Payments.Where(x => x.EnrollmentId == e.Id && x.Status == PaymentStatus.Succeeded).OrderBy(x => x.Id).Select(x => x.Id).ToList(),
                center.RefundFullDaysBeforeStart, center.RefundLateShare);
    }
}
