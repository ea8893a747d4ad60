using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Enrollment;

namespace TrainerAcademy.Features.Payments;

/// <summary>Staff record money that reached the center outside Stripe (bank transfer, employer invoice); the place is confirmed.</summary>
public static class RecordOfflinePayment
{
    public sealed record Command
    {
        [Range(0, 1_000_000)] public decimal Amount { get; init; }
        [Required, StringLength(100)] public string Reference { get; init; } = "";
    }

    public sealed record Result(int PaymentId, int EnrollmentId, EnrollmentStatus Status);

    public sealed class Handler(AcademyDbContext db, CenterAccess access, SeatLedger seats, IHttpContextAccessor http, TimeProvider clock, EnrollmentNotifier notifier)
    {
        public async Task<Result> RecordAsync(int enrollmentId, Command command, CancellationToken ct = default)
        {
            Domain.Enrollment enrollment;
            Payment payment;
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                enrollment = await access.EnsureCanManageAsync(await db.Enrollments.SingleOrDefaultAsync(e => e.Id == enrollmentId, ct));
                var now = clock.GetUtcNow();
                switch (enrollment.Status)
                {
                    case EnrollmentStatus.PendingPayment:
                        enrollment.Confirm(Funding.Offline, now);
                        break;
                    case EnrollmentStatus.Expired or EnrollmentStatus.Waitlisted:
                        if (!await seats.TryTakeAsync(enrollment.CohortId, ct))
                            throw new ConflictViolation("enrollment.full", "The cohort is full. You can join its waitlist.");
                        enrollment.ConfirmWithRetakenSeat(Funding.Offline, now);
                        break;
                    default:
                        throw new ConflictViolation("payment.offline-not-needed", $"A {enrollment.Status} place takes no payment.");
                }
                payment = Payment.Offline(enrollment, command.Amount, command.Reference, http.HttpContext?.User.GetUserId() ?? "", now);
                db.Payments.Add(payment);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            await notifier.ConfirmedAsync(enrollment, ct);
            return new Result(payment.Id, enrollment.Id, enrollment.Status);
        }
    }
}
