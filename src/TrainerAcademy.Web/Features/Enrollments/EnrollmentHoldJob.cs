using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Features.Enrollments;

/// <summary>
/// Releases unpaid holds: a delayed job per hold at its expiry, and a sweep every minute for any hold whose
/// job was lost. Re-entrant: a hold already paid, cancelled or released is left alone.
/// </summary>
public sealed class EnrollmentHoldJob(AcademyDbContext db, SeatLedger seats, TimeProvider clock, EnrollmentNotifier notifier,
    IBackgroundJobClient jobs, IOptions<EnrollmentOptions> options, Payments.StripeGateway stripe, ILogger<EnrollmentHoldJob> log)
{
    public const string SweepId = "enrollment-hold-sweep";

    public async Task<bool> ReleaseAsync(int enrollmentId, CancellationToken ct)
    {
        bool released;
        Enrollment? promoted;
        try
        {
            (released, promoted) = await db.InTransactionAsync(async token =>
            {
                var enrollment = await db.Enrollments.SingleOrDefaultAsync(e => e.Id == enrollmentId, token);
                if (enrollment is null || !enrollment.ExpireHold(clock.GetUtcNow())) return (false, (Enrollment?)null);
                var next = await seats.ReleaseAsync(enrollment.CohortId, token);
                await db.SaveChangesAsync(token);
                return (true, next);
            }, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A payment, a cancellation or another release changed the place first; its seat went with that change,
            // and the rollback undid this one's.
            return false;
        }
        if (!released) return false;
        if (promoted is not null) await AfterPromotionAsync(promoted, ct);
        await ExpireOpenCheckoutsAsync(enrollmentId, ct);
        return true;
    }

    /// <summary>
    /// Closes the place's open Checkout Sessions so it can no longer be paid for. Best effort: a payment that
    /// still slips through is handled on arrival (the seat is taken again if free, otherwise refunded).
    /// </summary>
    private async Task ExpireOpenCheckoutsAsync(int enrollmentId, CancellationToken ct)
    {
        if (!stripe.IsConfigured) return;
        var sessions = await db.Payments.AsNoTracking()
            .Where(p => p.EnrollmentId == enrollmentId && p.Status == PaymentStatus.Pending && p.StripeCheckoutSessionId != null)
            .Select(p => p.StripeCheckoutSessionId!).ToListAsync(ct);
        foreach (var session in sessions)
        {
            try
            {
                await stripe.ExpireCheckoutSessionAsync(session, ct);
            }
            catch (Stripe.StripeException e)
            {
                log.LogInformation(e, "Checkout Session {Session} could not be expired", session);
            }
        }
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.Enrollments.AsNoTracking()
            .Where(e => e.Status == EnrollmentStatus.PendingPayment && e.HoldExpiresAt != null && e.HoldExpiresAt <= now)
            .OrderBy(e => e.Id).Select(e => e.Id).Take(500).ToListAsync(ct);
        var released = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            if (await ReleaseAsync(id, ct)) released++;
        }
        return released;
    }

    /// <summary>The learner promoted from the waitlist gets a hold of their own, and a message.</summary>
    public async Task AfterPromotionAsync(Enrollment promoted, CancellationToken ct)
    {
        if (promoted is { Status: EnrollmentStatus.PendingPayment, HoldExpiresAt: { } expires })
            jobs.Schedule<EnrollmentHoldJob>(j => j.ReleaseAsync(promoted.Id, CancellationToken.None), expires);
        await notifier.PromotedAsync(promoted, options.Value.Hold, ct);
    }
}
