using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.ExamSitting;

public sealed record AccommodationResult(int RegistrationId, int AccommodationMinutes, int? AttemptId, DateTimeOffset? Deadline);

/// <summary>
/// Staff of the session's center (or an admin) grant a candidate extra minutes. An attempt under way gets the later
/// deadline (never past the window's end) and a new deadline job; the job of the old deadline re-checks and does nothing.
/// </summary>
public static class GrantAccommodation
{
    public sealed record Command(int Minutes);

    public sealed class Handler(AcademyDbContext db, CenterAccess access, AttemptLifecycle lifecycle)
    {
        public async Task<AccommodationResult> GrantAsync(int registrationId, Command command, CancellationToken ct = default)
        {
            var registration = await access.EnsureCanManageAsync(await db.ExamRegistrations.SingleOrDefaultAsync(r => r.Id == registrationId, ct));
            registration.GrantAccommodation(command.Minutes);
            var attempt = await db.ExamAttempts.SingleOrDefaultAsync(a => a.RegistrationId == registrationId, ct);
            var moved = false;
            if (attempt is not null && !await lifecycle.CloseIfExpiredAsync(attempt, ct) && attempt.Status == AttemptStatus.InProgress)
            {
                var windowEnd = await db.ExamSessions.Where(s => s.Id == attempt.SessionId).Select(s => s.WindowEnd).SingleAsync(ct);
                var before = attempt.Deadline;
                attempt.Reschedule(command.Minutes, windowEnd);
                moved = attempt.Deadline != before;
                db.AttemptEvents.Add(new AttemptEvent(attempt.Id, AttemptEventKind.AccommodationGranted, lifecycle.Now,
                    detail: $"+{command.Minutes} min; deadline {before:O} -> {attempt.Deadline:O}"));
            }
            await db.SaveChangesAsync(ct);
            if (moved) lifecycle.ScheduleDeadline(attempt!.Id, attempt.Deadline);
            return new AccommodationResult(registration.Id, registration.AccommodationMinutes, attempt?.Id, attempt?.Deadline);
        }
    }
}
