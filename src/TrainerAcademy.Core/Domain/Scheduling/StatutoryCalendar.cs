namespace TrainerAcademy.Domain.Scheduling;

/// <summary>
/// The national public holidays and make-up working days (调休), plus one center's own closure days:
/// everything that takes a weekend day out of a timetable. Immutable; the national part is shared,
/// <see cref="WithClosures"/> gives a center its own view.
/// </summary>
/// <remarks>
/// The calendar also knows which years it covers: the years whose holidays and make-up working days are published
/// (seeded, checked by an admin or imported). A weekend of a year it does not cover is still a class day, since
/// nothing is known against it, but <see cref="Covers(DateOnly)"/> is false so a timetable on it is provisional.
/// </remarks>
public sealed class StatutoryCalendar
{
    /// <summary>How far ahead <see cref="NextClassDay"/> looks before it gives up: ten years of weekends cannot all be closed.</summary>
    private const int SearchHorizonDays = 3660;

    private readonly Dictionary<DateOnly, CalendarDay> _days;
    private readonly HashSet<DateOnly> _closures;
    private readonly HashSet<int> _coveredYears;

    /// <param name="coveredYears">The years whose calendar is published; when null, the years <paramref name="days"/> fall in.</param>
    public StatutoryCalendar(IEnumerable<CalendarDay> days, IEnumerable<DateOnly>? closures = null, IEnumerable<int>? coveredYears = null)
    {
        _days = [];
        foreach (var day in days)
        {
            if (_days.TryGetValue(day.Date, out var existing))
            {
                // Two festivals can share a day (中秋 and 国庆 in 2020); two kinds on one day cannot both be true.
                if (existing.Kind != day.Kind)
                    throw new RuleViolation("calendar.conflicting-day",
                        $"{day.Date:yyyy-MM-dd} is listed both as a public holiday and as a make-up working day.", "date");
                continue;
            }
            _days.Add(day.Date, day);
        }
        _closures = [.. closures ?? []];
        Days = [.. _days.Values.OrderBy(d => d.Date)];
        Closures = [.. _closures.Order()];
        _coveredYears = [.. coveredYears ?? _days.Keys.Select(d => d.Year)];
        CoveredYears = [.. _coveredYears.Order()];
    }

    private StatutoryCalendar(StatutoryCalendar national, IEnumerable<DateOnly> closures)
    {
        _days = national._days;
        Days = national.Days;
        _coveredYears = national._coveredYears;
        CoveredYears = national.CoveredYears;
        _closures = [.. closures];
        Closures = [.. _closures.Order()];
    }

    public static StatutoryCalendar Empty { get; } = new([]);

    /// <summary>Builds the calendar from the rows of db/seed/statutory-calendar.json (provisional rows included: a guessed holiday is safer than a class on one).</summary>
    public static StatutoryCalendar FromSeed(IEnumerable<StatutoryCalendarSeedRow> rows, IEnumerable<DateOnly>? closures = null, IEnumerable<int>? coveredYears = null) =>
        new(rows.Select(r => new CalendarDay(r.Date, r.Kind, r.Name)), closures, coveredYears);

    public IReadOnlyList<CalendarDay> Days { get; }

    /// <summary>The center's own closure days (building works, staff training).</summary>
    public IReadOnlyList<DateOnly> Closures { get; }

    /// <summary>The same national days with this set of center closures instead of the current one.</summary>
    public StatutoryCalendar WithClosures(IEnumerable<DateOnly> closures) => new(this, closures);

    /// <summary>The years whose holidays and make-up working days are published, in order.</summary>
    public IReadOnlyList<int> CoveredYears { get; }

    public bool Covers(int year) => _coveredYears.Contains(year);

    /// <summary>False for a date in a year whose holidays are not yet published: it looks like an ordinary weekend only for want of data.</summary>
    public bool Covers(DateOnly date) => _coveredYears.Contains(date.Year);

    /// <summary>The dates among <paramref name="dates"/> in years the calendar does not cover, once each, in order.</summary>
    public IReadOnlyList<DateOnly> Uncovered(IEnumerable<DateOnly> dates) => [.. dates.Where(d => !Covers(d)).Distinct().Order()];

    /// <summary>The dates among <paramref name="dates"/> that are public holidays or make-up working days, once each, in order.</summary>
    public IReadOnlyList<DateOnly> Marked(IEnumerable<DateOnly> dates) => [.. dates.Where(_days.ContainsKey).Distinct().Order()];

    public CalendarDay? Find(DateOnly date) => _days.GetValueOrDefault(date);

    public bool IsClassDay(DateOnly date, WeekendPattern pattern) => WhyNotClassDay(date, pattern) is null;

    /// <summary>Null when <paramref name="date"/> is a class day; otherwise the first reason it is not.</summary>
    public NonClassDayReason? WhyNotClassDay(DateOnly date, WeekendPattern pattern)
    {
        if (!pattern.Includes(date.DayOfWeek)) return NonClassDayReason.NotAPatternDay;
        if (_days.TryGetValue(date, out var day))
            return day.Kind == CalendarDayKind.PublicHoliday ? NonClassDayReason.PublicHoliday : NonClassDayReason.MakeUpWorkday;
        if (_closures.Contains(date)) return NonClassDayReason.CenterClosure;
        return null;
    }

    /// <summary>
    /// A working day of the State Council's calendar: Monday to Friday unless a public holiday, and a Saturday or Sunday
    /// declared a make-up working day. Center closures do not count: they close one building, not the country.
    /// </summary>
    public bool IsWorkingDay(DateOnly date) => _days.TryGetValue(date, out var day)
        ? day.Kind == CalendarDayKind.MakeUpWorkday
        : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The first <paramref name="count"/> working days on or after <paramref name="from"/>.</summary>
    public IReadOnlyList<DateOnly> WorkingDays(DateOnly from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var days = new List<DateOnly>(count);
        for (var date = from; days.Count < count; date = date.AddDays(1))
            if (IsWorkingDay(date)) days.Add(date);
        return days;
    }

    /// <summary>The first class day on or after <paramref name="from"/>.</summary>
    public DateOnly NextClassDay(DateOnly from, WeekendPattern pattern)
    {
        for (var i = 0; i < SearchHorizonDays; i++)
        {
            var date = from.AddDays(i);
            if (IsClassDay(date, pattern)) return date;
        }
        throw new RuleViolation("calendar.no-class-day", $"There is no class day within ten years of {from:yyyy-MM-dd}.", "weekendPattern");
    }

    /// <summary>A sentence for staff, e.g. "2026-10-03 is a public holiday (国庆节)".</summary>
    public string Explain(DateOnly date, WeekendPattern pattern) => WhyNotClassDay(date, pattern) switch
    {
        null => $"{date:yyyy-MM-dd} is a class day.",
        NonClassDayReason.NotAPatternDay => $"{date:yyyy-MM-dd} is a {date.DayOfWeek}, not one of the cohort's weekend days.",
        NonClassDayReason.PublicHoliday => $"{date:yyyy-MM-dd} is a public holiday ({_days[date].Name}).",
        NonClassDayReason.MakeUpWorkday => $"{date:yyyy-MM-dd} is a make-up working day ({_days[date].Name}).",
        _ => $"{date:yyyy-MM-dd} is a closure day of the center.",
    };
}
