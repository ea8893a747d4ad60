using Hangfire;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Features.Timetable;

/// <summary>One changed session: "moved", "cancelled", "madeUp" or "restaffed", with the session before and after.</summary>
public sealed record SessionChangeView(string Kind, int Sequence, SessionView? Before, SessionView? After);

public sealed record SessionChangesView(int CohortId, IReadOnlyList<SessionChangeView> Changes);

/// <summary>
/// Staff move, cancel or re-staff one session of a cohort of their center (admins any). The cohort's scheduled
/// sessions become a <see cref="CohortTimetable"/> checked against the statutory calendar and the other cohorts'
/// bookings of the center; the domain's changes are stored in one transaction and the cohort's end date follows its
/// last scheduled session. A clash is a 409, a broken rule (not a class day, outside the daily slots) a 422.
/// </summary>
public static class ChangeSession
{
    public sealed record MoveBody(DateOnly? Date, string? Start);

    public sealed record CancelBody(bool? MakeUp);

    public sealed record RestaffBody(int? InstructorId);

    public sealed class Handler(AcademyDbContext db, CenterAccess access, IBackgroundJobClient jobs, TimeProvider clock, ILogger<Handler> log)
    {
        /// <summary>A move as the API and the timetable page take it.</summary>
        public Task<SessionChangesView> MoveAsync(int cohortId, int sequence, MoveBody body, CancellationToken ct = default) =>
            MoveAsync(cohortId, sequence, body.Date ?? throw new RuleViolation("session.date-required", "Enter the new date.", "date"), ParseStart(body.Start), ct);

        /// <summary>A change of instructor as the API and the timetable page take it.</summary>
        public Task<SessionChangesView> RestaffAsync(int cohortId, int sequence, RestaffBody body, CancellationToken ct = default) =>
            RestaffAsync(cohortId, sequence, body.InstructorId ?? throw new RuleViolation("session.instructor-required", "Choose the instructor.", "instructorId"), ct);

        public async Task<SessionChangesView> MoveAsync(int cohortId, int sequence, DateOnly date, TimeOnly start, CancellationToken ct = default)
        {
            var state = await LoadAsync(cohortId, ct);
            return await SaveAsync(state, state.Timetable.Move(sequence, date, start, state.Bookings), ct);
        }

        public async Task<SessionChangesView> CancelAsync(int cohortId, int sequence, bool makeUp = true, CancellationToken ct = default)
        {
            var state = await LoadAsync(cohortId, ct);
            return await SaveAsync(state, state.Timetable.Cancel(sequence, state.Bookings, makeUp), ct);
        }

        public async Task<SessionChangesView> RestaffAsync(int cohortId, int sequence, int instructorId, CancellationToken ct = default)
        {
            var state = await LoadAsync(cohortId, ct);
            var instructor = await db.Instructors.AsNoTracking()
                .SingleOrDefaultAsync(i => i.Id == instructorId && i.CenterId == state.Cohort.CenterId, ct)
                ?? throw new RuleViolation("session.instructor-unknown", $"The center has no instructor {instructorId}.", "instructorId");
            return await SaveAsync(state, state.Timetable.Restaff(sequence, InstructorOption.From(instructor), state.Bookings), ct);
        }

        /// <summary>Parses a start time given as HH:mm.</summary>
        public static TimeOnly ParseStart(string? start) =>
            TimeOnly.TryParseExact(start?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], out var t)
                ? t
                : throw new RuleViolation("session.start-format", "Enter the start time as HH:mm, e.g. 09:00.", "start");

        private sealed record State(Cohort Cohort, List<CohortSession> Stored, CohortTimetable Timetable, CenterBookings Bookings);

