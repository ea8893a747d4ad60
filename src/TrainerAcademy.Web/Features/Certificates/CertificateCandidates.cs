using TrainerAcademy.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.CandidateResults;
using TrainerAcademy.Features.Timetable;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Certificates;

/// <summary>A registration of a session as certificate issuance sees it.</summary>
public sealed record CertificateCandidate(int RegistrationId, string LearnerId, string TicketNumber, string? RealName, AssessmentOutcome Outcome,
    CertificateEligibility Eligibility, int? CertificateId, string? CertificateNumber);

/// <summary>
/// Who of a session may be certified today (<see cref="CertificateEligibility"/>): the combined outcome passed, the
/// public posting over, and no review open.
/// </summary>
[FeatureService]
public sealed class CertificateCandidates(AcademyDbContext db, TimeProvider clock, IOptions<ResultsOptions> options)
{
    /// <summary>The national calendar, read once in a scope: a batch asks for thousands of candidates one by one.</summary>
    private StatutoryCalendar? _calendar;

    public Task<IReadOnlyList<CertificateCandidate>> OfSessionAsync(int sessionId, CancellationToken ct = default) => CandidatesAsync(sessionId, null, ct);

    /// <summary>One registration of the session, as <see cref="OfSessionAsync"/> would give it; null when it is not registered.</summary>
    public async Task<CertificateCandidate?> OfRegistrationAsync(int sessionId, int registrationId, CancellationToken ct = default) =>
        (await CandidatesAsync(sessionId, [registrationId], ct)).SingleOrDefault();

    /// <summary>Some registrations of the session (a batch reads its candidates a chunk at a time); those not registered are left out.</summary>
    public Task<IReadOnlyList<CertificateCandidate>> OfRegistrationsAsync(int sessionId, IReadOnlyCollection<int> registrationIds, CancellationToken ct = default) =>
        CandidatesAsync(sessionId, registrationIds, ct);

    private async Task<IReadOnlyList<CertificateCandidate>> CandidatesAsync(int sessionId, IReadOnlyCollection<int>? only, CancellationToken ct)
    {
        var session = await db.ExamSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw new NotFoundException();
        var registrations = await (
                from r in db.ExamRegistrations.AsNoTracking()
                where r.SessionId == sessionId && r.Status == RegistrationStatus.Registered && (only == null || only.Contains(r.Id))
                from p in db.LearnerProfiles.Where(p => p.UserId == r.LearnerId).DefaultIfEmpty()
                orderby r.TicketNumber
                select new { r.Id, r.LearnerId, r.TicketNumber, RealName = p == null ? null : p.RealName })
            .ToListAsync(ct);
        var attempts = await db.ExamAttempts.AsNoTracking().Where(a => a.SessionId == sessionId && (only == null || only.Contains(a.RegistrationId)))
            .Select(a => new { a.RegistrationId, a.Component, a.Status, a.Score, a.PassMark }).ToListAsync(ct);
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.SessionId == sessionId && c.Edition == 1 && (only == null || only.Contains(c.RegistrationId)))
            .Select(c => new { c.RegistrationId, c.Id, c.Number }).ToDictionaryAsync(c => c.RegistrationId, ct);
        var openReviews = (await db.ResultReviews.AsNoTracking().Where(r => r.SessionId == sessionId && r.Status == ReviewStatus.Open && (only == null || only.Contains(r.RegistrationId)))
            .Select(r => r.RegistrationId).ToListAsync(ct)).ToHashSet();
        ResultPosting? posting = session.ResultsReleasedAt is { } at ? options.Value.Posting(at, _calendar ??= await db.NationalCalendarAsync(ct)) : null;
        var today = clock.Today();
        return [.. registrations.Select(r =>
        {
            var scores = attempts.Where(a => a.RegistrationId == r.Id)
                .Select(a => new ComponentScore(a.Component, a.Status == AttemptStatus.Graded && posting is not null ? a.Score : null, a.PassMark));
            var outcome = posting is null ? AssessmentOutcome.Pending : CombinedResult.Decide(session.Level, scores);
            var eligibility = CertificateEligibility.Decide(outcome, posting, openReviews.Contains(r.Id), today);
            certificates.TryGetValue(r.Id, out var certificate);
            return new CertificateCandidate(r.Id, r.LearnerId, r.TicketNumber, r.RealName, outcome, eligibility, certificate?.Id, certificate?.Number);
        })];
    }
}
