using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Features.Enrollments;

public sealed record EnrollmentResult(int Id, EnrollmentStatus Status, DateTimeOffset? HoldExpiresAt);

/// <summary>A learner takes a seat in an open cohort (held until paid), or joins its waitlist.</summary>
public static class Enroll
{
    public sealed record Command(bool JoinWaitlist = false);

    public sealed class Handler(AcademyDbContext db, SeatLedger seats, CurrentUser user, TimeProvider clock,
        IOptions<EnrollmentOptions> options, IBackgroundJobClient jobs, ILogger<Enroll.Handler> log)
    {
        public async Task<EnrollmentResult> EnrollAsync(int cohortId, Command command, CancellationToken ct = default)
        {
            var learnerId = user.RequiredId;
            var cohort = await CohortById.For(db)(db, cohortId, ct);
            if (cohort is null || cohort.Status is CohortStatus.Draft) throw new NotFoundException();
            // Before the seat update, whose refusal would otherwise read "full, join the waitlist" for a cancelled or running cohort.
            cohort.EnsureTakesEnrollments();
            var price = await CourseFee.For(db)(db, cohort.CourseId, ct);
            if (await HasLivePlace.For(db)(db, cohortId, learnerId, ct))
                throw AlreadyEnrolled();
            // A cohort read full is answered without a write: in a rush most learners find it full, and each would
            // otherwise queue for the write lock only to be refused. A seat taken from here on is still decided by the
            // conditional UPDATE below.
            if (cohort.SeatsLeft == 0 && !command.JoinWaitlist) throw Cohort.Full();

            var now = clock.GetUtcNow();
            // The seat UPDATE is the transaction's first statement: on SQLite the write lock is taken at once
            // (no read-then-upgrade), on PostgreSQL concurrent updates of the row queue and re-check the condition.
            var enrollment = await db.InTransactionAsync(async token =>
            {
                Enrollment place;
                if (await seats.TryTakeAsync(cohortId, token))
                    place = Enrollment.WithSeat(cohort, learnerId, price, now, options.Value.Hold);
                else if (command.JoinWaitlist)
                {
                    // Queue behind any seat release in progress, then look again: a seat freed meanwhile is this learner's.
                    await seats.LockCohortAsync(cohortId, token);
                    place = await seats.TryTakeAsync(cohortId, token)
                        ? Enrollment.WithSeat(cohort, learnerId, price, now, options.Value.Hold)
                        : Enrollment.OnWaitlist(cohort, learnerId, price, now);
                }
                else
                    throw Cohort.Full();

                db.Enrollments.Add(place);
                try
                {
                    await db.SaveChangesAsync(token);
                }
                catch (DbUpdateException)
                {
                    // The unique index on live places: the same learner won a parallel request.
                    throw AlreadyEnrolled();
                }
                return place;
            }, ct);

            if (enrollment is { Status: EnrollmentStatus.PendingPayment, HoldExpiresAt: { } expires })
            {
                try
                {
                    jobs.Schedule<EnrollmentHoldJob>(j => j.ReleaseAsync(enrollment.Id, CancellationToken.None), expires);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The seat is already the learner's; the minutely sweep releases the hold if this job is missing.
                    log.LogWarning(e, "The release job of hold {Enrollment} was not scheduled", enrollment.Id);
                }
            }
            return new EnrollmentResult(enrollment.Id, enrollment.Status, enrollment.HoldExpiresAt);
        }

        private static ConflictViolation AlreadyEnrolled() =>
            new("enrollment.duplicate", "You already have a place (or a waitlist entry) in this cohort.");
    }

    public static readonly EnrollmentStatus[] Live = [EnrollmentStatus.PendingPayment, EnrollmentStatus.Confirmed, EnrollmentStatus.Waitlisted];

    // The reads of every enrollment, compiled once: in a rush they are most of a request's work, and a compiled query
    // skips EF's per-call expression walk and cache lookup.
    private static readonly PerModel<Func<AcademyDbContext, int, CancellationToken, Task<Cohort?>>> CohortById =
        new(() => EF.CompileAsyncQuery((AcademyDbContext db, int id, CancellationToken _) => db.Cohorts.AsNoTracking().SingleOrDefault(c => c.Id == id)));

    private static readonly PerModel<Func<AcademyDbContext, int, CancellationToken, Task<decimal>>> CourseFee =
        new(() => EF.CompileAsyncQuery((AcademyDbContext db, int courseId, CancellationToken _) => db.Courses.Where(c => c.Id == courseId).Select(c => c.Fee).Single()));

    private static readonly PerModel<Func<AcademyDbContext, int, string, CancellationToken, Task<bool>>> HasLivePlace =
        new(() => EF.CompileAsyncQuery((AcademyDbContext db, int cohortId, string learnerId, CancellationToken _) =>
            db.Enrollments.Any(e => e.CohortId == cohortId && e.LearnerId == learnerId && Live.Contains(e.Status))));
}
