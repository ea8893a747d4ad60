using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Payments;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Enrollments;

public sealed record CheckoutStarted(string CheckoutUrl);

/// <summary>
/// Sends the learner to Stripe Checkout for a held place. The browser coming back fulfils nothing: the webhook
/// (or the reconciliation job) does, once.
/// </summary>
public static class Checkout
{
    public sealed class Handler(AcademyDbContext db, StripeGateway stripe, CurrentUser user, PublicUrl publicUrl, TimeProvider clock)
    {
        public async Task<CheckoutStarted> StartAsync(int enrollmentId, CancellationToken ct = default)
        {
            var userId = user.Id;
            var enrollment = await db.Enrollments.SingleOrDefaultAsync(e => e.Id == enrollmentId && e.LearnerId == userId, ct)
                ?? throw new NotFoundException();
            if (enrollment.Status != EnrollmentStatus.PendingPayment || enrollment.HoldExpiresAt is not { } holdEnds || holdEnds <= clock.GetUtcNow())
                throw new ConflictViolation("checkout.not-payable", "Only a held place can be paid for; this one is not waiting for payment.");
            if (!stripe.IsConfigured)
                throw new ConflictViolation("checkout.not-configured", "Online payment is not set up at this platform. The center can record a bank transfer.");

            var title = await (from k in db.Cohorts
                               join c in db.Courses on k.CourseId equals c.Id
                               where k.Id == enrollment.CohortId
                               select c.Title + "（" + k.StartsOn.ToString() + " 开班）").SingleAsync(ct);
            var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync(ct);
            // A session already started for this place is handed out again while it is open: a second one (a new expiry
            // makes a new idempotency key) would let the learner pay twice. An expired one closes its attempt.
            var started = await db.Payments
                .Where(p => p.EnrollmentId == enrollment.Id && p.Method == PaymentMethod.Stripe && p.Status == PaymentStatus.Pending && p.StripeCheckoutSessionId != null)
                .OrderByDescending(p => p.Id).ToListAsync(ct);
            foreach (var pending in started)
            {
                var existing = await stripe.GetCheckoutSessionAsync(pending.StripeCheckoutSessionId!, ct);
                if (existing.Status == "open" && existing.Url is { Length: > 0 } url) return new CheckoutStarted(url);
                if (existing.Status != "expired")
                    throw new ConflictViolation("checkout.in-progress", "A payment for this place is already being processed.");
                pending.MarkExpired();
            }
            if (started.Count > 0) await db.SaveChangesAsync(ct);

            var closedAttempts = await db.Payments.CountAsync(p => p.EnrollmentId == enrollment.Id && p.Method == PaymentMethod.Stripe && p.Status != PaymentStatus.Pending, ct);

            var baseUrl = publicUrl.Base;
            var session = await stripe.CreateCheckoutSessionAsync(new CheckoutRequest(
                enrollment.Id, enrollment.Price, title, email,
                SuccessUrl: $"{baseUrl}/enrollments/{enrollment.Id}?paid=1&session_id={{CHECKOUT_SESSION_ID}}",
                CancelUrl: $"{baseUrl}/enrollments/{enrollment.Id}",
                ExpiresAt: holdEnds,
                Attempt: closedAttempts + 1), ct);

            // The same attempt gives the same session (Stripe's idempotency key), so the payment row is made once.
            if (!await db.Payments.AnyAsync(p => p.StripeCheckoutSessionId == session.SessionId, ct))
            {
                db.Payments.Add(Payment.ForCheckout(enrollment, session.SessionId, clock.GetUtcNow()));
                try { await db.SaveChangesAsync(ct); }
                catch (DbUpdateException) { /* a parallel request stored the same session */ }
            }
            return new CheckoutStarted(session.Url);
        }
    }
}
