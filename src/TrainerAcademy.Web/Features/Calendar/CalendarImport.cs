using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Features.Calendar;

/// <summary>One day read from an imported file, with the line of the VEVENT it came from.</summary>
public sealed record ImportedDay(int Line, CalendarDay Day);

/// <summary>
/// Reads the statutory calendar from an iCalendar file, as published by calendar services that follow the State
/// Council's notice: every all-day VEVENT gives one day per date it covers (DTEND is exclusive). A summary that says
/// the day is worked (班, 补班, 上班, 调休上班, "working day") makes it a make-up working day, any other a public
/// holiday. Nothing is stored here; every problem is collected so the admin sees them all at once.
/// </summary>
public static class CalendarImport
{
    /// <summary>A public holiday block is at most about a week; a month catches a DTEND typed a year late.</summary>
    public const int MaxEventDays = 31;

    public const int MaxFileBytes = 1024 * 1024;

    public static (IReadOnlyList<ImportedDay> Days, IReadOnlyList<RuleViolations.Error> Errors) Parse(string text)
    {
        var days = new List<ImportedDay>();
        var errors = new List<RuleViolations.Error>();
        void Fail(int line, RuleViolation v) => errors.Add(new RuleViolations.Error(line == 0 ? "file" : $"line {line}", v));

        Ical.Net.Calendar? calendar = null;
        if (text.Contains("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                calendar = Ical.Net.Calendar.Load(text);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                calendar = null;
            }
        }
        if (calendar is null)
        {
            Fail(0, new RuleViolation("calendar.import-unreadable", "The file is not an iCalendar (.ics) file.", "file"));
            return (days, errors);
        }

        // Ical.Net keeps no line numbers; its events come in file order, so the n-th BEGIN:VEVENT is the n-th event.
        var eventLines = text.Replace("\r\n", "\n").Split('\n')
            .Select((l, i) => (Text: l.Trim(), Line: i + 1))
            .Where(l => l.Text.Equals("BEGIN:VEVENT", StringComparison.OrdinalIgnoreCase))
            .Select(l => l.Line).ToList();
        var events = calendar.Events.ToList();
        if (events.Count == 0)
        {
            Fail(0, new RuleViolation("calendar.import-empty", "The file has no events.", "file"));
            return (days, errors);
        }

        var seen = new Dictionary<DateOnly, ImportedDay>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var line = i < eventLines.Count ? eventLines[i] : 0;
            if (e.RecurrenceRule is not null)
            {
                Fail(line, new RuleViolation("calendar.import-recurring", "A repeating event cannot be imported; list each year's days.", "file"));
                continue;
            }
            if (e.DtStart is null || e.DtStart.HasTime)
            {
                Fail(line, new RuleViolation("calendar.import-not-all-day", "Only all-day events can be imported.", "file"));
                continue;
            }
            var first = DateOnly.FromDateTime(e.DtStart.Value);
            var endExclusive = e.DtEnd is { HasTime: false } end ? DateOnly.FromDateTime(end.Value) : first.AddDays(1);
            if (endExclusive <= first || endExclusive.DayNumber - first.DayNumber > MaxEventDays)
            {
                Fail(line, new RuleViolation("calendar.import-range", $"An event ends after it starts and lasts at most {MaxEventDays} days.", "file"));
                continue;
            }

            var name = (e.Summary ?? "").Trim();
            var kind = IsWorkingDay(name) ? CalendarDayKind.MakeUpWorkday : CalendarDayKind.PublicHoliday;
            for (var date = first; date < endExclusive; date = date.AddDays(1))
            {
                CalendarDay day;
                try
                {
                    day = new CalendarDay(date, kind, name);
                }
                catch (RuleViolation v)
                {
                    Fail(line, v);
                    continue;
                }
                if (seen.TryGetValue(date, out var earlier))
                {
                    if (earlier.Day.Kind != kind)
                        Fail(line, new RuleViolation("calendar.conflicting-day",
                            $"{date:yyyy-MM-dd} is listed both as a public holiday and as a make-up working day.", "date"));
                    continue;
                }
                var imported = new ImportedDay(line, day);
                seen.Add(date, imported);
                days.Add(imported);
            }
        }
        return ([.. days.OrderBy(d => d.Day.Date)], errors);
    }

    public static bool IsWorkingDay(string summary) =>
        summary.Contains('班') || summary.Contains("working day", StringComparison.OrdinalIgnoreCase);
}
