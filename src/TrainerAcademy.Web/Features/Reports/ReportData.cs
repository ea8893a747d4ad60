using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Attendance;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Attendance;

namespace TrainerAcademy.Features.Reports;

/// <summary>A confirmed place with the funnel stages it reached, as a row the database computes.</summary>
public sealed class FunnelPlace
{
    public int EnrollmentId { get; init; }
    public string LearnerId { get; init; } = "";
    public int CenterId { get; init; }
    public int CohortId { get; init; }
    public int Level { get; init; }
    public DateTimeOffset? ConfirmedAt { get; init; }
    public bool Complete { get; init; }
    public bool Assessed { get; init; }
    public bool Passed { get; init; }
    public bool Certified { get; init; }
}

/// <summary>A released result whose combined outcome is decided, as a row the database computes.</summary>
public sealed class DecidedResult
{
    public int RegistrationId { get; init; }
    public string LearnerId { get; init; } = "";
    public int CenterId { get; init; }
    public int Level { get; init; }
    public DateTimeOffset? ReleasedAt { get; init; }
    public bool Passed { get; init; }
}

/// <summary>
/// The rows the report figures count, as queries the database evaluates (nothing is loaded to be counted in memory).
/// The rules are the platform's own, restated in SQL: a place's training is complete as <see cref="TrainingProgress"/>
/// decides, and a result's outcome is <see cref="CombinedResult.Decide"/>'s; tests hold the two to the same answers.
/// </summary>
[FeatureService]
public sealed class ReportData(AcademyDbContext db, IOptions<AttendanceOptions> attendance)
{
    /// <summary>
    /// Released results with a decided outcome: failed as soon as a graded part is below its pass mark; passed when the theory
    /// paper and the skill assessment are both graded and passed, and at levels 2 and 1 the comprehensive review too.
    /// A withdrawn registration, a session not released, or a part still unscored is not a result yet.
    /// </summary>
    public IQueryable<DecidedResult> DecidedResults()
    {
        var theory = AssessmentComponent.Theory;
        var skill = AssessmentComponent.Skill;
        var review = AssessmentComponent.Review;
        return from r in db.ExamRegistrations.AsNoTracking()
               where r.Status == RegistrationStatus.Registered
               join s in db.ExamSessions on r.SessionId equals s.Id
               where s.ResultsReleasedAt != null
               let failed = db.ExamAttempts.Any(a => a.RegistrationId == r.Id && a.Status == AttemptStatus.Graded && a.Passed == false)
               let passed = db.ExamAttempts.Any(a => a.RegistrationId == r.Id && a.Component == theory && a.Status == AttemptStatus.Graded && a.Passed == true)
                            && db.ExamAttempts.Any(a => a.RegistrationId == r.Id && a.Component == skill && a.Status == AttemptStatus.Graded && a.Passed == true)
                            && (s.Level >= 3 || db.ExamAttempts.Any(a => a.RegistrationId == r.Id && a.Component == review && a.Status == AttemptStatus.Graded && a.Passed == true))
               where failed || passed
               select new DecidedResult
               {
                   RegistrationId = r.Id, LearnerId = r.LearnerId, CenterId = s.CenterId, Level = s.Level, ReleasedAt = s.ResultsReleasedAt,
                   Passed = !failed && passed,
               };
    }

    /// <summary>The decided results the filter selects: released in its dates, of its center and level, of its cohort's learners.</summary>
    public IQueryable<DecidedResult> Results(ReportFilter f)
    {
        var (start, end) = (f.Start, f.End);
        var results = DecidedResults().Where(x => x.ReleasedAt >= start && x.ReleasedAt < end);
        if (f.CenterId is { } center) results = results.Where(x => x.CenterId == center);
        if (f.Level is { } level) results = results.Where(x => x.Level == level);
        if (f.CohortId is { } cohort)
        {
            var cohortLevel = f.CohortLevel;
            results = results.Where(x => x.Level == cohortLevel
                                         && db.Enrollments.Any(e => e.CohortId == cohort && e.LearnerId == x.LearnerId && e.ConfirmedAt != null));
        }
        return results;
    }

