using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Catalog;
using TrainerAcademy.Features.Timetable;

namespace TrainerAcademy.Features.Timetable;

/// <summary>
/// A cohort's scheduled sessions with a form per row to move, cancel or re-staff it (staff of the cohort's center,
/// admins any; another center's cohort is a 404). A refused change shows the page again with the reason.
/// </summary>
public sealed class CohortTimetableModel(
    TimetableQueries.Handler timetables, CatalogQueries.Handler catalog, ChangeSession.Handler change, Cohorts.SaveCohort.Handler cohorts, AcademyDbContext db,
    CenterAccess access, IStringLocalizer<SharedResource> L, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<Attendance.AttendanceOptions> attendance) : PageModel
{
    /// <summary>Attendance is taken from when check-in opens, shortly before a session starts.</summary>
    public bool AttendanceOpen(SessionView s) => clock.GetUtcNow() >= s.StartsAt.AddMinutes(-attendance.Value.CheckInOpensMinutesBefore);

    [TempData] public string? Notice { get; set; }

    public CohortSummary Cohort { get; private set; } = null!;
    public IReadOnlyList<SessionView> Sessions { get; private set; } = [];

    /// <summary>Sessions in years whose statutory calendar is not yet published, or was published after planning.</summary>
    public CalendarWarningView? CalendarWarning { get; private set; }
    public IReadOnlyList<NamedRef> Instructors { get; private set; } = [];
    public TimetableStatusView Status { get; private set; } = null!;

    /// <summary>Each scheduled session's id by its number, for the link to its attendance roster.</summary>
    public IReadOnlyDictionary<int, int> SessionIds { get; private set; } = new Dictionary<int, int>();

    /// <summary>The session whose form was refused, to show the reason in its row.</summary>
    public int? FailedSequence { get; private set; }

    public ChangeSession.MoveBody Move { get; set; } = new(null, null);
    public ChangeSession.RestaffBody Restaff { get; set; } = new(null);

    public async Task OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostMoveAsync(int id, int sequence, [Bind(Prefix = nameof(Move))] ChangeSession.MoveBody move, CancellationToken ct)
    {
        Move = move;
        await LoadAsync(id, ct, sequence);
        var result = await change.MoveAsync(id, sequence, move, ct);
        Notice = result.Changes.Count == 0 ? L["Nothing changed."] : L["Session {0} was moved.", sequence];
        return Back(id);
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, int sequence, bool makeUp, CancellationToken ct)
    {
        await LoadAsync(id, ct, sequence);
        var result = await change.CancelAsync(id, sequence, makeUp, ct);
        Notice = result.Changes.FirstOrDefault(c => c.Kind == "madeUp")?.After is { } madeUp
            ? L["Session {0} was cancelled and made up by session {1} on {2}.", sequence, madeUp.Sequence, $"{madeUp.Date:yyyy-MM-dd} {madeUp.Start}"]
            : L["Session {0} was cancelled.", sequence];
        return Back(id);
    }

    public async Task<IActionResult> OnPostRestaffAsync(int id, int sequence, [Bind(Prefix = nameof(Restaff))] ChangeSession.RestaffBody restaff, CancellationToken ct)
    {
        Restaff = restaff;
        await LoadAsync(id, ct, sequence);
        var result = await change.RestaffAsync(id, sequence, restaff, ct);
        var name = result.Changes.FirstOrDefault()?.After?.Instructor.Name;
        Notice = name is null ? L["Nothing changed."] : L["Session {0} was given to {1}.", sequence, name];
        return Back(id);
    }

    public async Task<IActionResult> OnPostRegenerateAsync(int id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        await cohorts.RegenerateAsync(id, ct);
        Notice = L["The timetable is being generated again."];
        return Back(id);
    }

    private RedirectResult Back(int id) => Redirect($"/staff/cohorts/{id}/timetable");

    // Loaded before a command too, so a refused change shows the timetable again with the reason.
    private async Task LoadAsync(int id, CancellationToken ct, int? sequence = null)
    {
        var owned = await access.EnsureCanManageAsync(await db.Cohorts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct));
        Cohort = await catalog.CohortAsync(id, includeUnlisted: true, ct) ?? throw new NotFoundException();
        var timetable = await timetables.TimetableAsync(id, ct);
        Sessions = timetable?.Sessions ?? [];
        CalendarWarning = timetable?.CalendarWarning;
        Instructors = await db.Instructors.AsNoTracking().Where(i => i.CenterId == owned.CenterId && i.Active)
            .OrderBy(i => i.Name).Select(i => new NamedRef(i.Id, i.Name)).ToListAsync(ct);
        SessionIds = await db.CohortSessions.AsNoTracking().Where(s => s.CohortId == id && s.Status == Domain.Scheduling.SessionStatus.Scheduled)
            .ToDictionaryAsync(s => s.Sequence, s => s.Id, ct);
        Status = await timetables.StatusAsync(id, ct);
        FailedSequence = sequence;
    }
}
