using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Catalog;
using TrainerAcademy.Features.Centers;
using TrainerAcademy.Features.Cohorts;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Cohorts;

/// <summary>Creates a draft cohort (/staff/cohorts/new) or reschedules one (/staff/cohorts/{id}/edit).</summary>
public sealed class CohortEditModel(
    SaveCohort.Handler cohorts, CatalogQueries.Handler catalog, CenterQueries.Handler centers, Timetable.TimetableQueries.Handler timetables,
    CenterAccess access, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    public static readonly WeekendPattern[] Patterns = [WeekendPattern.Saturday, WeekendPattern.Sunday, WeekendPattern.Both];

    [BindProperty] public SaveCohort.Command Input { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public int? Id { get; private set; }
    public CohortStatus? Status { get; private set; }
    public bool IsAdmin => access.IsAdmin;
    public IReadOnlyList<CourseSummary> Courses { get; private set; } = [];

    /// <summary>The saved cohort's sessions in years whose statutory calendar is not yet published, or was published after planning.</summary>
    public Timetable.CalendarWarningView? CalendarWarning { get; private set; }

    /// <summary>Venues by center name; a staff member's list has one center.</summary>
    public IReadOnlyList<(string Center, IReadOnlyList<VenueDetail> Venues)> Venues { get; private set; } = [];

    public async Task OnGetAsync(int? id, int? courseId, CancellationToken ct)
    {
        Input = await LoadAsync(id, ct) ?? new SaveCohort.Command
        {
            CourseId = courseId, StartsOn = NextSaturday(), WeekendPattern = WeekendPattern.Saturday,
            DailySlots = ["09:00-12:00", "13:30-17:30"], Capacity = 30,
        };
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (!ModelState.IsValid) return Page();
        if (id is { } existing)
        {
            await cohorts.UpdateAsync(existing, Input, ct);
            Notice = L["The cohort was saved."];
        }
        else
        {
            await cohorts.CreateAsync(Input, ct);
            Notice = L["The cohort was created as a draft. Open it when it is ready for enrollment."];
        }
        return Redirect("/staff/cohorts");
    }

    /// <summary>The choices the form offers; on edit also the saved cohort, which is the tenancy check.</summary>
    private async Task<SaveCohort.Command?> LoadAsync(int? id, CancellationToken ct)
    {
        Id = id;
        SaveCohort.Command? saved = null;
        int? centerId = access.IsAdmin ? null : User.GetCenterId();
        if (id is { } existing)
        {
            (saved, var cohort) = await cohorts.GetAsync(existing, ct);
            Status = cohort.Status;
            centerId = cohort.CenterId;
            CalendarWarning = await timetables.CalendarWarningAsync(existing, ct);
        }
        var courses = await catalog.CoursesAsync(new(CenterId: centerId ?? access.ScopeCenterId), ct);
        // A cohort stays with its course, so the edit form offers only that one.
        Courses = saved is null ? courses : courses.Where(c => c.Id == saved.CourseId).ToList();

        IReadOnlyList<CenterDetail> venueCenters = centerId is { } one
            ? [await centers.CenterAsync(one, ct)]
            : await centers.CentersAsync(ct);
        var venues = new List<(string, IReadOnlyList<VenueDetail>)>();
        foreach (var center in venueCenters)
            venues.Add((center.Name, await centers.VenuesAsync(center.Id, ct)));
        Venues = venues;
        return saved;
    }

    private DateOnly NextSaturday()
    {
        var day = clock.Today().AddDays(1);
        while (day.DayOfWeek != DayOfWeek.Saturday) day = day.AddDays(1);
        return day;
    }
}
