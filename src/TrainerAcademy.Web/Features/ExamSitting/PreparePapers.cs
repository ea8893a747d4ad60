using System.Linq.Expressions;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.ExamSitting;

/// <summary>
/// Draws and freezes every registered candidate's theory paper before the window opens, so that on exam day a start is
/// one small write (the prepared attempt begins) instead of a paper of up to 200 items written while thousands wait. A
/// recurring job prepares the sessions whose window opens within <see cref="ExamOptions.PreparePapersHoursBefore"/>
/// and removes the papers nobody started once a window has closed. A candidate registered after the preparation, or
/// whose prepared paper no longer matches the bank (a question edited or retired since), has the paper drawn at the
/// start as before; a change to the blueprint discards the papers prepared by it.
/// </summary>
public sealed class PreparePapersJob(AcademyDbContext db, QuestionPool pool, TimeProvider clock, IOptions<ExamOptions> options,
    ILogger<PreparePapersJob> log)
{
    public const string SweepId = "exam-paper-preparation";

    /// <summary>Registrations drawn and written per transaction.</summary>
    private const int Batch = 250;

    /// <summary>Prepares the sessions opening soon and clears the unstarted papers of closed ones. Returns the papers drawn.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var hours = options.Value.PreparePapersHoursBefore;
        var closed = await DiscardAsync(db, a => db.ExamSessions.Any(s => s.Id == a.SessionId && s.WindowEnd <= now), ct);
        if (closed > 0) log.LogInformation("Removed {Count} prepared papers of closed exam windows", closed);
        if (hours <= 0) return 0;
        var horizon = now.AddHours(hours);
        var due = await db.ExamSessions.AsNoTracking()
            .Where(s => s.WindowStart > now && s.WindowStart <= horizon)
            .OrderBy(s => s.WindowStart).Select(s => s.Id).ToListAsync(ct);
        var drawn = 0;
        foreach (var id in due) drawn += await PrepareAsync(id, ct);
        return drawn;
    }

    /// <summary>Draws the theory paper of every registered candidate of the session who has none yet. Returns how many.</summary>
    public async Task<int> PrepareAsync(int sessionId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var session = await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || clock.GetUtcNow() >= session.WindowEnd) return 0;
        var blueprint = await db.ExamBlueprints.AsNoTracking().SingleAsync(b => b.Id == session.BlueprintId, ct);
        var theory = AssessmentComponent.Theory;
        var waiting = await db.ExamRegistrations.AsNoTracking()
            .Where(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Registered
                && !db.ExamAttempts.IgnoreQueryFilters(ExamAttempt.WithPrepared).Any(a => a.RegistrationId == r.Id && a.Component == theory))
            .OrderBy(r => r.Id).ToListAsync(ct);
        var drawn = 0;
        foreach (var chunk in waiting.Chunk(Batch))
        {
            var bank = await pool.LevelAsync(db, session.Level, ct);
            var now = clock.GetUtcNow();
            var papers = chunk.Select(r =>
            {
                var seed = RandomNumberGenerator.GetInt32(int.MaxValue);
                return ExamAttempt.Prepare(r, session, blueprint, seed, PaperGenerator.Draw(blueprint, bank, seed), now);
            }).ToList();
            db.ExamAttempts.AddRange(papers);
            try
            {
                await db.SaveChangesAsync(ct);
                drawn += papers.Count;
            }
            catch (DbUpdateException)
            {
                // A candidate started (and drew a paper) meanwhile: write the rest one by one and leave the started ones be.
                db.ChangeTracker.Clear();
                foreach (var paper in papers)
                {
                    db.ExamAttempts.Add(paper);
                    try
                    {
                        await db.SaveChangesAsync(ct);
                        drawn++;
                    }
                    catch (DbUpdateException)
                    {
                    }
                    db.ChangeTracker.Clear();
                }
            }
            db.ChangeTracker.Clear();
        }
        if (drawn > 0) log.LogInformation("Prepared {Count} theory papers of exam session {Session}", drawn, sessionId);
        return drawn;
    }

    /// <summary>
    /// Deletes the prepared (never started) papers that match, in one statement that a start racing it cannot slip
    /// through: a paper begun meanwhile is no longer prepared and stays. Its items go with it (the foreign key cascades).
    /// </summary>
    public static Task<int> DiscardAsync(AcademyDbContext db, Expression<Func<ExamAttempt, bool>> which, CancellationToken ct) =>
        db.ExamAttempts.IgnoreQueryFilters(ExamAttempt.WithPrepared).Where(a => a.Status == AttemptStatus.Prepared).Where(which)
            .ExecuteDeleteAsync(ct);
}
