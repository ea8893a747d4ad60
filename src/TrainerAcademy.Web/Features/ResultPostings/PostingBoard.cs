using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Features.CandidateResults;
using TrainerAcademy.Features.Timetable;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.ResultPostings;

/// <summary>A session whose results are on the board today, with its posting period.</summary>
public sealed record PostingSummary(int SessionId, string Title, int Level, string CenterName, DateOnly ReleasedOn, DateOnly FirstDay, DateOnly LastDay,
    int WorkingDays, DateOnly EligibleFrom, bool Provisional, int Candidates);

/// <summary>One component of a posted result: the score and whether it passed (null when not taken).</summary>
public sealed record PostedComponent(AssessmentComponent Component, decimal? Score, bool? Passed);

/// <summary>A candidate as the board shows them: the masked name (<see cref="PostedName"/>), the ticket, each component and the outcome; never an ID number.</summary>
public sealed record PostedCandidate(string Name, string TicketNumber, int Level, IReadOnlyList<PostedComponent> Components, AssessmentOutcome Outcome);

public sealed record PostingBoardView(PostingSummary Posting, IReadOnlyList<PostedCandidate> Candidates);

/// <summary>
/// The public posting board (成绩公示), open to anyone: the sessions whose posting runs on today's Beijing date, and for
/// each the results of every candidate who sat a part. Before release there is nothing to post; after the posting's
/// last day a session is gone from the board (404), as is any session whose results are not posted.
/// </summary>
public static class PostingBoard
{
    public sealed class Handler(AcademyDbContext db, TimeProvider clock, IOptions<ResultsOptions> options)
    {
        public async Task<IReadOnlyList<PostingSummary>> CurrentAsync(CancellationToken ct = default)
        {
            var postings = await PostedAsync(null, ct);
            if (postings.Count == 0) return [];
            var ids = postings.Select(p => p.Session.Id).ToList();
            var sat = await (
                    from a in db.ExamAttempts.AsNoTracking()
                    where ids.Contains(a.SessionId)
                    join r in db.ExamRegistrations on a.RegistrationId equals r.Id
                    where r.Status == RegistrationStatus.Registered
                    select new { a.SessionId, a.RegistrationId })
                .ToListAsync(ct);
            var counts = sat.Distinct().GroupBy(x => x.SessionId).ToDictionary(g => g.Key, g => g.Count());
            return [.. postings.OrderByDescending(p => p.Posting.ReleasedOn).ThenBy(p => p.Session.Title)
                .Select(p => Summary(p.Session, p.CenterName, p.Posting, counts.GetValueOrDefault(p.Session.Id)))];
        }

        public async Task<PostingBoardView> SessionAsync(int sessionId, CancellationToken ct = default)
        {
            var postings = await PostedAsync(sessionId, ct);
            if (postings is not [var posted]) throw new NotFoundException();
            var session = posted.Session;
            var rows = await (
                    from a in db.ExamAttempts.AsNoTracking()
                    where a.SessionId == sessionId
                    join r in db.ExamRegistrations on a.RegistrationId equals r.Id
                    where r.Status == RegistrationStatus.Registered
                    select new { r.TicketNumber, r.LearnerId, a.Component, a.Status, a.Score, a.PassMark })
                .ToListAsync(ct);
            // The real name of the profile, or the account's display name; never the e-mail address.
            var learnerIds = rows.Select(x => x.LearnerId).Distinct().ToList();
            var realNames = await db.LearnerProfiles.AsNoTracking().Where(p => learnerIds.Contains(p.UserId) && p.RealName != null)
                .ToDictionaryAsync(p => p.UserId, p => p.RealName!, ct);
            var displayNames = await db.Users.AsNoTracking().Where(u => learnerIds.Contains(u.Id) && u.DisplayName != null)
                .ToDictionaryAsync(u => u.Id, u => u.DisplayName!, ct);
            var required = CombinedResult.RequiredFor(session.Level);
            var candidates = rows.GroupBy(x => x.TicketNumber).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var components = required.Select(component =>
                {
                    var attempt = g.SingleOrDefault(x => x.Component == component);
                    var score = attempt is { Status: AttemptStatus.Graded } ? attempt.Score : null;
                    return (Posted: new PostedComponent(component, score, score is { } s ? s >= attempt!.PassMark : null), attempt?.PassMark ?? 60m);
                }).ToList();
                var outcome = CombinedResult.Decide(session.Level, components.Select(c => new ComponentScore(c.Posted.Component, c.Posted.Score, c.Item2)));
                var learnerId = g.First().LearnerId;
                var name = realNames.GetValueOrDefault(learnerId) ?? displayNames.GetValueOrDefault(learnerId);
                return new PostedCandidate(PostedName.Of(name), g.Key, session.Level, [.. components.Select(c => c.Posted)], outcome);
            }).ToList();
            return new PostingBoardView(Summary(session, posted.CenterName, posted.Posting, candidates.Count), candidates);
        }

        /// <summary>The released sessions (one, or all) whose posting runs today.</summary>
        private async Task<List<(ExamSession Session, string CenterName, ResultPosting Posting)>> PostedAsync(int? sessionId, CancellationToken ct)
        {
            var since = ResultDates.PostedSince(clock.GetUtcNow());
            var released = await (
                    from s in db.ExamSessions.AsNoTracking()
                    where s.ResultsReleasedAt != null && s.ResultsReleasedAt >= since && (sessionId == null || s.Id == sessionId)
                    join c in db.Centers on s.CenterId equals c.Id
                    select new { Session = s, CenterName = c.Name })
                .ToListAsync(ct);
            if (released.Count == 0) return [];
            var today = clock.Today();
            var calendar = await db.NationalCalendarAsync(ct);
            return [.. released
                .Select(x => (x.Session, x.CenterName, Posting: options.Value.Posting(x.Session.ResultsReleasedAt!.Value, calendar)))
                .Where(x => x.Posting.IsPostedOn(today))];
        }

        private static PostingSummary Summary(ExamSession s, string centerName, ResultPosting p, int candidates) =>
            new(s.Id, s.Title, s.Level, centerName, p.ReleasedOn, p.FirstDay, p.LastDay, p.Days.Count, p.EligibleFrom, p.Provisional, candidates);
    }
}
