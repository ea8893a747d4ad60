using Hangfire;
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
/// A run that replaces an existing timetable with a different one (the cohort's dates, pattern or slots changed) is a
/// regeneration: sessions staff moved by hand are replaced too, so staff see it on the timetable page and learners
/// with a place get one e-mail. Progress goes to <see cref="TimetableProgress"/> for the page to poll.
/// Sessions in a year whose statutory calendar is not yet published make the timetable provisional: the job records
/// each such year (<see cref="TimetableCalendarGap"/>) for <see cref="CalendarPublishedJob"/> to act on.
/// </summary>
public sealed class TimetableJob(
    AcademyDbContext db, TimeProvider clock, TimetableProgress progress, IBackgroundJobClient jobs, ILogger<TimetableJob> log)
{
    /// <summary>True when a timetable was stored, false when a conflict report was (or the cohort is gone or cancelled).</summary>
    public async Task<bool> GenerateAsync(int cohortId, CancellationToken ct)
    {
        progress.Running(cohortId, 5);
        var cohort = await db.Cohorts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cohortId, ct);
        if (cohort is null || cohort.Status is CohortStatus.Cancelled)
        {
            progress.Finished(cohortId, "skipped");
            return false;
        }
        var course = await db.Courses.AsNoTracking().SingleAsync(c => c.Id == cohort.CourseId, ct);
        var venues = await db.Venues.AsNoTracking().Where(v => v.CenterId == cohort.CenterId).OrderBy(v => v.Id).ToListAsync(ct);
        var instructors = await db.Instructors.AsNoTracking().Where(i => i.CenterId == cohort.CenterId && i.Active).OrderBy(i => i.Id).ToListAsync(ct);
        var calendar = await db.CalendarForCenterAsync(cohort.CenterId, ct);
        var bookings = await db.BookingsAsync(cohort.CenterId, cohortId, cohort.StartsOn, ct);

        TimetableResult result;
        try
        {
            progress.Running(cohortId, 10);
            result = TimetableGenerator.Generate(
                TimetableRequest.ForCohort(cohort, course, venues, instructors, calendar, bookings), new JobProgress(progress, cohortId), ct);
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

        progress.Running(cohortId, 95);
        var before = await db.CohortSessions.AsNoTracking().Where(s => s.CohortId == cohortId).ToListAsync(ct);
        var regenerated = before.Count > 0 && !SameSessions(before.Where(s => s.Status == SessionStatus.Scheduled).Select(s => s.ToPlanned()), result.Sessions);
        await db.InTransactionAsync(async token =>
        {
            await db.CohortSessions.Where(s => s.CohortId == cohortId).ExecuteDeleteAsync(token);
            await db.TimetableConflicts.Where(c => c.CohortId == cohortId).ExecuteDeleteAsync(token);
            db.CohortSessions.AddRange(result.Sessions.Select(s => new CohortSession(cohortId, cohort.CenterId, s)));
            // The timetable, holidays included, now says when the cohort ends; the status job goes by it.
            var lastDay = result.Sessions.Max(s => s.Date);
            await db.Cohorts.Where(c => c.Id == cohortId).ExecuteUpdateAsync(u => u.SetProperty(c => c.EndsOn, lastDay), token);
            // The years planned without their holidays, remembered so that publishing one tells the center; a timetable
            // regenerated on a published year drops its record and with it the warning.
            await db.TimetableCalendarGaps.Where(g => g.CohortId == cohortId).ExecuteDeleteAsync(token);
            db.TimetableCalendarGaps.AddRange(result.UncoveredDates.Select(d => d.Year).Distinct()
                .Select(year => new TimetableCalendarGap(cohortId, year, clock.GetUtcNow())));
            await db.SaveChangesAsync(token);
        }, ct);
        db.ChangeTracker.Clear();
        log.LogInformation("Timetable of cohort {Cohort}: {Count} sessions", cohortId, result.Sessions.Count);
        if (result.Provisional)
            log.LogWarning("Timetable of cohort {Cohort} is provisional: {Count} session days lie in years whose statutory calendar is not published ({Years})",
                cohortId, result.UncoveredDates.Count, string.Join(", ", result.UncoveredDates.Select(d => d.Year).Distinct()));
        var replaced = regenerated ? before.Count(s => s.Revision > 0 || s.Status == SessionStatus.Cancelled) : 0;
        if (regenerated)
        {
            var first = result.Sessions.Min(s => s.Date);
            var last = result.Sessions.Max(s => s.Date);
            jobs.Enqueue<SessionChangeMailJob>(j => j.RunAsync(cohortId,
                new[] { $"整个课表已重新生成：共 {result.Sessions.Count} 次课，{first:yyyy-MM-dd} 至 {last:yyyy-MM-dd}，请以新课表为准 · The whole timetable was regenerated: {result.Sessions.Count} sessions from {first:yyyy-MM-dd} to {last:yyyy-MM-dd}" },
                CancellationToken.None));
        }
        progress.Finished(cohortId, "done", regenerated, replaced);
        return true;
    }

    private static bool SameSessions(IEnumerable<PlannedSession> stored, IEnumerable<PlannedSession> generated) =>
        stored.OrderBy(s => s.Sequence).SequenceEqual(generated.OrderBy(s => s.Sequence));

    /// <summary>The generator's percentage mapped into 10–90% of the job, written only every 10 points so storage is not flooded.</summary>
    private sealed class JobProgress(TimetableProgress progress, int cohortId) : IProgress<int>
    {
        private int _written = 10;

        public void Report(int value)
        {
            var percent = 10 + value * 80 / 100;
            if (percent < _written + 10) return;
            _written = percent;
            progress.Running(cohortId, percent);
        }
    }

    private async Task StoreConflictAsync(int cohortId, string text, CancellationToken ct)
    {
        progress.Finished(cohortId, "conflict");
        var existing = await db.TimetableConflicts.SingleOrDefaultAsync(c => c.CohortId == cohortId, ct);
        if (existing is null) db.TimetableConflicts.Add(new TimetableConflict(cohortId, text, clock.GetUtcNow()));
        else existing.Replace(text, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        log.LogWarning("Timetable of cohort {Cohort} not generated: {Report}", cohortId, text);
    }
}
