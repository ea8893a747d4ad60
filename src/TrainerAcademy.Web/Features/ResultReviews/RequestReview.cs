using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Features.CandidateResults;
using TrainerAcademy.Features.Timetable;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.ResultReviews;

/// <summary>
/// A candidate requests a review (复核) of one released component score of their registration, inside the review window,
/// with a reason. One review per component: a second request, or the loser of two racing ones, hears 409.
/// </summary>
public static class RequestReview
{
    /// <summary>The request as <c>POST /api/me/results/{registrationId}/reviews</c> takes it and the results page binds it.</summary>
    public sealed record Command
    {
        /// <summary>"theory", "skill" or "review".</summary>
        public string? Component { get; init; }

        /// <summary>Why the score should be looked at again; at most 500 characters.</summary>
        public string? Reason { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, CurrentUser user, TimeProvider clock, IOptions<ResultsOptions> options)
    {
        public async Task<ReviewSummary> RequestAsync(int registrationId, Command command, CancellationToken ct = default)
        {
            var learnerId = user.RequiredId;
            var registration = await db.ExamRegistrations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == registrationId, ct);
            if (registration is null || registration.LearnerId != learnerId || registration.Status != RegistrationStatus.Registered)
                throw new NotFoundException();
            var component = ParseComponent(command.Component);
            var session = await db.ExamSessions.AsNoTracking().SingleAsync(s => s.Id == registration.SessionId, ct);
            var attempt = await db.ExamAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.RegistrationId == registrationId && a.Component == component, ct)
                ?? throw new RuleViolation("review.not-graded", "This part has no released score to review.", "component");
            if (await db.ResultReviews.AnyAsync(r => r.AttemptId == attempt.Id, ct)) throw AlreadyRequested();

            var window = session.ResultsReleasedAt is { } releasedAt ? options.Value.ReviewWindow(releasedAt, await db.NationalCalendarAsync(ct)) : null;
            var review = ResultReview.Request(session, attempt, window, clock.Today(), command.Reason, clock.GetUtcNow());
            db.ResultReviews.Add(review);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
            {
                // Two requests for the same component at once: the unique index on the attempt lets one in.
                throw AlreadyRequested();
            }
            return ReviewSummary.Of(review);
        }

        private static AssessmentComponent ParseComponent(string? component) => (component ?? "").Trim().ToLowerInvariant() switch
        {
            "theory" => AssessmentComponent.Theory,
            "skill" => AssessmentComponent.Skill,
            "review" => AssessmentComponent.Review,
            _ => throw new RuleViolation("review.component", "The part to review is \"theory\", \"skill\" or \"review\".", "component"),
        };

        private static ConflictViolation AlreadyRequested() =>
            new("review.exists", "A review of this part has already been requested; each part is reviewed once.", "component");
    }
}
