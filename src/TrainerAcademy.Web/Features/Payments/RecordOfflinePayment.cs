using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Enrollments;

namespace TrainerAcademy.Features.Payments;

/// <summary>Staff record money that reached the center outside Stripe (bank transfer, employer invoice); the place is confirmed.</summary>
public static class RecordOfflinePayment
{
    /// <summary>What the API takes and the roster page binds; the form's messages are resource keys.</summary>
    public sealed record Command
    {
        [Required(ErrorMessage = "Enter the amount received."), Range(0, 1_000_000, ErrorMessage = "The amount is 0 to 1,000,000 yuan.")]
        public decimal Amount { get; init; }

        [Required(ErrorMessage = "Enter the bank transfer or invoice reference."), StringLength(100, ErrorMessage = "The reference is at most 100 characters.")]
        public string Reference { get; init; } = "";
    }

    public sealed record Result(int PaymentId, int EnrollmentId, EnrollmentStatus Status);

    public sealed class Handler(AcademyDbContext db, CenterAccess access, SeatLedger seats, CurrentUser user, TimeProvider clock, EnrollmentNotifier notifier)
    {
        public async Task<Result> RecordAsync(int enrollmentId, Command command, CancellationToken ct = default)
        {
            var (enrollment, payment) = await db.InTransactionAsync(async token =>
            {
                var place = await access.EnsureCanManageAsync(await db.Enrollments.SingleOrDefaultAsync(e => e.Id == enrollmentId, token));
                var now = clock.GetUtcNow();
                switch (place.Status)
                {
                    case EnrollmentStatus.PendingPayment:
                        place.Confirm(Funding.Offline, now);
                        break;
                    case EnrollmentStatus.Expired or EnrollmentStatus.Waitlisted:
                        if (!await seats.TryTakeAsync(place.CohortId, token))
                            throw Cohort.Full();
                        place.ConfirmWithRetakenSeat(Funding.Offline, now);
                        break;
                    default:
                        throw new ConflictViolation("payment.offline-not-needed", $"A {place.Status} place takes no payment.");
                }
                var received = Payment.Offline(place, command.Amount, command.Reference, user.Id ?? "", now);
                db.Payments.Add(received);
                await db.SaveChangesAsync(token);
                return (place, received);
            }, ct);
            await notifier.ConfirmedAsync(enrollment, ct);
            return new Result(payment.Id, enrollment.Id, enrollment.Status);
        }
    }
}
