using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.ExamSitting;

public sealed record CandidateResultRow(int AttemptId, int RegistrationId, string Candidate, string TicketNumber, AttemptStatus Status,
    decimal? Score, bool? Passed, bool AutoSubmitted, DateTimeOffset StartedAt, DateTimeOffset? SubmittedAt, int AccommodationMinutes,
    AssessmentComponent Component = AssessmentComponent.Theory);

public sealed record SessionResultsView(int SessionId, string Title, int Level, int CenterId, DateTimeOffset WindowStart, DateTimeOffset WindowEnd,
    DateTimeOffset? ResultsReleasedAt, IReadOnlyList<CandidateResultRow> Rows)
{
    /// <summary>Graded scores in bins of ten points: 0–9, 10–19, …, 90–100.</summary>
    public int[] Distribution()
    {
        var bins = new int[10];
        foreach (var score in Rows.Where(r => r.Score is not null).Select(r => r.Score!.Value))
            bins[Math.Clamp((int)Math.Floor(score / 10m), 0, 9)]++;
        return bins;
    }
}

public sealed record AuditLine(DateTimeOffset At, AttemptEventKind Kind, int? ItemId, int? Revision, string? Detail);

public sealed record AttemptAuditView(int AttemptId, int RegistrationId, int SessionId, string SessionTitle, string Candidate, string TicketNumber,
    AttemptStatus Status, DateTimeOffset StartedAt, DateTimeOffset Deadline, DateTimeOffset? SubmittedAt, bool AutoSubmitted, int Seed,
    int AccommodationMinutes, decimal? Score, IReadOnlyList<AuditLine> Events);

/// <summary>Staff views: a session's results table and an attempt's audit trail (staff of the session's center, or an admin).</summary>
public static class StaffExamQueries
{
    public sealed class Handler(AcademyDbContext db, CenterAccess access)
    {
        public async Task<SessionResultsView> SessionAsync(int sessionId, CancellationToken ct = default)
        {
            var session = await access.EnsureCanManageAsync(await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct));
            var rows = await (
                    from a in db.ExamAttempts.AsNoTracking()
                    where a.SessionId == sessionId
                    join r in db.ExamRegistrations on a.RegistrationId equals r.Id
                    join u in db.Users on a.LearnerId equals u.Id
                    orderby r.TicketNumber, a.Component
                    select new CandidateResultRow(a.Id, r.Id, u.DisplayName ?? u.Email ?? "", r.TicketNumber, a.Status, a.Score, a.Passed, a.AutoSubmitted,
                        a.StartedAt, a.SubmittedAt, r.AccommodationMinutes, a.Component))
                .ToListAsync(ct);
            return new SessionResultsView(session.Id, session.Title, session.Level, session.CenterId, session.WindowStart, session.WindowEnd,
                session.ResultsReleasedAt, rows);
        }

        public async Task<AttemptAuditView> AuditAsync(int attemptId, CancellationToken ct = default)
        {
            var attempt = await access.EnsureCanManageAsync(await db.ExamAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attemptId, ct));
            var registration = await db.ExamRegistrations.AsNoTracking().SingleAsync(r => r.Id == attempt.RegistrationId, ct);
            var title = await db.ExamSessions.Where(s => s.Id == attempt.SessionId).Select(s => s.Title).SingleAsync(ct);
            var candidate = await db.Users.Where(u => u.Id == attempt.LearnerId).Select(u => u.DisplayName ?? u.Email ?? "").SingleAsync(ct);
            var events = await db.AttemptEvents.AsNoTracking().Where(e => e.AttemptId == attemptId)
                .OrderBy(e => e.Id)
                .Select(e => new AuditLine(e.At, e.Kind, e.Position, e.Revision, e.Detail))
                .ToListAsync(ct);
            return new AttemptAuditView(attempt.Id, registration.Id, attempt.SessionId, title, candidate, registration.TicketNumber, attempt.Status,
                attempt.StartedAt, attempt.Deadline, attempt.SubmittedAt, attempt.AutoSubmitted, attempt.Seed, registration.AccommodationMinutes,
                attempt.Score, events);
        }
    }
}
