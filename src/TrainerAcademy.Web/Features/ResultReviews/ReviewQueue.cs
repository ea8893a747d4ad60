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
            var query = Rows(access.ScopeCenterId);
            query = (status ?? "").Trim().ToLowerInvariant() switch
            {
                "" or "all" => query,
                "open" => query.Where(r => r.Status == ReviewStatus.Open),
                "resolved" => query.Where(r => r.Status != ReviewStatus.Open),
                "kept" => query.Where(r => r.Status == ReviewStatus.Kept),
                "changed" => query.Where(r => r.Status == ReviewStatus.Changed),
                _ => throw new RuleViolation("review.status-filter", "The status is open, resolved, kept, changed or all.", "status"),
            };
            var rows = await query.ToListAsync(ct);
            return [.. rows.Where(r => r.Status == ReviewStatus.Open).OrderBy(r => r.RequestedAt).ThenBy(r => r.Id)
                .Concat(rows.Where(r => r.Status != ReviewStatus.Open).OrderByDescending(r => r.ResolvedAt).ThenByDescending(r => r.Id))
                .Take(Shown)];
        }

        public async Task<ReviewRow> GetAsync(int id, CancellationToken ct = default) =>
            await Rows(access.ScopeCenterId).SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException();

        private IQueryable<ReviewRow> Rows(int? centerId) =>
            from v in db.ResultReviews.AsNoTracking()
            where centerId == null || v.CenterId == centerId
            join s in db.ExamSessions on v.SessionId equals s.Id
            join c in db.Centers on v.CenterId equals c.Id
            join r in db.ExamRegistrations on v.RegistrationId equals r.Id
            join a in db.ExamAttempts on v.AttemptId equals a.Id
            join u in db.Users on v.LearnerId equals u.Id
            join p in db.LearnerProfiles on v.LearnerId equals p.UserId into profiles
            from p in profiles.DefaultIfEmpty()
            join rv in db.Users on v.ResolvedById equals rv.Id into reviewers
            from rv in reviewers.DefaultIfEmpty()
            select new ReviewRow(v.Id, v.Status, s.Id, s.Title, c.Id, c.Name, r.Id, r.TicketNumber,
                (p != null ? p.RealName : null) ?? u.DisplayName ?? u.Email ?? "", v.Component, v.AttemptId, a.PassMark, v.Reason, v.RequestedAt,
                v.PreviousScore, v.PreviousPassed, v.ResolvedScore, v.ResolvedPassed, v.ResolvedAt,
                rv != null ? rv.DisplayName ?? rv.Email : null, v.Resolution);
    }
}
