using System.ComponentModel.DataAnnotations;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Cohorts;

/// <summary>Center staff create, edit, open and cancel their center's cohorts.</summary>
public static class SaveCohort
{
    /// <summary>The cohort as the API takes it and its edit page binds it; the form's messages are resource keys.</summary>
    public sealed record Command
    {
        /// <summary>Required to create; on edit a cohort stays with its course, so it may be left out.</summary>
        public int? CourseId { get; init; }

        [Required(ErrorMessage = "Choose the start date.")]
        public DateOnly? StartsOn { get; init; }

        [Required(ErrorMessage = "Choose the weekend days.")]
        public WeekendPattern? WeekendPattern { get; init; }

        /// <summary>Daily slots like "09:00-12:00"; the form types them in one box, "09:00-12:00; 13:30-17:30".</summary>
        [Required(ErrorMessage = "Enter at least one daily time slot.")]
        [ModelBinder(typeof(SeparatedListBinder))]
        public IReadOnlyList<string> DailySlots { get; init; } = [];

        [Required(ErrorMessage = "Enter the capacity."), Range(1, Cohort.MaxCapacity, ErrorMessage = "Capacity is 1 to {2}.")]
        public int? Capacity { get; init; }

        public int? VenueId { get; init; }

        /// <summary>On edit, the revision the caller last saw; a newer one on the server means 409.</summary>
        public int? Revision { get; init; }
    }

    public sealed class Handler(
        AcademyDbContext db, CenterAccess access, CurrentUser user, IBackgroundJobClient jobs, Timetable.TimetableProgress progress, ILogger<SaveCohort.Handler> log)
    {
        public async Task<int> CreateAsync(Command command, CancellationToken ct = default)
        {
            var courseId = command.CourseId ?? throw new RuleViolation("cohort.course-required", "Choose a course.", "courseId");
            var course = await db.Courses.FindAsync([courseId], ct);
            if (course is null || !user.CanManage(course.CenterId))
                throw new RuleViolation("cohort.course-unknown", "Choose one of your center's courses.", "courseId");
            var venue = await VenueAsync(command.VenueId, ct);
            var cohort = new Cohort(course, command.StartsOn ?? default, command.WeekendPattern ?? WeekendPattern.None, Slots(command), command.Capacity ?? 0, venue);
            db.Cohorts.Add(cohort);
            await db.SaveChangesAsync(ct);
            EnqueueTimetable(cohort.Id);
            return cohort.Id;
        }

        public async Task UpdateAsync(int id, Command command, CancellationToken ct = default)
        {
            var cohort = await LoadAsync(id, command.Revision, ct);
            var course = await db.Courses.SingleAsync(c => c.Id == cohort.CourseId, ct);
            if (command.CourseId is { } courseId && courseId != 0 && courseId != cohort.CourseId)
                throw new RuleViolation("cohort.course", "A cohort stays with its course.", "courseId");
            cohort.Reschedule(course, command.StartsOn ?? default, command.WeekendPattern ?? WeekendPattern.None, Slots(command), command.Capacity ?? 0,
                await VenueAsync(command.VenueId, ct));
            await db.SaveChangesAsync(ct);
            EnqueueTimetable(id);
        }

        /// <summary>
        /// Plans the cohort's timetable again from its data as it stands, as saving it does: after the statutory
        /// calendar of a year it reaches into was published, or a closure day was added.
        /// </summary>
        public async Task RegenerateAsync(int id, CancellationToken ct = default)
        {
            var cohort = await LoadAsync(id, null, ct);
            if (cohort.Status is CohortStatus.Cancelled or CohortStatus.Completed)
                throw new RuleViolation("cohort.regenerate-closed", "A cancelled or completed cohort keeps its timetable.");
            EnqueueTimetable(id);
        }

        public async Task OpenAsync(int id, int? revision, CancellationToken ct = default)
        {
            (await LoadAsync(id, revision, ct)).Open();
            await db.SaveChangesAsync(ct);
        }

        public async Task CancelAsync(int id, int? revision, CancellationToken ct = default)
        {
            (await LoadAsync(id, revision, ct)).Cancel();
            await db.SaveChangesAsync(ct);
        }

        public async Task<(Command Command, Cohort Cohort)> GetAsync(int id, CancellationToken ct = default)
        {
            var k = await access.EnsureCanManageAsync(await db.Cohorts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct));
            return (new Command
            {
                CourseId = k.CourseId, StartsOn = k.StartsOn, WeekendPattern = k.Pattern, Capacity = k.Capacity,
                DailySlots = k.Slots.Select(s => s.ToString()).ToList(), VenueId = k.VenueId, Revision = k.Revision,
            }, k);
        }

        private async Task<Cohort> LoadAsync(int id, int? revision, CancellationToken ct)
        {
            var cohort = await access.EnsureCanManageAsync(await db.Cohorts.FindAsync([id], ct));
            if (revision is { } seen && seen != cohort.Revision)
                throw new ConflictViolation("cohort.stale", "Someone changed this cohort after you opened it. Reload and try again.");
            return cohort;
        }

        private async Task<Venue?> VenueAsync(int? venueId, CancellationToken ct)
        {
            if (venueId is null) return null;
            var venue = await db.Venues.FindAsync([venueId.Value], ct);
            return venue is not null && user.CanManage(venue.CenterId)
                ? venue
                : throw new RuleViolation("cohort.venue-unknown", "Choose one of your center's venues.", "venueId");
        }

        private void EnqueueTimetable(int cohortId)
        {
            try
            {
                // Marked queued before the job exists, so a job that starts at once is never overwritten by "queued".
                progress.Queued(cohortId);
                progress.Enqueued(cohortId, jobs.Enqueue<Timetable.TimetableJob>(j => j.GenerateAsync(cohortId, CancellationToken.None)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                try
                {
                    progress.Finished(cohortId, "failed");
                }
                catch (Exception) when (e is not OperationCanceledException)
                {
                    // The job storage itself is down; the log line below says what happened.
                }
                // The cohort is saved; staff can save it again to regenerate its timetable.
                log.LogWarning(e, "The timetable job of cohort {Cohort} was not enqueued", cohortId);
            }
        }

        private static IReadOnlyList<TimeSlot> Slots(Command command) =>
            TimeSlot.ParseList(string.Join(";", command.DailySlots ?? []));
    }
}
