using Hangfire;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Scheduling;

namespace TrainerAcademy.Features.Calendar;

public sealed record CalendarDayView(DateOnly Date, CalendarDayKind Kind, string Name, bool Provisional);

/// <summary>One day of an import: "added", "changed" or "unchanged" against what is stored.</summary>
public sealed record ImportRowView(int Line, DateOnly Date, CalendarDayKind Kind, string Name, string Change);

public sealed record ImportPreview(IReadOnlyList<ImportRowView> Rows, IReadOnlyList<RuleViolations.Error> Errors)
{
    public int Added => Rows.Count(r => r.Change == "added");
    public int Changed => Rows.Count(r => r.Change == "changed");
}

/// <summary>A year of the statutory calendar: published (seeded, checked or imported) or not yet, so timetables reaching into it are provisional.</summary>
public sealed record CalendarYearView(int Year, bool Published, string? Source, DateTimeOffset? PublishedAt);

public sealed record ImportResult(int Added, int Changed, int Unchanged, IReadOnlyList<ImportRowView> Rows);

/// <summary>A year marked checked against the State Council's notice, and how many of its days that changed.</summary>
public sealed record YearChecked(int Year, int Checked);

/// <summary>
/// Admins keep the statutory calendar: they add, correct and delete days, mark a year checked against the State
/// Council's notice (clearing the provisional flag of the seeded estimate) and import an iCalendar file. Timetables
/// generated or changed later read the calendar as it is then; existing timetables are not touched.
/// Marking a year checked or importing days of it publishes the year (a <see cref="StatutoryCalendarYear"/>; adding
/// days by hand does not) and queues <see cref="Timetable.CalendarPublishedJob"/>, which tells the centers whose
/// timetables were planned into it while it was unpublished.
/// </summary>
public static class ManageCalendar
{
    public sealed record DayCommand
    {
        public DateOnly? Date { get; init; }
        public CalendarDayKind? Kind { get; init; }
        public string? Name { get; init; }
        public bool Provisional { get; init; }
    }

    public sealed class Handler(AcademyDbContext db, TimeProvider clock, IBackgroundJobClient jobs, ILogger<Handler> log)
    {
        public async Task<IReadOnlyList<CalendarDayView>> DaysAsync(int year, CancellationToken ct = default)
        {
            var (from, to) = Year(year);
            return await db.StatutoryCalendar.AsNoTracking().Where(d => d.Date >= from && d.Date <= to).OrderBy(d => d.Date)
                .Select(d => new CalendarDayView(d.Date, d.Kind, d.Name, d.Provisional)).ToListAsync(ct);
        }

        public async Task<CalendarDayView> AddAsync(DayCommand command, CancellationToken ct = default)
        {
            var day = Day(command.Date, command);
            if (await db.StatutoryCalendar.AnyAsync(d => d.Date == day.Date, ct))
                throw new ConflictViolation("calendar.day-exists", $"{day.Date:yyyy-MM-dd} is already in the calendar; edit it instead.", "date");
            db.StatutoryCalendar.Add(new StatutoryCalendarEntry(day, command.Provisional));
            await db.SaveChangesAsync(ct);
            log.LogInformation("Calendar day {Date} added: {Kind} {Name}", day.Date, day.Kind, day.Name);
            return new CalendarDayView(day.Date, day.Kind, day.Name, command.Provisional);
        }

        public async Task<CalendarDayView> UpdateAsync(DateOnly date, DayCommand command, CancellationToken ct = default)
        {
            var entry = await db.StatutoryCalendar.SingleOrDefaultAsync(d => d.Date == date, ct) ?? throw new Auth.NotFoundException();
            if (command.Date is { } other && other != date)
                throw new RuleViolation("calendar.date-fixed", "A calendar day keeps its date; delete it and add the other date instead.", "date");
            entry.Change(Day(date, command), command.Provisional);
            await db.SaveChangesAsync(ct);
            return new CalendarDayView(entry.Date, entry.Kind, entry.Name, entry.Provisional);
        }

        public async Task DeleteAsync(DateOnly date, CancellationToken ct = default)
        {
            var entry = await db.StatutoryCalendar.SingleOrDefaultAsync(d => d.Date == date, ct) ?? throw new Auth.NotFoundException();
            db.StatutoryCalendar.Remove(entry);
            await db.SaveChangesAsync(ct);
            log.LogInformation("Calendar day {Date} deleted", date);
        }

        /// <summary>Clears the provisional flag of every day of the year; returns how many were provisional.</summary>
        public async Task<int> MarkYearCheckedAsync(int year, CancellationToken ct = default)
        {
            var (from, to) = Year(year);
            var provisional = await db.StatutoryCalendar.Where(d => d.Date >= from && d.Date <= to && d.Provisional).ToListAsync(ct);
            foreach (var d in provisional) d.MarkChecked();
            await PublishAsync([year], CalendarYearSource.Checked, ct);
            await db.SaveChangesAsync(ct);
            EnqueueTelling([year]);
            return provisional.Count;
        }

