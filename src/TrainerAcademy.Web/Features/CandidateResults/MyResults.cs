using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Features.Timetable;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.CandidateResults;

public sealed class ResultsOptions
{
    /// <summary>The working days released results stay posted (公示) before anyone of the session may be certified.</summary>
    public int PostingWorkingDays { get; set; } = 5;
}

/// <summary>One component of a candidate's result: its score once graded, its pass mark, and the attempt it comes from.</summary>
public sealed record ComponentResult(AssessmentComponent Component, int? AttemptId, decimal? Score, decimal? PassMark, bool? Passed, bool AwaitingExaminers);

/// <summary>The public posting of a session's results: the working days it runs and the first day a candidate may be certified.</summary>
public sealed record PostingPeriod(DateOnly ReleasedOn, DateOnly FirstDay, DateOnly LastDay, int WorkingDays, DateOnly EligibleFrom, bool Provisional, bool PostedToday);

/// <summary>
/// A candidate's result of one registration: each component the level requires (theory, skill, and the comprehensive
/// review for levels 2 and 1), the combined outcome, and, once released, the posting period.
/// </summary>
public sealed record CandidateResult(int RegistrationId, int SessionId, string SessionTitle, int Level, string TicketNumber, bool Released,
    DateTimeOffset? ReleasedAt, AssessmentOutcome Outcome, IReadOnlyList<ComponentResult> Components, PostingPeriod? Posting);

/// <summary>
/// The signed-in learner's results (<c>GET /api/me/results</c>, the page <c>/exams/results</c>). Scores show only once
/// the session's results are released; the posting is counted in working days on the statutory calendar from the day
/// of release (Beijing date), holidays and make-up working days included.
/// </summary>
public static class MyResults
{
    public sealed class Handler(AcademyDbContext db, CurrentUser user, TimeProvider clock, IOptions<ResultsOptions> options)
    {
        public async Task<IReadOnlyList<CandidateResult>> MineAsync(CancellationToken ct = default)
        {
            var learnerId = user.RequiredId;
            var registrations = await (
                    from r in db.ExamRegistrations.AsNoTracking()
                    where r.LearnerId == learnerId && r.Status == RegistrationStatus.Registered
                    join s in db.ExamSessions on r.SessionId equals s.Id
                    orderby s.WindowStart descending
                    select new { Registration = r, Session = s })
                .ToListAsync(ct);
            var ids = registrations.Select(x => x.Registration.Id).ToList();
            // The attempts without their tasks (a skill answer can be a whole CSV file); which ones wait for examiners is asked apart.
            var attempts = await db.ExamAttempts.AsNoTracking().Where(a => ids.Contains(a.RegistrationId)).ToListAsync(ct);
            var awaiting = (await db.ExamAttempts.Where(a => ids.Contains(a.RegistrationId)).Where(ExamAttempt.AwaitsExaminers)
                .Select(a => a.Id).ToListAsync(ct)).ToHashSet();
            var calendar = registrations.Any(x => x.Session.ResultsReleased) ? await db.NationalCalendarAsync(ct) : null;
            var today = clock.Today();

            return [.. registrations.Select(x =>
            {
                var released = x.Session.ResultsReleased;
                var components = CombinedResult.RequiredFor(x.Session.Level).Select(component =>
                {
                    var attempt = attempts.SingleOrDefault(a => a.RegistrationId == x.Registration.Id && a.Component == component);
                    var graded = released && attempt is { Status: AttemptStatus.Graded };
                    return new ComponentResult(component, attempt?.Id, graded ? attempt!.Score : null, attempt?.PassMark,
                        graded ? attempt!.Passed : null, attempt is not null && awaiting.Contains(attempt.Id));
                }).ToList();
                var outcome = released
                    ? CombinedResult.Decide(x.Session.Level, components.Select(c => new ComponentScore(c.Component, c.Score, c.PassMark ?? 60m)))
                    : AssessmentOutcome.Pending;
                PostingPeriod? posting = null;
                if (x.Session.ResultsReleasedAt is { } at && calendar is not null)
                {
                    var p = ResultPosting.Starting(DateOnly.FromDateTime(at.InChina().DateTime), options.Value.PostingWorkingDays, calendar);
                    posting = new PostingPeriod(p.ReleasedOn, p.FirstDay, p.LastDay, p.Days.Count, p.EligibleFrom, p.Provisional, p.IsPostedOn(today));
                }
                return new CandidateResult(x.Registration.Id, x.Session.Id, x.Session.Title, x.Session.Level, x.Registration.TicketNumber, released,
                    x.Session.ResultsReleasedAt, outcome, components, posting);
            })];
        }
    }
}
