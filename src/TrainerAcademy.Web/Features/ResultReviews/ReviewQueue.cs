using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.ResultReviews;

/// <summary>A review in the queue: the candidate and the part, the request, and the resolution with its reviewer.</summary>
public sealed record ReviewRow(int Id, ReviewStatus Status, int SessionId, string SessionTitle, int CenterId, string CenterName, int RegistrationId,
    string TicketNumber, string Candidate, AssessmentComponent Component, int AttemptId, decimal PassMark, string Reason, DateTimeOffset RequestedAt,
    decimal PreviousScore, bool PreviousPassed, decimal? ResolvedScore, bool? ResolvedPassed, DateTimeOffset? ResolvedAt, string? ResolvedBy, string? Resolution);

/// <summary>
/// The reviews queue (<c>GET /api/result-reviews</c>, the page <c>/admin/reviews</c>): admins see every center's, center
/// staff read their own center's (they do not resolve). Open reviews first, oldest first; then resolved ones, latest first.
/// </summary>
public static class ReviewQueue
{
    public const int Shown = 500;

    public sealed class Handler(AcademyDbContext db, CenterAccess access)
    {
        public async Task<IReadOnlyList<ReviewRow>> ListAsync(string? status, CancellationToken ct = default)
        {
            var query = Reviews(access.ScopeCenterId);
            query = (status ?? "").Trim().ToLowerInvariant() switch
            {
                "" or "all" => query,
                "open" => query.Where(r => r.Status == ReviewStatus.Open),
                "resolved" => query.Where(r => r.Status != ReviewStatus.Open),
                "kept" => query.Where(r => r.Status == ReviewStatus.Kept),
                "changed" => query.Where(r => r.Status == ReviewStatus.Changed),
                _ => throw new RuleViolation("review.status-filter", "The status is open, resolved, kept, changed or all.", "status"),
            };
            var rows = await RowsAsync(query, ct);
            return [.. rows.Where(r => r.Status == ReviewStatus.Open).OrderBy(r => r.RequestedAt).ThenBy(r => r.Id)
                .Concat(rows.Where(r => r.Status != ReviewStatus.Open).OrderByDescending(r => r.ResolvedAt).ThenByDescending(r => r.Id))
                .Take(Shown)];
        }

        public async Task<ReviewRow> GetAsync(int id, CancellationToken ct = default) =>
            (await RowsAsync(Reviews(access.ScopeCenterId).Where(r => r.Id == id), ct)).SingleOrDefault() ?? throw new NotFoundException();

        private IQueryable<ResultReview> Reviews(int? centerId) =>
            db.ResultReviews.AsNoTracking().Where(v => centerId == null || v.CenterId == centerId);

        /// <summary>The reviews with their session, center, ticket and pass mark; the names of candidates and reviewers are read apart.</summary>
        private async Task<List<ReviewRow>> RowsAsync(IQueryable<ResultReview> reviews, CancellationToken ct)
        {
            var rows = await (
                    from v in reviews
                    join s in db.ExamSessions on v.SessionId equals s.Id
                    join c in db.Centers on v.CenterId equals c.Id
                    join r in db.ExamRegistrations on v.RegistrationId equals r.Id
                    join a in db.ExamAttempts on v.AttemptId equals a.Id
                    select new { Review = v, SessionTitle = s.Title, CenterName = c.Name, r.TicketNumber, a.PassMark })
                .ToListAsync(ct);
            var learnerIds = rows.Select(x => x.Review.LearnerId).Distinct().ToList();
            var userIds = learnerIds.Concat(rows.Select(x => x.Review.ResolvedById).OfType<string>()).Distinct().ToList();
            var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
                .Select(u => new { u.Id, Name = u.DisplayName ?? u.Email ?? "" }).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
            var realNames = await db.LearnerProfiles.AsNoTracking().Where(p => learnerIds.Contains(p.UserId) && p.RealName != null)
                .ToDictionaryAsync(p => p.UserId, p => p.RealName!, ct);
            return [.. rows.Select(x =>
            {
                var v = x.Review;
                return new ReviewRow(v.Id, v.Status, v.SessionId, x.SessionTitle, v.CenterId, x.CenterName, v.RegistrationId, x.TicketNumber,
                    realNames.GetValueOrDefault(v.LearnerId) ?? users.GetValueOrDefault(v.LearnerId) ?? "", v.Component, v.AttemptId, x.PassMark,
                    v.Reason, v.RequestedAt, v.PreviousScore, v.PreviousPassed, v.ResolvedScore, v.ResolvedPassed, v.ResolvedAt,
                    v.ResolvedById is { } by ? users.GetValueOrDefault(by) : null, v.Resolution);
            })];
        }
    }
}
