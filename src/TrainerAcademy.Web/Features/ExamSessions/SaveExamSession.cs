using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.ExamSessions;

/// <summary>Center staff (or admins, naming the center) create and change theory exam sessions.</summary>
public static class SaveExamSession
{
    /// <summary>
    /// The session as the API takes it and its edit page binds it; the form's messages are resource keys. The page's
    /// date-time fields are China wall-clock times (<see cref="ChinaTimeBinder"/>).
    /// </summary>
    public sealed record Command
    {
        /// <summary>Admins name the center; staff create for their own.</summary>
        public int? CenterId { get; init; }

        /// <summary>Required to create; on edit a session keeps its level, so it may be left out.</summary>
        [Range(1, 5, ErrorMessage = "Choose the level.")]
        public int? Level { get; init; }

        [Required(ErrorMessage = "Enter a title."), StringLength(100)]
        public string Title { get; init; } = "";

        public ExamMode Mode { get; init; }

        public int? VenueId { get; init; }

        [Required(ErrorMessage = "Enter the capacity."), Range(1, ExamSession.MaxCapacity, ErrorMessage = "Capacity is 1 to {2}.")]
        public int? Capacity { get; init; }

        [Required(ErrorMessage = "Choose when the window opens."), ModelBinder(typeof(ChinaTimeBinder))]
        public DateTimeOffset? WindowStart { get; init; }

        [Required(ErrorMessage = "Choose when the window closes."), ModelBinder(typeof(ChinaTimeBinder))]
        public DateTimeOffset? WindowEnd { get; init; }

        [Required(ErrorMessage = "Choose when registration closes."), ModelBinder(typeof(ChinaTimeBinder))]
        public DateTimeOffset? RegistrationDeadline { get; init; }

        public bool ShowReview { get; init; }

        /// <summary>Whether only examiners of other centers mark the session's skill scripts.</summary>
        public bool ExternalExaminersOnly { get; init; }

        /// <summary>On edit, the revision the caller last saw; a newer one on the server means 409.</summary>
        public int? Revision { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CenterAccess access, TimeProvider clock)
    {
        public async Task<int> CreateAsync(Command command, CancellationToken ct = default)
        {
            var centerId = access.CenterForNewRecord(command.CenterId);
            if (!await db.Centers.AnyAsync(c => c.Id == centerId, ct))
                throw new RuleViolation("center.unknown", "Choose an existing training center.", "centerId");
            var level = command.Level ?? throw new RuleViolation("exam-session.level-required", "Choose the level.", "level");
            var blueprint = await QuestionBankStore.NewestActiveBlueprintAsync(db, level, ct)
                ?? throw new RuleViolation("exam-session.no-blueprint", "There is no active exam blueprint for this level yet; an administrator sets one up first.", "level");
            var skillBlueprintId = await QuestionBankStore.NewestActiveSkillBlueprintIdAsync(db, level, ct);
            var reviewBlueprintId = level <= 2 ? await QuestionBankStore.NewestActiveSkillBlueprintIdAsync(db, level, ct, AssessmentComponent.Review) : null;
            await CheckVenueAsync(centerId, command, ct);
            var now = clock.GetUtcNow();
            var windowStart = command.WindowStart ?? default;
            if (windowStart <= now)
                throw new RuleViolation("exam-session.past", "The window starts in the future.", "windowStart");
            var session = new ExamSession(centerId, level, blueprint.Id, command.Title, command.Mode, command.VenueId, command.Capacity ?? 0,
                windowStart, command.WindowEnd ?? default, command.RegistrationDeadline ?? default, command.ShowReview, now, skillBlueprintId, command.ExternalExaminersOnly, reviewBlueprintId);
            db.ExamSessions.Add(session);
            await db.SaveChangesAsync(ct);
            return session.Id;
        }

        public async Task UpdateAsync(int id, Command command, CancellationToken ct = default)
        {
            var session = await access.EnsureCanManageAsync(await db.ExamSessions.FindAsync([id], ct));
            if (command.Revision is { } seen && seen != session.Revision)
                throw new ConflictViolation("exam-session.stale", "Someone changed this exam session after you opened it. Reload and try again.");
            if (command.Level is { } level && level != 0 && level != session.Level)
                throw new RuleViolation("exam-session.level-fixed", "A session keeps its level; create another session for another level.", "level");
            if (session.WindowStart <= clock.GetUtcNow())
                throw new ConflictViolation("exam-session.started", "The exam window has opened; the session can no longer be changed.");
            await CheckVenueAsync(session.CenterId, command, ct);
            session.Change(command.Title, command.Mode, command.VenueId, command.Capacity ?? 0, command.WindowStart ?? default, command.WindowEnd ?? default,
                command.RegistrationDeadline ?? default, command.ShowReview, command.ExternalExaminersOnly);
            await db.SaveChangesAsync(ct);
        }

        private async Task CheckVenueAsync(int centerId, Command command, CancellationToken ct)
        {
            if (command.Mode != ExamMode.OnSite || command.VenueId is null) return;
            var venue = await db.Venues.AsNoTracking().SingleOrDefaultAsync(v => v.Id == command.VenueId && v.CenterId == centerId, ct)
                ?? throw new RuleViolation("exam-session.venue-unknown", "Choose one of the center's venues.", "venueId");
            if (command.Capacity > venue.Capacity)
                throw new RuleViolation("exam-session.venue-too-small", $"{venue.Name} seats {venue.Capacity}; lower the capacity or choose a larger venue.", "capacity");
        }
    }
}