        /// <summary>Whether each year from <paramref name="from"/> to <paramref name="to"/> is published, and how.</summary>
        public async Task<IReadOnlyList<CalendarYearView>> YearsAsync(int from, int to, CancellationToken ct = default)
        {
            var stored = await db.StatutoryCalendarYears.AsNoTracking().Where(y => y.Year >= from && y.Year <= to).ToDictionaryAsync(y => y.Year, ct);
            return [.. Enumerable.Range(from, Math.Max(0, to - from + 1)).Select(y => stored.TryGetValue(y, out var s)
                ? new CalendarYearView(y, true, s.Source.ToString(), s.PublishedAt)
                : new CalendarYearView(y, false, null, null))];
        }

        private async Task PublishAsync(IReadOnlyCollection<int> years, CalendarYearSource source, CancellationToken ct)
        {
            var stored = await db.StatutoryCalendarYears.Where(y => years.Contains(y.Year)).ToDictionaryAsync(y => y.Year, ct);
            foreach (var year in years)
                if (stored.TryGetValue(year, out var published)) published.Confirm(source);
                else db.StatutoryCalendarYears.Add(new StatutoryCalendarYear(year, source, clock.GetUtcNow()));
        }

        // Queued on every publish, not only the first: the job tells each cohort once, so a repeat costs a query.
        private void EnqueueTelling(IEnumerable<int> years)
        {
            foreach (var year in years)
                jobs.Enqueue<Timetable.CalendarPublishedJob>(j => j.RunAsync(year, CancellationToken.None));
        }

        /// <summary>The first and last day of a calendar year the platform plans in.</summary>
        private static (DateOnly From, DateOnly To) Year(int year) =>
            year is >= 2000 and <= 2100
                ? (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31))
                : throw new RuleViolation("calendar.year", "The year is between 2000 and 2100.", "year");

        /// <summary>What importing the file would do, and every problem in it; stores nothing.</summary>
        public async Task<ImportPreview> PreviewAsync(string ics, CancellationToken ct = default)
        {
            var (days, errors) = CalendarImport.Parse(ics);
            if (days.Count == 0) return new ImportPreview([], errors);
            var first = days[0].Day.Date;
            var last = days[^1].Day.Date;
            var stored = await db.StatutoryCalendar.AsNoTracking().Where(d => d.Date >= first && d.Date <= last).ToDictionaryAsync(d => d.Date, ct);
            var rows = days.Select(d => new ImportRowView(d.Line, d.Day.Date, d.Day.Kind, d.Day.Name,
                !stored.TryGetValue(d.Day.Date, out var s) ? "added"
                : s.Kind == d.Day.Kind && s.Name == d.Day.Name && !s.Provisional ? "unchanged"
                : "changed")).ToList();
            return new ImportPreview(rows, errors);
        }

        /// <summary>
        /// Upserts every day of the file by date, as checked days (the file is the published notice), in one save. A file
        /// with any problem stores nothing; importing the same file again changes nothing.
        /// </summary>
        public async Task<ImportResult> ImportAsync(string ics, CancellationToken ct = default)
        {
            var preview = await PreviewAsync(ics, ct);
            if (preview.Errors.Count > 0)
                throw new RuleViolations("calendar.import-invalid", "The file has errors; nothing was imported.", preview.Errors);
            if (preview.Rows.Count == 0)
                throw new RuleViolation("calendar.import-empty", "The file has no events.", "file");
            var dates = preview.Rows.Where(r => r.Change == "changed").Select(r => r.Date).ToList();
            var stored = await db.StatutoryCalendar.Where(d => dates.Contains(d.Date)).ToDictionaryAsync(d => d.Date, ct);
            foreach (var row in preview.Rows)
            {
                var day = new CalendarDay(row.Date, row.Kind, row.Name);
                if (row.Change == "added") db.StatutoryCalendar.Add(new StatutoryCalendarEntry(day, provisional: false));
                else if (row.Change == "changed") stored[row.Date].Change(day, provisional: false);
            }
            // The file is the published notice: every year it has days of is published.
            var years = preview.Rows.Select(r => r.Date.Year).Distinct().ToList();
            await PublishAsync(years, CalendarYearSource.Imported, ct);
            await db.SaveChangesAsync(ct);
            EnqueueTelling(years);
            var result = new ImportResult(preview.Added, preview.Changed, preview.Rows.Count - preview.Added - preview.Changed, preview.Rows);
            log.LogInformation("Calendar import: {Added} added, {Changed} changed, {Unchanged} unchanged", result.Added, result.Changed, result.Unchanged);
            return result;
        }

        private static CalendarDay Day(DateOnly? date, DayCommand command) => new(
            date ?? throw new RuleViolation("calendar.date-required", "Enter the date.", "date"),
            command.Kind ?? throw new RuleViolation("calendar.kind", "A calendar day is a public holiday or a make-up working day.", "kind"),
            command.Name ?? "");
    }

    /// <summary>Reads an uploaded file as text, refusing what cannot be a calendar before parsing it.</summary>
    public static async Task<string> ReadUploadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
            throw new RuleViolation("calendar.import-file-required", "Choose an .ics file to import.", "file");
        if (file.Length > CalendarImport.MaxFileBytes)
            throw new RuleViolation("calendar.import-too-large", "The file is larger than 1 MB; a year's holidays fit in a few KB.", "file");
        using var reader = new StreamReader(file.OpenReadStream());
        return await reader.ReadToEndAsync(ct);
    }
}
