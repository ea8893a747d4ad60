using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;

namespace TrainerAcademy.Features.Payments;

/// <summary>
/// Recurring: asks Stripe for the last three days of payment events (as long as Stripe retries a webhook) and
/// applies any the webhook missed, e.g. while the endpoint was down or misconfigured.
/// </summary>
public sealed class StripeReconciliationJob(StripeGateway stripe, PaymentFulfilment fulfilment, AcademyDbContext db, TimeProvider clock,
    ILogger<StripeReconciliationJob> log)
{
    public const string Id = "stripe-reconciliation";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (!stripe.IsConfigured) return 0;
        var events = await stripe.ListRecentEventsAsync(clock.GetUtcNow().AddDays(-3), PaymentFulfilment.HandledTypes, ct);
        var ids = events.Select(e => e.Id).ToList();
        var known = (await db.ProcessedStripeEvents.AsNoTracking().Where(e => ids.Contains(e.EventId)).Select(e => e.EventId).ToListAsync(ct)).ToHashSet();
        var applied = 0;
        // Oldest first, as they happened.
        foreach (var e in events.Where(e => !known.Contains(e.Id)).OrderBy(e => e.Created))
        {
            db.ChangeTracker.Clear();
            if (await fulfilment.ApplyAsync(e, ct)) applied++;
        }
        if (applied > 0) log.LogWarning("Reconciliation applied {Count} Stripe events the webhook had missed", applied);
        return applied;
    }
}
