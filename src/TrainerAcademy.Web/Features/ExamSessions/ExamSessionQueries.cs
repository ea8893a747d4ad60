using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.ExamSessions;

public sealed record ExamSessionSummary(
    int Id, int CenterId, string CenterName, int Level, string Title, ExamMode Mode, int? VenueId, string? VenueName, string? VenueAddress,
    int Capacity, int Registered, int SeatsLeft, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, DateTimeOffset RegistrationDeadline,
    int DurationMinutes, bool ShowReview, bool ResultsReleased, int Revision, bool ExternalExaminersOnly = false);

public sealed record RegistrationSummary(
    int Id, string TicketNumber, RegistrationStatus Status, int SessionId, string SessionTitle, int Level, ExamMode Mode, string? VenueName,
    DateTimeOffset WindowStart, DateTimeOffset WindowEnd, string CenterName, int AccommodationMinutes, DateTimeOffset CreatedAt, int? AttemptId,
    AttemptStatus? AttemptStatus, bool ResultsReleased, bool HasSkill = false, int? SkillAttemptId = null, AttemptStatus? SkillAttemptStatus = null,
    bool HasReview = false, int? ReviewAttemptId = null, AttemptStatus? ReviewAttemptStatus = null);

public sealed record CandidateRow(int RegistrationId, string TicketNumber, RegistrationStatus Status, string LearnerId, string Name, string? Email,
    int AccommodationMinutes, DateTimeOffset CreatedAt, int? AttemptId, AttemptStatus? AttemptStatus);

public static class ExamSessionQueries
{
    public sealed record Filter(int? Level = null, DateTimeOffset? From = null);

    public sealed class Handler(AcademyDbContext db, CenterAccess access, CurrentUser user, TimeProvider clock)
    {
        /// <summary>Sessions still taking registrations (deadline not passed), soonest first.</summary>
        public async Task<IReadOnlyList<ExamSessionSummary>> OpenAsync(Filter filter, CancellationToken ct = default)
        {
            var now = clock.GetUtcNow();
            var from = (filter.From ?? now).ToUniversalTime();
            var rows = await Sessions(s => s.RegistrationDeadline >= now && s.WindowStart >= from && (filter.Level == null || s.Level == filter.Level))
                .ToListAsync(ct);
            return [.. rows.Select(ToSummary).OrderBy(s => s.WindowStart).ThenBy(s => s.Id)];
        }

        /// <summary>The caller's center's sessions (all centers for an admin), newest first.</summary>
        public async Task<IReadOnlyList<ExamSessionSummary>> ManagedAsync(CancellationToken ct = default)
        {
            var scope = access.ScopeCenterId;
            var rows = await Sessions(s => scope == null || s.CenterId == scope).ToListAsync(ct);
            return [.. rows.Select(ToSummary).OrderByDescending(s => s.WindowStart).ThenByDescending(s => s.Id)];
        }

        public async Task<ExamSessionSummary?> SessionAsync(int id, CancellationToken ct = default)
        {
            var row = await Sessions(s => s.Id == id).SingleOrDefaultAsync(ct);
            return row is null ? null : ToSummary(row);
        }

        /// <summary>One session for its center's staff (404 for others), with its candidates.</summary>
        public async Task<(ExamSessionSummary Session, IReadOnlyList<CandidateRow> Candidates)> ManagedSessionAsync(int id, CancellationToken ct = default)
        {
            var row = await Sessions(s => s.Id == id).SingleOrDefaultAsync(ct);
            var session = await access.EnsureCanManageAsync(row?.Session);
            var candidates = await (
                from r in db.ExamRegistrations.AsNoTracking()
                where r.SessionId == session.Id
                join u in db.Users on r.LearnerId equals u.Id
                from p in db.LearnerProfiles.Where(p => p.UserId == r.LearnerId).DefaultIfEmpty()
                from a in db.ExamAttempts.Where(a => a.RegistrationId == r.Id && a.Component == AssessmentComponent.Theory).DefaultIfEmpty()
                orderby r.TicketNumber
                select new CandidateRow(r.Id, r.TicketNumber, r.Status, r.LearnerId, (p == null ? null : p.RealName) ?? u.DisplayName ?? u.Email ?? "", u.Email,
                    r.AccommodationMinutes, r.CreatedAt, a == null ? null : (int?)a.Id, a == null ? null : (AttemptStatus?)a.Status))
                .ToListAsync(ct);
            return (ToSummary(row!), candidates);
        }

