using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Features.Timetable;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.CandidateResults;

/// <summary>A review of one component as its candidate sees it: the request, and once resolved the outcome with the reviewer's reason.</summary>
public sealed record ReviewSummary(int Id, ReviewStatus Status, string Reason, DateTimeOffset RequestedAt, decimal PreviousScore,
    decimal? ResolvedScore, DateTimeOffset? ResolvedAt, string? Resolution)
{
    public static ReviewSummary Of(ResultReview r) =>
        new(r.Id, r.Status, r.Reason, r.RequestedAt, r.PreviousScore, r.ResolvedScore, r.ResolvedAt, r.Resolution);
}

/// <summary>
/// One component of a candidate's result: its score once graded, its pass mark, the attempt it comes from, its review
/// (null when none was requested) and whether a review may be requested now.
/// </summary>
public sealed record ComponentResult(AssessmentComponent Component, int? AttemptId, decimal? Score, decimal? PassMark, bool? Passed, bool AwaitingExaminers,
    ReviewSummary? Review = null, bool CanRequestReview = false);

/// <summary>The public posting of a session's results: the working days it runs and the first day a candidate may be certified.</summary>
public sealed record PostingPeriod(DateOnly ReleasedOn, DateOnly FirstDay, DateOnly LastDay, int WorkingDays, DateOnly EligibleFrom, bool Provisional, bool PostedToday);

/// <summary>The days a review of a released score may be requested: from the day of release through <see cref="LastDay"/>.</summary>
public sealed record ReviewPeriod(DateOnly LastDay, int WorkingDays, bool OpenToday);

/// <summary>
/// A candidate's result of one registration: each component the level requires (theory, skill, and the comprehensive
/// review for levels 2 and 1), the combined outcome, once released the posting period and the review window, and
/// whether a certificate may be issued (and if not, what holds it).
/// </summary>
public sealed record CandidateResult(int RegistrationId, int SessionId, string SessionTitle, int Level, string TicketNumber, bool Released,
    DateTimeOffset? ReleasedAt, AssessmentOutcome Outcome, IReadOnlyList<ComponentResult> Components, PostingPeriod? Posting,
    ReviewPeriod? ReviewWindow, CertificateEligibility Certificate);

/// <summary>
/// The signed-in learner's results (<c>GET /api/me/results</c>, the page <c>/exams/results</c>). Scores show only once
/// the session's results are released; the posting and the review window are counted in working days on the statutory
/// calendar from the day of release (Beijing date), holidays and make-up working days included. Certificate
/// eligibility is <see cref="CertificateEligibility.Decide"/>: passed, posting ended, no open review.
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
            var reviews = await db.ResultReviews.AsNoTracking().Where(r => r.LearnerId == learnerId && ids.Contains(r.RegistrationId)).ToListAsync(ct);
            var calendar = registrations.Any(x => x.Session.ResultsReleased) ? await db.NationalCalendarAsync(ct) : null;
            var today = clock.Today();

            return [.. registrations.Select(x =>
            {
                var released = x.Session.ResultsReleased;
                var posting = x.Session.ResultsReleasedAt is { } at && calendar is not null ? options.Value.Posting(at, calendar) : null;
                var window = x.Session.ResultsReleasedAt is { } at2 && calendar is not null ? options.Value.ReviewWindow(at2, calendar) : null;
                var windowOpen = window?.IsOpenOn(today) == true;
                var components = CombinedResult.RequiredFor(x.Session.Level).Select(component =>
                {
                    var attempt = attempts.SingleOrDefault(a => a.RegistrationId == x.Registration.Id && a.Component == component);
                    var graded = released && attempt is { Status: AttemptStatus.Graded };
                    var review = attempt is null ? null : reviews.SingleOrDefault(r => r.AttemptId == attempt.Id);
                    return new ComponentResult(component, attempt?.Id, graded ? attempt!.Score : null, attempt?.PassMark,
                        graded ? attempt!.Passed : null, attempt is not null && awaiting.Contains(attempt.Id),
                        review is null ? null : ReviewSummary.Of(review), graded && review is null && windowOpen);
                }).ToList();
                var outcome = released
                    ? CombinedResult.Decide(x.Session.Level, components.Select(c => new ComponentScore(c.Component, c.Score, c.PassMark ?? 60m)))
                    : AssessmentOutcome.Pending;
                var reviewOpen = reviews.Any(r => r.RegistrationId == x.Registration.Id && r.IsOpen);
                return new CandidateResult(x.Registration.Id, x.Session.Id, x.Session.Title, x.Session.Level, x.Registration.TicketNumber, released,
                    x.Session.ResultsReleasedAt, outcome, components,
                    posting is null ? null : new PostingPeriod(posting.ReleasedOn, posting.FirstDay, posting.LastDay, posting.Days.Count, posting.EligibleFrom,
                        posting.Provisional, posting.IsPostedOn(today)),
                    window is null ? null : new ReviewPeriod(window.LastDay, options.Value.ReviewWindowWorkingDays, windowOpen),
                    CertificateEligibility.Decide(outcome, posting, reviewOpen, today));
            })];
        }
    }
}
