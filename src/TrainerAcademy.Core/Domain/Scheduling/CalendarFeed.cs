using System.Security.Cryptography;

namespace TrainerAcademy.Domain.Scheduling;

/// <summary>
/// A secret, revocable address of an iCalendar feed: a learner's own timetable (every cohort they have a place in)
/// or one cohort's. The token is the only credential, so it is long, random and can be revoked.
/// </summary>
public class CalendarFeed
{
    private CalendarFeed() { }

    private CalendarFeed(string? learnerId, int? cohortId, DateTimeOffset now)
    {
        Token = RandomNumberGenerator.GetHexString(40, lowercase: true);
        LearnerId = learnerId;
        CohortId = cohortId;
        CreatedAt = now;
    }

    public static CalendarFeed ForLearner(string learnerId, DateTimeOffset now) => new(learnerId, null, now);

    public static CalendarFeed ForCohort(int cohortId, DateTimeOffset now) => new(null, cohortId, now);

    public string Token { get; private set; } = "";
    public string? LearnerId { get; private set; }
    public int? CohortId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
