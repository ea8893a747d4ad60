using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Features.Timetable;

/// <summary>
/// What staff are told about a timetable that reaches into years whose statutory calendar was not published when it
/// was planned. <see cref="State"/> is <c>provisional</c> while any session date lies in an unpublished year, and
/// <c>regenerate-advised</c> once a year the timetable was planned into without its holidays is published (with the
/// session dates that now fall on its holidays or make-up working days); both at once read as <c>regenerate-advised</c>.
/// </summary>
public sealed record CalendarWarningView(
    string State,
    IReadOnlyList<int> UnpublishedYears,
    IReadOnlyList<DateOnly> UnpublishedDates,
    IReadOnlyList<int> PublishedYears,
    IReadOnlyList<DateOnly> ClashingDates,
    string Message)
{
    public const string Provisional = "provisional";
    public const string RegenerateAdvised = "regenerate-advised";

    public bool RegenerationAdvised => State == RegenerateAdvised;
}

public static class CalendarWarnings
{
    /// <summary>
    /// The warning for one cohort's scheduled sessions as they stand (moved sessions included), or null when every
    /// session lies in a published year and no year was published since the timetable was planned.
    /// </summary>
    public static async Task<CalendarWarningView?> CalendarWarningAsync(this AcademyDbContext db, int cohortId, CancellationToken ct)
    {
        var dates = await db.CohortSessions.AsNoTracking()
            .Where(s => s.CohortId == cohortId && s.Status == SessionStatus.Scheduled).Select(s => s.Date).Distinct().ToListAsync(ct);
        var gapYears = await db.TimetableCalendarGaps.AsNoTracking().Where(g => g.CohortId == cohortId).Select(g => g.Year).ToListAsync(ct);
        if (dates.Count == 0) return null;
        var first = dates.Min();
        var last = dates.Max();
        var days = await db.StatutoryCalendar.AsNoTracking().Where(d => d.Date >= first && d.Date <= last).ToListAsync(ct);
        var covered = await db.StatutoryCalendarYears.AsNoTracking().Select(y => y.Year).ToListAsync(ct);
        return Describe(new StatutoryCalendar(days.Select(d => d.ToCalendarDay()), coveredYears: covered), dates, gapYears);
    }

    /// <summary>The warning for <paramref name="dates"/> against <paramref name="calendar"/>, given the years the timetable was planned into unpublished.</summary>
    public static CalendarWarningView? Describe(StatutoryCalendar calendar, IEnumerable<DateOnly> dates, IEnumerable<int> gapYears)
    {
        var all = dates.ToList();
        var unpublishedDates = calendar.Uncovered(all);
        var publishedYears = gapYears.Where(calendar.Covers).Distinct().Order().ToList();
        if (unpublishedDates.Count == 0 && publishedYears.Count == 0) return null;
        var unpublishedYears = unpublishedDates.Select(d => d.Year).Distinct().ToList();
        var clashing = calendar.Marked(all.Where(d => publishedYears.Contains(d.Year)));

        var parts = new List<string>();
        if (publishedYears.Count > 0)
            parts.Add(clashing.Count == 0
                ? $"{Years(publishedYears)} 年法定节假日安排已公布，建议重新生成课表；目前没有课程落在节假日或调休上班日 · " +
                  $"Calendar published for {Years(publishedYears)}: regenerate advised; no session falls on a holiday or make-up working day yet."
                : $"{Years(publishedYears)} 年法定节假日安排已公布，建议重新生成课表；以下课程日期现为节假日或调休上班日：{Dates(clashing, "、")} · " +
                  $"Calendar published for {Years(publishedYears)}: regenerate advised; these session dates are now holidays or make-up working days: {Dates(clashing, ", ")}.");
        if (unpublishedDates.Count > 0)
            parts.Add($"{Years(unpublishedYears)} 年法定节假日安排尚未公布，以下课程日期暂按普通周末排定：{Dates(unpublishedDates, "、")} · " +
                      $"The statutory calendar of {Years(unpublishedYears)} is not yet published; these session dates are planned as ordinary weekends for now: {Dates(unpublishedDates, ", ")}.");
        return new CalendarWarningView(
            publishedYears.Count > 0 ? CalendarWarningView.RegenerateAdvised : CalendarWarningView.Provisional,
            unpublishedYears, unpublishedDates, publishedYears, clashing, string.Join(" ", parts));
    }

    private static string Years(IEnumerable<int> years) => string.Join("/", years);

    private static string Dates(IEnumerable<DateOnly> dates, string separator) => string.Join(separator, dates.Select(d => d.ToString("yyyy-MM-dd")));
}
