using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Domain.Results;

/// <summary>
/// The days on which a candidate may ask for a review (复核) of a released score: from the day of release (Beijing date)
/// through its Nth working day, counted on the statutory calendar exactly as the posting is.
/// </summary>
public sealed record ReviewWindow(DateOnly OpensOn, DateOnly LastDay, bool Provisional)
{
    public static ReviewWindow Starting(DateOnly releasedOn, int workingDays, StatutoryCalendar calendar)
    {
        if (workingDays is < 1 or > 30)
            throw new RuleViolation("results.review-days", "A review window runs for 1 to 30 working days.", "reviewWindowWorkingDays");
        var days = ResultPosting.Starting(releasedOn, workingDays, calendar);
        return new ReviewWindow(releasedOn, days.LastDay, days.Provisional);
    }

    public bool IsOpenOn(DateOnly date) => date >= OpensOn && date <= LastDay;
}
