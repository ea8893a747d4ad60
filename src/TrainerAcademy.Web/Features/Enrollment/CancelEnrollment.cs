using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Enrollment;

public sealed record CancelResult(int Id, EnrollmentStatus Status, Money RefundDue);

/// <summary>The learner or the center's staff cancel a place: the seat goes to the waitlist or back to the cohort, and the refund follows the center's policy.</summary>
public static class CancelEnrollment
{
    public sealed class Handler(AcademyDbContext db, SeatLedger seats, IHttpContextAccessor http, TimeProvider clock,
        EnrollmentHoldJob holds, PaymentRefunds refunds)
    {
        public async Task<CancelResult> CancelAsync(int id, CancellationToken ct = default)
        {
            var user = http.HttpContext?.User ?? throw new NotFoundException();
            Domain.Enrollment enrollment;
            Domain.Enrollment? promoted;
            IReadOnlyList<(Payment Payment, decimal Amount)> due;
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                enrollment = await db.Enrollments.SingleOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFoundException();
                var byStaff = CenterAccess.CanManage(user, enrollment.CenterId);
                if (enrollment.LearnerId != user.GetUserId() && !byStaff) throw new NotFoundException();

                var heldSeat = enrollment.Cancel(clock.GetUtcNow(), byStaff ? "cancelled-by-staff" : "cancelled-by-learner");
                promoted = heldSeat ? await seats.ReleaseAsync(enrollment.CohortId, ct) : null;

                var cohort = await db.Cohorts.AsNoTracking().SingleAsync(c => c.Id == enrollment.CohortId, ct);
                var policy = await db.Centers.Where(c => c.Id == enrollment.CenterId).Select(c => new { c.RefundFullDaysBeforeStart, c.RefundLateShare }).SingleAsync(ct);
                var payments = await db.Payments.Where(p => p.EnrollmentId == id && p.Status == PaymentStatus.Succeeded).ToListAsync(ct);
                var refund = new RefundPolicy(policy.RefundFullDaysBeforeStart, policy.RefundLateShare)
                    .RefundFor(payments.Sum(p => p.Refundable), cohort, clock.Today());
                due = PaymentRefunds.Split(payments, refund);

                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            foreach (var (payment, amount) in due) refunds.Request(payment, amount, $"cancel-{enrollment.Id}");
            if (promoted is not null) await holds.AfterPromotionAsync(promoted, ct);
            return new CancelResult(enrollment.Id, enrollment.Status, Money.Cny(due.Sum(d => d.Amount)));
        }
    }
}
