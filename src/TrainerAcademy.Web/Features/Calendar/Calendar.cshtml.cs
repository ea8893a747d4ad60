using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Calendar;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Calendar;

/// <summary>
/// Admins keep the statutory calendar of one year at a time: a form adds or edits a day (bound to Day, after its
/// handler OnPostDay), a button marks the year checked, and an .ics file is previewed line by line before it is imported.
/// The preview carries the file's text in a hidden field, so the import stores exactly what was shown.
/// </summary>
public sealed class CalendarModel(ManageCalendar.Handler calendar, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    /// <summary>The day form; its rules are the calendar day's own (Domain.Scheduling.CalendarDay), shown beside the field they are about.</summary>
    public ManageCalendar.DayCommand Day { get; set; } = new() { Kind = CalendarDayKind.PublicHoliday };

    [TempData] public string? Notice { get; set; }

    public int Year { get; private set; }
    public IReadOnlyList<CalendarDayView> Days { get; private set; } = [];

    /// <summary>Whether the year is published; timetables reaching into an unpublished year are provisional.</summary>
    public CalendarYearView YearStatus { get; private set; } = null!;

    /// <summary>The stored day the form edits; null when it adds one.</summary>
    public DateOnly? Editing { get; private set; }

    public ImportPreview? Preview { get; private set; }
    public string? ImportText { get; private set; }

    public async Task OnGetAsync(int? year, DateOnly? edit, CancellationToken ct)
    {
        await LoadAsync(year ?? edit?.Year, ct);
        if (edit is { } date && Days.FirstOrDefault(d => d.Date == date) is { } day)
        {
            Editing = date;
            Day = new ManageCalendar.DayCommand { Date = day.Date, Kind = day.Kind, Name = day.Name, Provisional = day.Provisional };
        }
    }

    public async Task<IActionResult> OnPostDayAsync(DateOnly? editing, [Bind(Prefix = nameof(Day))] ManageCalendar.DayCommand day, CancellationToken ct)
    {
        Day = day;
        Editing = editing;
        await LoadAsync(editing?.Year ?? day.Date?.Year, ct);
        if (!ModelState.IsValid) return Page();
        var saved = editing is { } date ? await calendar.UpdateAsync(date, day, ct) : await calendar.AddAsync(day, ct);
        Notice = L["Saved {0} ({1}).", saved.Date.ToString("yyyy-MM-dd"), saved.Name];
        return Back(saved.Date.Year);
    }

    public async Task<IActionResult> OnPostDeleteAsync(DateOnly date, CancellationToken ct)
    {
        await LoadAsync(date.Year, ct);
        await calendar.DeleteAsync(date, ct);
        Notice = L["Deleted {0}.", date.ToString("yyyy-MM-dd")];
        return Back(date.Year);
    }

    public async Task<IActionResult> OnPostCheckAsync(int year, CancellationToken ct)
    {
        await LoadAsync(year, ct);
        var count = await calendar.MarkYearCheckedAsync(year, ct);
        Notice = L["{0} checked against the State Council's notice: {1} provisional days confirmed.", year, count];
        return Back(year);
    }

    public async Task<IActionResult> OnPostPreviewAsync(int? year, IFormFile? file, CancellationToken ct)
    {
        await LoadAsync(year, ct);
        ImportText = await ManageCalendar.ReadUploadAsync(file, ct);
        Preview = await calendar.PreviewAsync(ImportText, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(int? year, string? ics, CancellationToken ct)
    {
        await LoadAsync(year, ct);
        ImportText = ics ?? "";
        Preview = await calendar.PreviewAsync(ImportText, ct);
        if (Preview.Errors.Count > 0 || Preview.Rows.Count == 0) return Page();
        var result = await calendar.ImportAsync(ImportText, ct);
        Notice = L["Imported: {0} days added, {1} changed, {2} unchanged.", result.Added, result.Changed, result.Unchanged];
        return Back(result.Rows[0].Date.Year);
    }

    /// <summary>A line's error in the admin's language.</summary>
    public string Message(Domain.RuleViolation v) => ProblemExceptionHandler.Localize(v, L);

    private RedirectResult Back(int year) => Redirect($"/admin/calendar?year={year}");

    private async Task LoadAsync(int? year, CancellationToken ct)
    {
        Year = year is >= 2000 and <= 2100 ? year.Value : clock.Today().Year;
        Days = await calendar.DaysAsync(Year, ct);
        YearStatus = (await calendar.YearsAsync(Year, Year, ct))[0];
    }
}