        /// <summary>The signed-in learner's registrations, newest window first.</summary>
        public async Task<IReadOnlyList<RegistrationSummary>> MineAsync(CancellationToken ct = default)
        {
            var learnerId = user.RequiredId;
            var rows = await Registrations(r => r.LearnerId == learnerId).ToListAsync(ct);
            return [.. rows.OrderByDescending(r => r.WindowStart).ThenByDescending(r => r.Id)];
        }

        /// <summary>One registration of the signed-in learner; someone else's is 404.</summary>
        public async Task<RegistrationSummary> RegistrationAsync(int id, CancellationToken ct = default)
        {
            var learnerId = user.RequiredId;
            return await Registrations(r => r.Id == id && r.LearnerId == learnerId).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException();
        }

        private IQueryable<RegistrationSummary> Registrations(Expression<Func<ExamRegistration, bool>> which) =>
            from r in db.ExamRegistrations.AsNoTracking().Where(which)
            join s in db.ExamSessions on r.SessionId equals s.Id
            join c in db.Centers on s.CenterId equals c.Id
            from v in db.Venues.Where(v => v.Id == s.VenueId).DefaultIfEmpty()
            from a in db.ExamAttempts.Where(a => a.RegistrationId == r.Id && a.Component == AssessmentComponent.Theory).DefaultIfEmpty()
            from k in db.ExamAttempts.Where(k => k.RegistrationId == r.Id && k.Component == AssessmentComponent.Skill).DefaultIfEmpty()
            from w in db.ExamAttempts.Where(w => w.RegistrationId == r.Id && w.Component == AssessmentComponent.Review).DefaultIfEmpty()
            select new RegistrationSummary(r.Id, r.TicketNumber, r.Status, s.Id, s.Title, s.Level, s.Mode,
                v == null ? null : v.Name, s.WindowStart, s.WindowEnd, c.Name, r.AccommodationMinutes, r.CreatedAt, a == null ? null : (int?)a.Id,
                a == null ? null : (AttemptStatus?)a.Status, s.ResultsReleasedAt != null, s.SkillBlueprintId != null,
                k == null ? null : (int?)k.Id, k == null ? null : (AttemptStatus?)k.Status,
                s.ReviewBlueprintId != null, w == null ? null : (int?)w.Id, w == null ? null : (AttemptStatus?)w.Status);

        private IQueryable<SessionRow> Sessions(Expression<Func<ExamSession, bool>> which) =>
            from s in db.ExamSessions.AsNoTracking().Where(which)
            join c in db.Centers on s.CenterId equals c.Id
            join b in db.ExamBlueprints on s.BlueprintId equals b.Id
            from v in db.Venues.Where(v => v.Id == s.VenueId).DefaultIfEmpty()
            select new SessionRow(s, c.Name, v == null ? null : v.Name, v == null ? null : v.Address, b.DurationMinutes);

        private static ExamSessionSummary ToSummary(SessionRow x) => new(
            x.Session.Id, x.Session.CenterId, x.CenterName, x.Session.Level, x.Session.Title, x.Session.Mode, x.Session.VenueId, x.VenueName, x.VenueAddress,
            x.Session.Capacity, x.Session.Registered, Math.Max(0, x.Session.Capacity - x.Session.Registered), x.Session.WindowStart, x.Session.WindowEnd,
            x.Session.RegistrationDeadline, x.DurationMinutes, x.Session.ShowReview, x.Session.ResultsReleasedAt != null, x.Session.Revision,
            x.Session.ExternalExaminersOnly);
    }

    private sealed record SessionRow(ExamSession Session, string CenterName, string? VenueName, string? VenueAddress, int DurationMinutes);
}
