using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Cohorts;

/// <summary>
/// Recurring: moves open cohorts to Running on their first day and running ones to Completed after
/// their last, by the date in China. Re-entrant: running it twice changes nothing the second time.
/// </summary>
public sealed class CohortStatusJob(AcademyDbContext db, TimeProvider clock, ILogger<CohortStatusJob> log)
{
    public const string Id = "cohort-status";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var today = clock.Today();
        var due = await db.Cohorts
            .Where(c => (c.Status == CohortStatus.Open && c.StartsOn <= today) || (c.Status == CohortStatus.Running && c.EndsOn < today))
            .ToListAsync(ct);
        var changed = due.Count(c => c.AdvanceByDate(today));
        await db.SaveChangesAsync(ct);
        if (changed > 0) log.LogInformation("Cohort status job moved {Count} cohorts on {Today}", changed, today);
        return changed;
    }
}
