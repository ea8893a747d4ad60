using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.ExamSitting;

/// <summary>
/// A registered candidate starts the theory paper, the skill paper or (levels 2 and 1) the comprehensive review inside the session's window: the paper is drawn
/// once from the session's blueprint (questions from the bank, or tasks from the practical pool) with a random seed and
/// frozen, or, for a theory paper prepared before the window (<see cref="PreparePapersJob"/>), the prepared paper begins. Starting again resumes the same attempt; two racing starts meet the unique index on the registration and
/// component, and the loser resumes the winner's attempt.
/// </summary>
public static class StartAttempt
{
    public sealed record Command(string? Component);

    public sealed record Started(bool Created, AttemptPaper Paper);

    public sealed class Handler(AcademyDbContext db, AttemptLifecycle lifecycle, CurrentUser user, QuestionPool pool, AcademyMetrics metrics)
    {
        public async Task<Started> StartAsync(int registrationId, Command command, CancellationToken ct = default)
        {
            var learnerId = user.Id;
            var registration = await db.ExamRegistrations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == registrationId, ct);
            if (registration is null || learnerId is null || registration.LearnerId != learnerId || registration.Status != RegistrationStatus.Registered)
                throw new NotFoundException();
            var component = (command.Component ?? "").Trim().ToLowerInvariant() switch
            {
                "theory" => AssessmentComponent.Theory,
                "skill" => AssessmentComponent.Skill,
                "review" => AssessmentComponent.Review,
                _ => throw new RuleViolation("attempt.component", "The component is \"theory\", \"skill\" or \"review\".", "component"),
            };

            var existing = await db.ExamAttempts.IgnoreQueryFilters(ExamAttempt.WithPrepared)
                .SingleOrDefaultAsync(a => a.RegistrationId == registrationId && a.Component == component, ct);
            if (existing is { Status: not AttemptStatus.Prepared })
            {
                await db.Entry(existing).Collection(a => a.Items).LoadAsync(ct);
                await db.Entry(existing).Collection(a => a.Tasks).LoadAsync(ct);
                return new Started(false, await ResumeAsync(existing, ct));
            }

            var session = await db.ExamSessions.AsNoTracking().SingleAsync(s => s.Id == registration.SessionId, ct);
            if (component == AssessmentComponent.Skill && session.SkillBlueprintId is null)
                throw new RuleViolation("attempt.skill-unavailable", "This session holds the theory exam only; it has no skill assessment.", "component");
            if (component == AssessmentComponent.Review && session.ReviewBlueprintId is null)
                throw new RuleViolation("attempt.review-unavailable", "This session has no comprehensive review; it is held for levels 2 and 1.", "component");
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

            if (existing is not null)
            {
                // The prepared paper's items are read untracked: the begin changes the attempt's row only.
                var items = await db.AttemptItems.AsNoTracking().Where(i => i.AttemptId == existing.Id).ToListAsync(ct);
                if (await pool.AllCurrentAsync(db, session.Level, items.Select(i => i.QuestionVersionId), ct))
                    return await BeginAsync(existing, items, registration, session, now, ct);
                // A question on the prepared paper was edited or retired since: the paper is drawn again below.
                await PreparePapersJob.DiscardAsync(db, a => a.Id == existing.Id, ct);
                db.ChangeTracker.Clear();
            }

            var seed = RandomNumberGenerator.GetInt32(int.MaxValue);
            var started = component == AssessmentComponent.Theory
                ? await DrawTheoryAsync(registration, session, seed, now, ct)
                : await DrawTasksAsync(registration, session, component, seed, now, ct);

