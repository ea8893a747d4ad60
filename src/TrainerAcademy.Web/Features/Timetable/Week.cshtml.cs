using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Features.Timetable;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Timetable;

/// <summary>
/// Every session of every cohort of a center in one week (?date= any day of it), by day: the staff member's own
/// center, or for an admin the one chosen in ?center= (the first center when none is chosen).
/// </summary>
public sealed class WeekModel(SessionCalendar.Handler calendar, AcademyDbContext db, CenterAccess access, TimeProvider clock) : PageModel
{
    public DateOnly Monday { get; private set; }
    public int CenterId { get; private set; }
    public IReadOnlyList<NamedRef> Centers { get; private set; } = [];
    public IReadOnlyList<CalendarSessionView> Sessions { get; private set; } = [];
    public bool IsAdmin => access.IsAdmin;

    public async Task<IActionResult> OnGetAsync(DateOnly? date, int? center, CancellationToken ct)
    {
        Monday = WeekdayNames.MondayOf(date ?? clock.Today());
        if (IsAdmin)
        {
            Centers = await db.Centers.AsNoTracking().OrderBy(c => c.Name).Select(c => new NamedRef(c.Id, c.Name)).ToListAsync(ct);
            if (Centers.Count == 0) return Redirect("/admin/centers");
            CenterId = center is { } chosen && Centers.Any(c => c.Id == chosen) ? chosen : Centers[0].Id;
        }
        else
        {
            CenterId = User.GetCenterId() ?? throw new NotFoundException();
            if (center is { } other && other != CenterId) throw new NotFoundException();
        }
        Sessions = await calendar.CenterAsync(CenterId, Monday, Monday.AddDays(6), ct);
        return Page();
    }

    public string Link(DateOnly monday) => IsAdmin ? $"/staff/week?date={monday:yyyy-MM-dd}&center={CenterId}" : $"/staff/week?date={monday:yyyy-MM-dd}";
}
