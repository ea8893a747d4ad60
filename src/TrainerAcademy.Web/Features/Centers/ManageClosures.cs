using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Centers;

/// <summary>A scheduled session on a closure day, with the page where staff move it.</summary>
public sealed record AffectedSessionView(int CohortId, string CourseTitle, int Sequence, DateOnly Date, string Start, string End, string TimetableUrl);

/// <summary>A closure day and the sessions still scheduled on it (planned before the closure was added).</summary>
public sealed record ClosureView(DateOnly Date, string Reason, IReadOnlyList<AffectedSessionView> AffectedSessions);

/// <summary>
/// Staff of a center (admins any) keep the center's closure days. Timetables generated or changed afterwards skip
/// them like public holidays; sessions already scheduled on a new closure day are reported, not moved, since only
/// staff can choose where they go (and learners are told of each move).
/// </summary>
public static class ManageClosures
{
    public sealed record Command
    {
        public DateOnly? Date { get; init; }
        public string? Reason { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CurrentUser user, TimeProvider clock, ILogger<Handler> log)
    {
        public async Task<IReadOnlyList<ClosureView>> ListAsync(int centerId, DateOnly? from = null, CancellationToken ct = default)
        {
            await EnsureCenterAsync(centerId, ct);
            var closures = await db.CenterClosures.AsNoTracking()
                .Where(c => c.CenterId == centerId && (from == null || c.Date >= from))
                .OrderBy(c => c.Date).Select(c => new { c.Date, c.Reason }).ToListAsync(ct);
            var dates = closures.Select(c => c.Date).ToList();
            var affected = await AffectedAsync(centerId, dates, ct);
            return [.. closures.Select(c => new ClosureView(c.Date, c.Reason, affected.Where(a => a.Date == c.Date).ToList()))];
        }

        public async Task<ClosureView> AddAsync(int centerId, Command command, CancellationToken ct = default)
        {
            await EnsureCenterAsync(centerId, ct);
            var date = command.Date ?? throw new RuleViolation("closure.date-required", "Enter the date of the closure.", "date");
            if (date < clock.Today())
                throw new RuleViolation("closure.past", "A closure day is today or later.", "date");
            var closure = new CenterClosure(centerId, date, command.Reason ?? "");
            if (await db.CenterClosures.AnyAsync(c => c.CenterId == centerId && c.Date == date, ct))
                throw new ConflictViolation("closure.exists", $"The center is already closed on {date:yyyy-MM-dd}.", "date");
            db.CenterClosures.Add(closure);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Two staff adding the same day at once: the unique index on (center, date) keeps one.
                throw new ConflictViolation("closure.exists", $"The center is already closed on {date:yyyy-MM-dd}.", "date");
            }
            var affected = await AffectedAsync(centerId, [date], ct);
            log.LogInformation("Center {Center} closed on {Date}; {Count} sessions scheduled that day", centerId, date, affected.Count);
            return new ClosureView(date, closure.Reason, affected);
        }

        public async Task RemoveAsync(int centerId, DateOnly date, CancellationToken ct = default)
        {
            await EnsureCenterAsync(centerId, ct);
            var closure = await db.CenterClosures.SingleOrDefaultAsync(c => c.CenterId == centerId && c.Date == date, ct) ?? throw new NotFoundException();
            db.CenterClosures.Remove(closure);
            await db.SaveChangesAsync(ct);
        }

        private async Task EnsureCenterAsync(int centerId, CancellationToken ct)
        {
            if (!user.CanManage(centerId) || !await db.Centers.AnyAsync(c => c.Id == centerId, ct))
                throw new NotFoundException();
        }

        private async Task<List<AffectedSessionView>> AffectedAsync(int centerId, List<DateOnly> dates, CancellationToken ct)
        {
            if (dates.Count == 0) return [];
            var rows = await (
                from s in db.CohortSessions.AsNoTracking()
                where s.CenterId == centerId && s.Status == SessionStatus.Scheduled && dates.Contains(s.Date)
                join k in db.Cohorts on s.CohortId equals k.Id
                join c in db.Courses on k.CourseId equals c.Id
                where k.Status != CohortStatus.Cancelled
                select new { s.CohortId, c.Title, s.Sequence, s.Date, s.Start, s.End }).ToListAsync(ct);
            return [.. rows.OrderBy(r => r.Date).ThenBy(r => r.Start).ThenBy(r => r.CohortId)
                .Select(r => new AffectedSessionView(r.CohortId, r.Title, r.Sequence, r.Date, r.Start.ToString("HH:mm"), r.End.ToString("HH:mm"),
                    $"/staff/cohorts/{r.CohortId}/timetable#session-{r.Sequence}"))];
        }
    }
}