            ExamAttempt attempt;
            try
            {
                attempt = await db.InTransactionAsync(async token =>
                {
                    db.ExamAttempts.Add(started);
                    await db.SaveChangesAsync(token);
                    db.AttemptEvents.Add(new AttemptEvent(started.Id, AttemptEventKind.Started, now, detail: $"{component} seed {seed}"));
                    await db.SaveChangesAsync(token);
                    return started;
                }, ct);
            }
            catch (DbUpdateException)
            {
                // The unique index on (RegistrationId, Component): a parallel start won. Its attempt is this candidate's.
                return new Started(false, await ResumeWinnerAsync(registrationId, component, ct));
            }
            lifecycle.ScheduleDeadline(attempt.Id, attempt.Deadline);
            metrics.AttemptStarted(component.ToString());
            return new Started(true, await AttemptQueries.PaperAsync(db, pool, attempt, now, ct));
        }

        /// <summary>
        /// A paper prepared before the window begins: one update of the attempt's row (guarded by its revision, so of
        /// racing starts one lands and the others resume it) and the start event, in one transaction. No deadline job is
        /// scheduled for it; the minutely sweep and every access close it when its time is over.
        /// </summary>
        private async Task<Started> BeginAsync(ExamAttempt prepared, IReadOnlyList<AttemptItem> items, ExamRegistration registration, ExamSession session,
            DateTimeOffset now, CancellationToken ct)
        {
            prepared.Begin(registration.AccommodationMinutes, session.WindowEnd, now);
            db.AttemptEvents.Add(new AttemptEvent(prepared.Id, AttemptEventKind.Started, now, detail: $"{prepared.Component} seed {prepared.Seed}, prepared"));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return new Started(false, await ResumeWinnerAsync(prepared.RegistrationId, prepared.Component, ct));
            }
            metrics.AttemptStarted(prepared.Component.ToString());
            return new Started(true, await AttemptQueries.PaperAsync(db, pool, prepared, now, ct, items));
        }

        private async Task<AttemptPaper> ResumeWinnerAsync(int registrationId, AssessmentComponent component, CancellationToken ct)
        {
            db.ChangeTracker.Clear();
            var winner = await db.ExamAttempts.Include(a => a.Items).Include(a => a.Tasks)
                .SingleOrDefaultAsync(a => a.RegistrationId == registrationId && a.Component == component, ct)
                ?? throw new InvalidOperationException("The attempt that won the race is missing.");
            return await ResumeAsync(winner, ct);
        }

        /// <summary>The theory paper, drawn from the bank as the <see cref="QuestionPool"/> holds it.</summary>
        private async Task<ExamAttempt> DrawTheoryAsync(ExamRegistration registration, ExamSession session, int seed, DateTimeOffset now, CancellationToken ct)
        {
            var blueprint = await db.ExamBlueprints.AsNoTracking().SingleAsync(b => b.Id == session.BlueprintId, ct);
            return new ExamAttempt(registration, session, blueprint, seed, PaperGenerator.Draw(blueprint, await pool.LevelAsync(db, session.Level, ct), seed), now);
        }

        /// <summary>The skill paper or the comprehensive review: tasks of the component drawn by the session's blueprint for it.</summary>
        private async Task<ExamAttempt> DrawTasksAsync(ExamRegistration registration, ExamSession session, AssessmentComponent component, int seed,
            DateTimeOffset now, CancellationToken ct)
        {
            var blueprintId = session.TaskBlueprintId(component);
            var blueprint = await db.SkillBlueprints.AsNoTracking().SingleAsync(b => b.Id == blueprintId, ct);
            var pool = await db.PracticalTasks.AsNoTracking()
                .Where(t => t.Level == session.Level && t.Active && t.Component == component).OrderBy(t => t.Id).ToListAsync(ct);
            return new ExamAttempt(registration, session, blueprint, seed, SkillPaper.Draw(blueprint, pool, seed), now);
        }

        private async Task<AttemptPaper> ResumeAsync(ExamAttempt attempt, CancellationToken ct)
        {
            await lifecycle.CloseIfExpiredAsync(attempt, ct);
            db.AttemptEvents.Add(new AttemptEvent(attempt.Id, AttemptEventKind.Resumed, lifecycle.Now));
            await db.SaveChangesAsync(ct);
            return await AttemptQueries.PaperAsync(db, pool, attempt, lifecycle.Now, ct);
        }
    }
}
