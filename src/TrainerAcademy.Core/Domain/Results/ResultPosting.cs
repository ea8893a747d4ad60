using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Domain.Results;

/// <summary>
/// The public posting (公示) of released results: they stay posted for a number of working days, counted on the
/// statutory calendar from the day of release, and nobody becomes certificate-eligible before the posting ends.
/// </summary>
/// <param name="Days">The working days the posting runs, in order.</param>
/// <param name="Provisional">
/// True when a day of the posting falls in a year whose holidays are not yet published: the count treats that year's
/// weekdays as working days for want of data, and may move once the year is published.
/// </param>
public sealed record ResultPosting(DateOnly ReleasedOn, IReadOnlyList<DateOnly> Days, bool Provisional)
{
    /// <summary>The posting that starts on the day results are released (Beijing date), or the first working day after it.</summary>
    public static ResultPosting Starting(DateOnly releasedOn, int workingDays, StatutoryCalendar calendar)
    {
        if (workingDays is < 1 or > 30)
            throw new RuleViolation("results.posting-days", "A posting runs for 1 to 30 working days.", "postingWorkingDays");
        var days = calendar.WorkingDays(releasedOn, workingDays);
        var provisional = calendar.Uncovered(EachDay(releasedOn, days[^1])).Count > 0;
        return new ResultPosting(releasedOn, days, provisional);
    }

    public DateOnly FirstDay => Days[0];
    public DateOnly LastDay => Days[^1];

    /// <summary>The first day a candidate of this posting may be certified: the day after its last working day.</summary>
    public DateOnly EligibleFrom => LastDay.AddDays(1);

    /// <summary>Whether results are on the public board on <paramref name="date"/> (weekends and holidays inside the period included).</summary>
    public bool IsPostedOn(DateOnly date) => date >= ReleasedOn && date <= LastDay;

    private static IEnumerable<DateOnly> EachDay(DateOnly from, DateOnly to)
    {
        for (var date = from; date <= to; date = date.AddDays(1)) yield return date;
    }
}
