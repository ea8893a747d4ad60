using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Enrollments;

public sealed record CancelResult(int Id, EnrollmentStatus Status, Money RefundDue);

/// <summary>The learner or the center's staff cancel a place: the seat goes to the waitlist or back to the cohort, and the refund follows the center's policy.</summary>
public static class CancelEnrollment
{
    public sealed class Handler(AcademyDbContext db, SeatLedger seats, CurrentUser user, TimeProvider clock,
        EnrollmentHoldJob holds, PaymentRefunds refunds)
    {
        public async Task<CancelResult> CancelAsync(int id, CancellationToken ct = default)
        {
            var (enrollment, promoted, due) = await db.InTransactionAsync(async token =>
            {
                var place = await db.Enrollments.SingleOrDefaultAsync(e => e.Id == id, token) ?? throw new NotFoundException();
                var byStaff = user.CanManage(place.CenterId);
                if (place.LearnerId != user.Id && !byStaff) throw new NotFoundException();

                var heldSeat = place.Cancel(clock.GetUtcNow(), byStaff ? "cancelled-by-staff" : "cancelled-by-learner");
                var next = heldSeat ? await seats.ReleaseAsync(place.CohortId, token) : null;

                var cohort = await db.Cohorts.AsNoTracking().SingleAsync(c => c.Id == place.CohortId, token);
                var policy = await db.Centers.Where(c => c.Id == place.CenterId).Select(c => new { c.RefundFullDaysBeforeStart, c.RefundLateShare }).SingleAsync(token);
                var payments = await db.Payments.Where(p => p.EnrollmentId == id && p.Status == PaymentStatus.Succeeded).ToListAsync(token);
                var refund = new RefundPolicy(policy.RefundFullDaysBeforeStart, policy.RefundLateShare)
                    .RefundFor(payments.Sum(p => p.Refundable), cohort, clock.Today());
                var owed = new List<OwedRefund>();
                foreach (var (payment, amount) in PaymentRefunds.Split(payments, refund))
                {
                    if (await refunds.OweAsync(payment, amount, $"cancel-{place.Id}", token) is { } stripeRefund) owed.Add(stripeRefund);
                }

                await db.SaveChangesAsync(token);
                return (place, next, (Total: refund, Owed: owed));
            }, ct);
            refunds.Issue(due.Owed);
            if (promoted is not null) await holds.AfterPromotionAsync(promoted, ct);
            return new CancelResult(enrollment.Id, enrollment.Status, Money.Cny(due.Total));
        }
    }
}
