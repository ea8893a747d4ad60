using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Attendance;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.Attendances;

/// <summary>A cohort of a free course (a place is confirmed at once) with confirmed learners, and sessions placed where a test needs them.</summary>
public sealed record AttendanceClass(int CohortId, TestLearner[] Learners, int[] EnrollmentIds);

public static class AttendanceKit
{
    private static int _sequence = 1000;

    public static async Task<AttendanceClass> ClassAsync(this AcademyFactory factory, int learners)
    {
        var w = await factory.WorldAsync();
        var cohortId = await factory.CohortAsync(w.CenterA, capacity: 30, fee: 0m);
        var people = await factory.LearnersAsync(learners);
        var ids = new int[learners];
        for (var i = 0; i < learners; i++)
        {
            var place = await people[i].Client.EnrolledAsync(cohortId);
            Assert.Equal("Confirmed", place.Status());
            ids[i] = place.Id();
        }
        return new AttendanceClass(cohortId, people, ids);
    }

    /// <summary>A session of the cohort starting at <paramref name="startsAt"/> (to the minute), stored as the timetable would store it.</summary>
    public static async Task<int> SessionAsync(this AcademyFactory factory, int cohortId, DateTimeOffset startsAt, int minutes,
        SessionKind kind = SessionKind.Theory, bool cancelled = false)
    {
        var w = await factory.WorldAsync();
        var local = startsAt.ToOffset(CohortSession.ChinaOffset);
        var date = DateOnly.FromDateTime(local.DateTime);
        var start = new TimeOnly(local.Hour, local.Minute);
        var planned = new PlannedSession(Interlocked.Increment(ref _sequence), date, start, start.AddMinutes(minutes), kind, w.VenueA, w.InstructorA);
        return await factory.DbAsync(async db =>
        {
            var session = new CohortSession(cohortId, w.CenterA, planned);
            if (cancelled) session.Cancel();
            db.CohortSessions.Add(session);
            await db.SaveChangesAsync();
            return session.Id;
        });
    }

    /// <summary>The app's (fake) clock now, to the minute, so sessions placed from it start on a whole minute.</summary>
    public static DateTimeOffset Now(this AcademyFactory factory)
    {
        var now = factory.Time.GetUtcNow();
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
    }

    public static Task<List<AttendanceRecord>> RecordsAsync(this AcademyFactory factory, int sessionId) =>
        factory.DbAsync(db => db.AttendanceRecords.AsNoTracking().Where(r => r.SessionId == sessionId).OrderBy(r => r.EnrollmentId).ToListAsync());

    /// <summary>Stores a mark straight through the domain, for tallies that do not depend on when it was taken.</summary>
    public static Task MarkAsync(this AcademyFactory factory, int sessionId, int enrollmentId, AttendanceStatus status, int minutesMissed = 0) =>
        factory.DbAsync(async db =>
        {
            var session = await db.CohortSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId);
            var place = await db.Enrollments.AsNoTracking().SingleAsync(e => e.Id == enrollmentId);
            var record = await db.AttendanceRecords.SingleOrDefaultAsync(r => r.SessionId == sessionId && r.EnrollmentId == enrollmentId);
            if (record is null)
            {
                record = new AttendanceRecord(sessionId, session.CohortId, session.CenterId, enrollmentId, place.LearnerId);
                db.AttendanceRecords.Add(record);
            }
            record.Mark(status, minutesMissed, session.Minutes, AttendanceSource.Roster, "test", factory.Time.GetUtcNow());
            await db.SaveChangesAsync();
            return 0;
        });

}
