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
/// The rows the report figures count, as queries the database evaluates (nothing is loaded to be counted in memory), each
/// part grouped once and joined rather than asked again for every row.
/// The rules are the platform's own, restated in SQL: a place's training is complete as <see cref="TrainingProgress"/>
/// decides, and a result's outcome is <see cref="CombinedResult.Decide"/>'s; tests hold the two to the same answers.
/// </summary>
[FeatureService]
public sealed class ReportData(AcademyDbContext db, IOptions<AttendanceOptions> attendance)
{
    /// <summary>
    /// Released results with a decided outcome: failed as soon as a graded part is below its pass mark; passed when the theory
    /// paper and the skill assessment are both graded and passed, and at levels 2 and 1 the comprehensive review too.
    /// A withdrawn registration, a session not released, or a part still unscored is not a result yet. The graded attempts
    /// are grouped once per registration and joined, so the work grows with the data, not with its square.
    /// </summary>
    public IQueryable<DecidedResult> DecidedResults()
    {
        var (theory, skill, review) = (AssessmentComponent.Theory, AssessmentComponent.Skill, AssessmentComponent.Review);
        var outcomes =
            from a in db.ExamAttempts.AsNoTracking()
            where a.Status == AttemptStatus.Graded
            group a by a.RegistrationId into g
            select new
            {
                RegistrationId = g.Key,
                Failed = g.Max(a => a.Passed == false ? 1 : 0),
                Theory = g.Max(a => a.Component == theory && a.Passed == true ? 1 : 0),
                Skill = g.Max(a => a.Component == skill && a.Passed == true ? 1 : 0),
                Review = g.Max(a => a.Component == review && a.Passed == true ? 1 : 0),
            };
        return from r in db.ExamRegistrations.AsNoTracking()
               where r.Status == RegistrationStatus.Registered
               join s in db.ExamSessions on r.SessionId equals s.Id
               where s.ResultsReleasedAt != null
               join o in outcomes on r.Id equals o.RegistrationId
               where o.Failed == 1 || (o.Theory == 1 && o.Skill == 1 && (s.Level >= 3 || o.Review == 1))
               select new DecidedResult
               {
                   RegistrationId = r.Id, LearnerId = r.LearnerId, CenterId = s.CenterId, Level = s.Level, ReleasedAt = s.ResultsReleasedAt,
                   Passed = o.Failed == 0,
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

        // Minutes attended by each selected place, TrainingProgress's tally in SQL: present counts the session, late and left
        // early the session less the minutes missed, absent and excused nothing; cancelled sessions do not count.
        var attended =
            from r in db.AttendanceRecords
            where r.Status == AttendanceStatus.Present || r.Status == AttendanceStatus.Late || r.Status == AttendanceStatus.LeftEarly
            join e in enrollments on r.EnrollmentId equals e.Id
            join s in db.CohortSessions on r.SessionId equals s.Id
            where s.Status == SessionStatus.Scheduled
            group new
            {
                s.Kind,
                Counted = r.Status == AttendanceStatus.Present ? s.Minutes : s.Minutes > r.MinutesMissed ? s.Minutes - r.MinutesMissed : 0,
            } by r.EnrollmentId into g
            select new
            {
                // Nullable, as the left join below reads a place without marks as nulls.
                EnrollmentId = (int?)g.Key,
                Theory = (int?)g.Sum(x => x.Kind == SessionKind.Theory ? x.Counted : 0),
                Practice = (int?)g.Sum(x => x.Kind == SessionKind.Practice ? x.Counted : 0),
            };
        // Each learner's decided results at each level (passed when any passed), and the levels they hold a valid certificate of.
        var assessed =
            from d in DecidedResults()
            group d by new { d.LearnerId, d.Level } into g
            select new { g.Key.LearnerId, g.Key.Level, Passed = (int?)g.Max(d => d.Passed ? 1 : 0) };
        var certified =
            from x in db.Certificates
            where x.Status == CertificateStatus.Valid
            group x by new { x.LearnerId, x.Level } into g
            select new { g.Key.LearnerId, g.Key.Level, Count = (int?)g.Count() };

        var places =
            from e in enrollments
            join k in db.Cohorts on e.CohortId equals k.Id
            join c in db.Courses on k.CourseId equals c.Id
            where levelFilter == null || c.Level == levelFilter
            join m in attended on e.Id equals m.EnrollmentId into marks
            from m in marks.DefaultIfEmpty()
            join o in assessed on new { e.LearnerId, c.Level } equals new { o.LearnerId, o.Level } into outcomes
            from o in outcomes.DefaultIfEmpty()
            join x in certified on new { e.LearnerId, c.Level } equals new { x.LearnerId, x.Level } into certificates
            from x in certificates.DefaultIfEmpty()
            select new
            {
                e.Id, e.LearnerId, e.CenterId, e.CohortId, c.Level, e.ConfirmedAt,
                // Whole numbers in SQL: attended × 1000 ≥ required × share‰ is TrainingProgress's attended ≥ share × required.
                // A missing row of a left join reads as nulls: the flags compare its columns, so the database decides them.
                Complete = m.EnrollmentId != null
                           && m.Theory * 1000 >= c.TheoryHours * 60 * shareMille
                           && m.Practice * 1000 >= c.PracticeHours * 60 * shareMille,
                Assessed = o.Passed != null,
                Passed = o.Passed == 1,
                Certified = x.Count != null,
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
