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
            // Every paper of the registration under way (the theory and the skill paper) gets the extra time.
            var attempts = await db.ExamAttempts.Where(a => a.RegistrationId == registrationId).OrderBy(a => a.Id).ToListAsync(ct);
            var moved = new List<ExamAttempt>();
            var windowEnd = await db.ExamSessions.Where(s => s.Id == registration.SessionId).Select(s => s.WindowEnd).SingleAsync(ct);
            foreach (var attempt in attempts)
            {
                if (await lifecycle.CloseIfExpiredAsync(attempt, ct) || attempt.Status != AttemptStatus.InProgress) continue;
                var before = attempt.Deadline;
                attempt.Reschedule(command.Minutes, windowEnd);
                if (attempt.Deadline != before) moved.Add(attempt);
                db.AttemptEvents.Add(new AttemptEvent(attempt.Id, AttemptEventKind.AccommodationGranted, lifecycle.Now,
                    detail: $"+{command.Minutes} min; deadline {before:O} -> {attempt.Deadline:O}"));
            }
            await db.SaveChangesAsync(ct);
            foreach (var attempt in moved) lifecycle.ScheduleDeadline(attempt.Id, attempt.Deadline);
            var first = attempts.FirstOrDefault(a => a.Component == TrainerAcademy.Domain.Results.AssessmentComponent.Theory) ?? attempts.FirstOrDefault();
            return new AccommodationResult(registration.Id, registration.AccommodationMinutes, first?.Id, first?.Deadline);
        }
    }
}
