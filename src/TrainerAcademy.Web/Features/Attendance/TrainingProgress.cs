using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Features.Attendance;

/// <summary>Minutes attended of one kind of session against the course's hours of that kind.</summary>
public sealed record HoursProgress(int MinutesAttended, int MinutesRequired, decimal Share, bool Reached)
{
    public decimal HoursAttended => Math.Round(MinutesAttended / 60m, 1);
    public int HoursRequired => MinutesRequired / 60;
}

public sealed record TrainingProgressView(
    int EnrollmentId, int CohortId, int CourseId, int Level, HoursProgress Theory, HoursProgress Practice, decimal CompletionShare, bool TrainingComplete);

/// <summary>
/// The attendance tally of a place: minutes attended of theory and of practice sessions (cancelled sessions do not
/// count) against the course's theory and practice hours. The training is complete when both reach the configured
/// share (Attendance:CompletionShare, 90% by default) of the course's hours; exam registration asks this.
/// </summary>
[FeatureService]
public sealed class TrainingProgress(AcademyDbContext db, IOptions<AttendanceOptions> options)
{
    public async Task<TrainingProgressView> ForEnrollmentAsync(int enrollmentId, CancellationToken ct = default)
    {
        var place = await (
            from e in db.Enrollments.AsNoTracking()
            where e.Id == enrollmentId
            join k in db.Cohorts on e.CohortId equals k.Id
            join c in db.Courses on k.CourseId equals c.Id
            select new { e.Id, e.CohortId, CourseId = c.Id, c.Level, c.TheoryHours, c.PracticeHours }).SingleOrDefaultAsync(ct)
            ?? throw new Auth.NotFoundException();

        var marks = await (
            from r in db.AttendanceRecords.AsNoTracking()
            where r.EnrollmentId == enrollmentId
            join s in db.CohortSessions on r.SessionId equals s.Id
            where s.Status == SessionStatus.Scheduled
            select new { Record = r, s.Kind, s.Start, s.End }).ToListAsync(ct);
        int Attended(SessionKind kind) => marks.Where(m => m.Kind == kind)
            .Sum(m => m.Record.MinutesAttended((int)(m.End - m.Start).TotalMinutes));

        var share = options.Value.CompletionShare;
        var theory = Progress(Attended(SessionKind.Theory), place.TheoryHours * 60, share);
        var practice = Progress(Attended(SessionKind.Practice), place.PracticeHours * 60, share);
        return new TrainingProgressView(place.Id, place.CohortId, place.CourseId, place.Level, theory, practice, share, theory.Reached && practice.Reached);
    }

    /// <summary>Whether the learner completed the training of any confirmed place in a course of the level.</summary>
    public async Task<bool> IsTrainingCompleteAsync(string learnerId, int level, CancellationToken ct = default)
    {
        var places = await (
            from e in db.Enrollments.AsNoTracking()
            where e.LearnerId == learnerId && e.Status == EnrollmentStatus.Confirmed
            join k in db.Cohorts on e.CohortId equals k.Id
            join c in db.Courses on k.CourseId equals c.Id
            where c.Level == level
            select e.Id).ToListAsync(ct);
        foreach (var id in places)
            if ((await ForEnrollmentAsync(id, ct)).TrainingComplete) return true;
        return false;
    }

    private static HoursProgress Progress(int attended, int required, decimal share) =>
        new(attended, required, required == 0 ? 1m : Math.Round((decimal)attended / required, 4), attended >= share * required);
}
