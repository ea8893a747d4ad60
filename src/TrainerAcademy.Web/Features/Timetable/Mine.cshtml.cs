using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Auth;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Timetable;

/// <summary>
/// The learner's sessions across all their confirmed and pending places: from today on as a list grouped by date, or
/// one week (?week=yyyy-MM-dd, any day of it) as a grid with the weeks before and after a link away.
/// </summary>
public sealed class MineModel(SessionCalendar.Handler calendar, TimeProvider clock) : PageModel
{
    public DateOnly Today { get; private set; }

    /// <summary>The Monday of the week shown; null for the list.</summary>
    public DateOnly? Week { get; private set; }

    public IReadOnlyList<CalendarSessionView> Sessions { get; private set; } = [];

    public async Task OnGetAsync(DateOnly? week, CancellationToken ct)
    {
        Today = clock.Today();
        if (week is { } day)
        {
            Week = WeekdayNames.MondayOf(day);
            Sessions = await calendar.LearnerAsync(Week.Value, Week.Value.AddDays(6), ct);
        }
        else
        {
            Sessions = await calendar.LearnerAsync(Today, Today.AddDays(SessionCalendar.MaxRangeDays - 1), ct);
        }
    }
}