        private async Task<State> LoadAsync(int cohortId, CancellationToken ct)
        {
            var cohort = await access.EnsureCanManageAsync(await db.Cohorts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cohortId, ct));
            if (cohort.Status is CohortStatus.Cancelled or CohortStatus.Completed)
                throw new RuleViolation("session.cohort-closed", "The sessions of a cancelled or completed cohort cannot be changed.");
            var stored = await db.CohortSessions.Where(s => s.CohortId == cohortId).ToListAsync(ct);
            var scheduled = stored.Where(s => s.Status == SessionStatus.Scheduled).Select(s => s.ToPlanned()).ToList();
            if (scheduled.Count == 0)
                throw new RuleViolation("session.no-timetable", "The cohort has no timetable yet.");
            var calendar = await db.CalendarForCenterAsync(cohort.CenterId, ct);
            var bookings = await db.BookingsAsync(cohort.CenterId, cohortId, from: null, ct);
            return new State(cohort, stored, new CohortTimetable(cohortId, cohort.Pattern, cohort.Slots, calendar, scheduled), bookings);
        }

        private async Task<SessionChangesView> SaveAsync(State state, TimetableEdit edit, CancellationToken ct)
        {
            var cohort = state.Cohort;
            // A cancelled session keeps its number, so a make-up session is numbered after every stored one.
            var nextSequence = state.Stored.Max(s => s.Sequence) + 1;
            var changes = edit.Changes
                .Select(c => c.Kind == SessionChangeKind.MadeUp && c.After is { } a ? c with { After = a with { Sequence = nextSequence++ } } : c)
                .ToList();
            if (changes.Count > 0)
            {
                var tries = 0;
                await db.InTransactionAsync(async token =>
                {
                    // A repeated try starts from an empty change tracker, so it applies the edit to the sessions read again.
                    var stored = tries++ == 0 ? state.Stored : await db.CohortSessions.Where(s => s.CohortId == cohort.Id).ToListAsync(token);
                    foreach (var change in changes)
                    {
                        switch (change.Kind)
                        {
                            case SessionChangeKind.Moved or SessionChangeKind.Restaffed:
                                stored.Single(s => s.Sequence == change.Before!.Sequence).Reschedule(change.After!);
                                break;
                            case SessionChangeKind.Cancelled:
                                stored.Single(s => s.Sequence == change.Before!.Sequence).Cancel();
                                break;
                            case SessionChangeKind.MadeUp:
                                db.CohortSessions.Add(new CohortSession(cohort.Id, cohort.CenterId, change.After!));
                                break;
                        }
                    }
                    await db.SaveChangesAsync(token);
                    var lastDay = edit.Timetable.Sessions.Count > 0 ? edit.Timetable.Sessions.Max(s => s.Date) : (DateOnly?)null;
                    if (lastDay is { } last && last != cohort.EndsOn)
                        await db.Cohorts.Where(c => c.Id == cohort.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.EndsOn, last), token);
                    // A session moved or made up into a year whose calendar is unpublished is recorded as generation records
                    // one, so publishing that year tells the center about this cohort too.
                    var unpublished = edit.Timetable.Calendar.Uncovered(changes.Select(c => c.After).OfType<PlannedSession>().Select(s => s.Date))
                        .Select(d => d.Year).Distinct().ToList();
                    if (unpublished.Count > 0)
                    {
                        var recorded = await db.TimetableCalendarGaps.Where(g => g.CohortId == cohort.Id && unpublished.Contains(g.Year)).Select(g => g.Year).ToListAsync(token);
                        db.TimetableCalendarGaps.AddRange(unpublished.Except(recorded).Select(year => new TimetableCalendarGap(cohort.Id, year, clock.GetUtcNow())));
                        await db.SaveChangesAsync(token);
                    }
                }, ct);
                db.ChangeTracker.Clear();
                log.LogInformation("Cohort {Cohort}: {Changes}", cohort.Id, string.Join(", ", changes.Select(c => $"{c.Kind} {(c.Before ?? c.After)!.Sequence}")));
            }

            var venueIds = changes.SelectMany(c => new[] { c.Before, c.After }).OfType<PlannedSession>().Select(s => s.VenueId).Distinct().ToList();
            var instructorIds = changes.SelectMany(c => new[] { c.Before, c.After }).OfType<PlannedSession>().Select(s => s.InstructorId).Distinct().ToList();
            var venues = await db.Venues.AsNoTracking().Where(v => venueIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.Name, ct);
            var instructors = await db.Instructors.AsNoTracking().Where(i => instructorIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
            SessionView? View(PlannedSession? s) => s is null ? null : new SessionView(
                s.Sequence, s.Date, s.Start.ToString("HH:mm"), s.End.ToString("HH:mm"),
                CohortSession.ToUtc(s.Date, s.Start), CohortSession.ToUtc(s.Date, s.End),
                s.Kind == SessionKind.Theory ? "theory" : "practice",
                new NamedRef(s.VenueId, venues.GetValueOrDefault(s.VenueId, "")),
                new NamedRef(s.InstructorId, instructors.GetValueOrDefault(s.InstructorId, "")));
            var result = new SessionChangesView(cohort.Id, [.. changes.Select(c => new SessionChangeView(
                KindName(c.Kind), (c.Before ?? c.After)!.Sequence, View(c.Before), View(c.After)))]);
            var lines = SessionChangeMailJob.Describe(result.Changes);
            if (lines.Length > 0)
                jobs.Enqueue<SessionChangeMailJob>(j => j.RunAsync(cohort.Id, lines, CancellationToken.None));
            return result;
        }

        private static string KindName(SessionChangeKind kind) => kind switch
        {
            SessionChangeKind.Moved => "moved",
            SessionChangeKind.Cancelled => "cancelled",
            SessionChangeKind.MadeUp => "madeUp",
            _ => "restaffed",
        };
    }
}
