using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Features.Enrollments;

/// <summary>
/// Takes and gives back cohort seats with single conditional UPDATE statements, so the count can never pass
/// the capacity however many requests race (the table's check constraint holds the same line).
/// Callers run these inside the transaction that also writes the enrollment.
/// </summary>
[FeatureService]
public sealed class SeatLedger(AcademyDbContext db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<EnrollmentOptions> options)
{
    /// <summary>True when a seat was free and is now taken.</summary>
    public async Task<bool> TryTakeAsync(int cohortId, CancellationToken ct) =>
        await db.Cohorts
            .Where(c => c.Id == cohortId && c.SeatsTaken < c.Capacity).Where(Cohort.TakesEnrollments)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SeatsTaken, c => c.SeatsTaken + 1), ct) == 1;

    /// <summary>
    /// Locks the cohort's row until the transaction ends (a no-op update). Joining the waitlist and releasing a seat
    /// both take it first, so a learner joining the waitlist while a seat is released is either promoted or sees the
    /// free seat, never passed over. (SQLite serializes writers anyway; PostgreSQL and SQL Server need the row lock.)
    /// </summary>
    public Task LockCohortAsync(int cohortId, CancellationToken ct) =>
        db.Cohorts.Where(c => c.Id == cohortId).ExecuteUpdateAsync(s => s.SetProperty(c => c.SeatsTaken, c => c.SeatsTaken), ct);

    /// <summary>
    /// A seat came free: it passes to the first learner on the waitlist (with a fresh hold), or back to the cohort.
    /// Returns the promoted enrollment, if any, so the caller can tell the learner.
    /// </summary>
    public async Task<Enrollment?> ReleaseAsync(int cohortId, CancellationToken ct)
    {
        await LockCohortAsync(cohortId, ct);
        // Only an open cohort takes anyone new: a cancelled or running one must not hand out holds and "a place came free" mail.
        var open = await db.Cohorts.Where(c => c.Id == cohortId).AnyAsync(Cohort.TakesEnrollments, ct);
        var next = !open ? null : await db.Enrollments
            .Where(e => e.CohortId == cohortId && e.Status == EnrollmentStatus.Waitlisted)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .FirstOrDefaultAsync(ct);
        if (next is not null)
        {
            next.PromoteFromWaitlist(clock.GetUtcNow(), options.Value.Hold);
            return next;
        }
        await db.Cohorts
            .Where(c => c.Id == cohortId && c.SeatsTaken > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SeatsTaken, c => c.SeatsTaken - 1), ct);
        return null;
    }
}

public sealed class EnrollmentOptions
{
    /// <summary>How long an unpaid seat is held, in minutes.</summary>
    public int HoldMinutes { get; set; } = 30;

    public TimeSpan Hold => TimeSpan.FromMinutes(HoldMinutes);
}
