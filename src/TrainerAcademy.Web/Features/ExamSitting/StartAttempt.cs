using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.ExamSitting;

/// <summary>
/// A registered candidate starts the theory paper inside the session's window: the paper is drawn once from the
/// session's blueprint with a random seed and frozen. Starting again resumes the same attempt; two racing starts
/// meet the unique index on the registration, and the loser resumes the winner's attempt.
/// </summary>
public static class StartAttempt
{
    public sealed record Command(string? Component);

    public sealed record Started(bool Created, AttemptPaper Paper);

    public sealed class Handler(AcademyDbContext db, AttemptLifecycle lifecycle, CurrentUser user)
    {
        public async Task<Started> StartAsync(int registrationId, Command command, CancellationToken ct = default)
        {
            var learnerId = user.Id;
            var registration = await db.ExamRegistrations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == registrationId, ct);
            if (registration is null || learnerId is null || registration.LearnerId != learnerId || registration.Status != RegistrationStatus.Registered)
                throw new NotFoundException();
            switch ((command.Component ?? "").Trim().ToLowerInvariant())
            {
                case "theory":
                    break;
                case "skill":
                    throw new RuleViolation("attempt.skill-unavailable", "The skill assessment is not taken online here yet.", "component");
                default:
                    throw new RuleViolation("attempt.component", "The component is \"theory\" or \"skill\".", "component");
            }

            if (await ResumeAsync(registrationId, ct) is { } resumed) return new Started(false, resumed);

            var session = await db.ExamSessions.AsNoTracking().SingleAsync(s => s.Id == registration.SessionId, ct);
            var now = lifecycle.Now;
            if (now < session.WindowStart)
            {
                var notOpen = new RuleViolation("exam.not-open",
                    $"The exam opens at {session.WindowStart.InChina():yyyy-MM-dd HH:mm} (Beijing time).");
                notOpen.Data["opensAt"] = session.WindowStart;
                throw notOpen;
            }
            if (now >= session.WindowEnd)
                throw new GoneViolation("exam.closed", "The exam window has closed.");

            var blueprint = await db.ExamBlueprints.AsNoTracking().SingleAsync(b => b.Id == session.BlueprintId, ct);
            var questions = await db.Questions.AsNoTracking().Include(q => q.Versions)
                .Where(q => q.Level == session.Level && !q.Retired)
                .OrderBy(q => q.Id).ToListAsync(ct);
            var pool = questions.Select(q => new BankEntry(q.Current, q.WorkFunctionCode)).OrderBy(e => e.Version.Id).ToList();
            var seed = RandomNumberGenerator.GetInt32(int.MaxValue);
            var items = PaperGenerator.Draw(blueprint, pool, seed);

            ExamAttempt attempt;
            try
            {
                attempt = await db.InTransactionAsync(async token =>
                {
                    var started = new ExamAttempt(registration, session, blueprint, seed, items, now);
                    db.ExamAttempts.Add(started);
                    await db.SaveChangesAsync(token);
                    db.AttemptEvents.Add(new AttemptEvent(started.Id, AttemptEventKind.Started, now, detail: $"seed {seed}"));
                    await db.SaveChangesAsync(token);
                    return started;
                }, ct);
            }
            catch (DbUpdateException)
            {
                // The unique index on RegistrationId: a parallel start won. Its attempt is this candidate's.
                db.ChangeTracker.Clear();
                return new Started(false, await ResumeAsync(registrationId, ct) ?? throw new InvalidOperationException("The attempt that won the race is missing."));
            }
            lifecycle.ScheduleDeadline(attempt.Id, attempt.Deadline);

            var versions = pool.Select(e => e.Version).ToDictionary(v => v.Id);
            var names = await AttemptQueries.WorkFunctionNamesAsync(db, ct);
            return new Started(true, new AttemptPaper(attempt.Id, attempt.Status, attempt.Deadline, now, AttemptQueries.Paper(attempt, versions, names)));
        }

        private async Task<AttemptPaper?> ResumeAsync(int registrationId, CancellationToken ct)
        {
            var attempt = await db.ExamAttempts.Include(a => a.Items).SingleOrDefaultAsync(a => a.RegistrationId == registrationId, ct);
            if (attempt is null) return null;
            await lifecycle.CloseIfExpiredAsync(attempt, ct);
            db.AttemptEvents.Add(new AttemptEvent(attempt.Id, AttemptEventKind.Resumed, lifecycle.Now));
            await db.SaveChangesAsync(ct);
            var versions = await AttemptQueries.VersionsAsync(db, attempt, ct);
            var names = await AttemptQueries.WorkFunctionNamesAsync(db, ct);
            return new AttemptPaper(attempt.Id, attempt.Status, attempt.Deadline, lifecycle.Now, AttemptQueries.Paper(attempt, versions, names));
        }
    }
}
