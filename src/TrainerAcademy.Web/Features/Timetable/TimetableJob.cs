using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Features.Timetable;

/// <summary>
/// Generates a cohort's timetable from the stored cohort, course, the center's venues and instructors, the statutory
/// calendar and the other cohorts' scheduled sessions. On success the cohort's sessions are replaced in one transaction
/// and its conflict report removed; on a conflict the report is stored and the existing sessions stay as they were.
/// Re-entrant: run again on unchanged data it writes the same sessions.
/// </summary>
public sealed class TimetableJob(AcademyDbContext db, TimeProvider clock, ILogger<TimetableJob> log)
{
    /// <summary>True when a timetable was stored, false when a conflict report was (or the cohort is gone or cancelled).</summary>
    public async Task<bool> GenerateAsync(int cohortId, CancellationToken ct)
    {
        var cohort = await db.Cohorts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cohortId, ct);
        if (cohort is null || cohort.Status is CohortStatus.Cancelled) return false;
        var course = await db.Courses.AsNoTracking().SingleAsync(c => c.Id == cohort.CourseId, ct);
        var venues = await db.Venues.AsNoTracking().Where(v => v.CenterId == cohort.CenterId).OrderBy(v => v.Id).ToListAsync(ct);
        var instructors = await db.Instructors.AsNoTracking().Where(i => i.CenterId == cohort.CenterId && i.Active).OrderBy(i => i.Id).ToListAsync(ct);
        var calendar = await db.StatutoryCalendarAsync(ct);
        var bookings = await db.BookingsAsync(cohort.CenterId, cohortId, cohort.StartsOn, ct);

        TimetableResult result;
        try
        {
            result = TimetableGenerator.Generate(TimetableRequest.ForCohort(cohort, course, venues, instructors, calendar, bookings), cancellationToken: ct);
        }
        catch (RuleViolation e)
        {
            // E.g. no venue large enough or no active instructor: as much a reason for no timetable as a clash.
            await StoreConflictAsync(cohortId, e.Message, ct);
            return false;
        }

        if (!result.Succeeded)
        {
            await StoreConflictAsync(cohortId, result.Conflicts.ToString(), ct);
            return false;
        }

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.CohortSessions.Where(s => s.CohortId == cohortId).ExecuteDeleteAsync(ct);
            await db.TimetableConflicts.Where(c => c.CohortId == cohortId).ExecuteDeleteAsync(ct);
            db.CohortSessions.AddRange(result.Sessions.Select(s => new CohortSession(cohortId, cohort.CenterId, s)));
            // The timetable, holidays included, now says when the cohort ends; the status job goes by it.
            var lastDay = result.Sessions.Max(s => s.Date);
            await db.Cohorts.Where(c => c.Id == cohortId).ExecuteUpdateAsync(u => u.SetProperty(c => c.EndsOn, lastDay), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        log.LogInformation("Timetable of cohort {Cohort}: {Count} sessions", cohortId, result.Sessions.Count);
        return true;
    }

    private async Task StoreConflictAsync(int cohortId, string text, CancellationToken ct)
    {
        var existing = await db.TimetableConflicts.SingleOrDefaultAsync(c => c.CohortId == cohortId, ct);
        if (existing is null) db.TimetableConflicts.Add(new TimetableConflict(cohortId, text, clock.GetUtcNow()));
        else existing.Replace(text, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        log.LogWarning("Timetable of cohort {Cohort} not generated: {Report}", cohortId, text);
    }
}