    /// <summary>
    /// The places the filter selects, each with the stages it reached. A place is counted from the Beijing day it was confirmed
    /// (paid, recorded as paid offline, or free), whatever happened to it later; each stage needs the ones before it.
    /// </summary>
    public IQueryable<FunnelPlace> Places(ReportFilter f)
    {
        var (start, end) = (f.Start, f.End);
        // Whole numbers in SQL: attended × 1000 ≥ required × share‰ is TrainingProgress's attended ≥ share × required.
        var shareMille = (int)Math.Round(attendance.Value.CompletionShare * 1000m, MidpointRounding.AwayFromZero);
        var enrollments = db.Enrollments.AsNoTracking().Where(e => e.ConfirmedAt >= start && e.ConfirmedAt < end);
        if (f.CenterId is { } center) enrollments = enrollments.Where(e => e.CenterId == center);
        if (f.CohortId is { } cohortId) enrollments = enrollments.Where(e => e.CohortId == cohortId);
        var levelFilter = f.Level;
        var (theory, skill, review) = (AssessmentComponent.Theory, AssessmentComponent.Skill, AssessmentComponent.Review);

        var places =
            from e in enrollments
            join k in db.Cohorts on e.CohortId equals k.Id
            join c in db.Courses on k.CourseId equals c.Id
            where levelFilter == null || c.Level == levelFilter
            select new
            {
                e.Id, e.LearnerId, e.CenterId, e.CohortId, c.Level, e.ConfirmedAt,
                // Minutes attended, TrainingProgress's tally in SQL: present counts the session, late and left early the session
                // less the minutes missed, absent and excused nothing; cancelled sessions do not count. The place's own marks
                // only (the EnrollmentId index), grouped, and compared with the course's hours of each kind.
                Complete = (from r in db.AttendanceRecords
                            where r.EnrollmentId == e.Id
                                  && (r.Status == AttendanceStatus.Present || r.Status == AttendanceStatus.Late || r.Status == AttendanceStatus.LeftEarly)
                            join s in db.CohortSessions on r.SessionId equals s.Id
                            where s.Status == SessionStatus.Scheduled
                            select new
                            {
                                r.EnrollmentId, s.Kind,
                                Counted = r.Status == AttendanceStatus.Present ? s.Minutes : s.Minutes > r.MinutesMissed ? s.Minutes - r.MinutesMissed : 0,
                            })
                    .GroupBy(x => x.EnrollmentId)
                    .Any(g => g.Sum(x => x.Kind == SessionKind.Theory ? x.Counted : 0) * 1000 >= c.TheoryHours * 60 * shareMille
                              && g.Sum(x => x.Kind == SessionKind.Practice ? x.Counted : 0) * 1000 >= c.PracticeHours * 60 * shareMille),
                // The learner's registrations first (the LearnerId index), then the session and the attempts of each.
                Assessed = db.ExamRegistrations.Any(r => r.LearnerId == e.LearnerId && r.Status == RegistrationStatus.Registered
                    && db.ExamSessions.Any(s => s.Id == r.SessionId && s.Level == c.Level && s.ResultsReleasedAt != null)
                    && (db.ExamAttempts.Any(a => a.RegistrationId == r.Id && a.Status == AttemptStatus.Graded && a.Passed == false)
                        || (db.ExamAttempts.Any(a => a.RegistrationId == r.Id && a.Component == theory && a.Status == AttemptStatus.Graded && a.Passed == true)
                            && db.ExamAttempts.Any(a => a.RegistrationId == r.Id && a.Component == skill && a.Status == AttemptStatus.Graded && a.Passed == true)
                            && (c.Level >= 3 || db.ExamAttempts.Any(a => a.RegistrationId == r.Id && a.Component == review && a.Status == AttemptStatus.Graded && a.Passed == true))))),
                Passed = db.ExamRegistrations.Any(r => r.LearnerId == e.LearnerId && r.Status == RegistrationStatus.Registered
                    && db.ExamSessions.Any(s => s.Id == r.SessionId && s.Level == c.Level && s.ResultsReleasedAt != null)
                    && !db.ExamAttempts.Any(a => a.RegistrationId == r.Id && a.Status == AttemptStatus.Graded && a.Passed == false)
                    && db.ExamAttempts.Any(a => a.RegistrationId == r.Id && a.Component == theory && a.Status == AttemptStatus.Graded && a.Passed == true)
                    && db.ExamAttempts.Any(a => a.RegistrationId == r.Id && a.Component == skill && a.Status == AttemptStatus.Graded && a.Passed == true)
                    && (c.Level >= 3 || db.ExamAttempts.Any(a => a.RegistrationId == r.Id && a.Component == review && a.Status == AttemptStatus.Graded && a.Passed == true))),
                Certified = db.Certificates.Any(x => x.LearnerId == e.LearnerId && x.Level == c.Level && x.Status == CertificateStatus.Valid),
            };
        return places.Select(p => new FunnelPlace
        {
            EnrollmentId = p.Id, LearnerId = p.LearnerId, CenterId = p.CenterId, CohortId = p.CohortId, Level = p.Level, ConfirmedAt = p.ConfirmedAt,
            Complete = p.Complete,
            Assessed = p.Complete && p.Assessed,
            Passed = p.Complete && p.Assessed && p.Passed,
            Certified = p.Complete && p.Assessed && p.Passed && p.Certified,
        });
    }
}
