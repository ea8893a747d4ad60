using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Timetable;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Reports;

/// <summary>
/// The dashboard, for admins at <c>/admin/reports</c> (every center, or the one chosen) and for staff at <c>/staff/reports</c>
/// (their own center): the same filters, figures and tables as <c>GET /api/reports/…</c>, charts drawn on the server.
/// </summary>
public abstract class ReportsPage(ReportScope scope, ReportDashboard dashboard, AcademyDbContext db, CenterAccess access, IStringLocalizer<SharedResource> L)
    : PageModel
{
    [BindProperty(SupportsGet = true)] public ReportQuery Filter { get; set; } = new();

    public ReportFilter Resolved { get; private set; } = null!;
    public FunnelReport Funnel { get; private set; } = null!;
    public ResultsReport Results { get; private set; } = null!;
    public MoneyReport Money { get; private set; } = null!;
    public IReadOnlyList<NamedRef> Centers { get; private set; } = [];
    public IReadOnlyList<NamedRef> Cohorts { get; private set; } = [];
    public bool IsAdmin => access.IsAdmin;
    public string? CenterName { get; private set; }

    /// <summary>The page's own address, <c>/admin/reports</c> or <c>/staff/reports</c>.</summary>
    public abstract string Path { get; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            ModelState.Clear();
            ModelState.AddModelError("", L["A filter was not understood; the report shows the last 12 months."]);
            Filter = new ReportQuery();
        }
        try
        {
            Resolved = await scope.ResolveAsync(Filter, ct);
        }
        catch (RuleViolation v)
        {
            ModelState.AddModelError("", ProblemExceptionHandler.Localize(v, L));
            Filter = new ReportQuery();
            Resolved = await scope.ResolveAsync(Filter, ct);
        }
        Funnel = await dashboard.FunnelAsync(Resolved, ct);
        Results = await dashboard.ResultsAsync(Resolved, ct, Funnel);
        Money = await dashboard.MoneyAsync(Resolved, ct);
        if (IsAdmin)
            Centers = await db.Centers.AsNoTracking().OrderBy(c => c.Name).Select(c => new NamedRef(c.Id, c.Name)).ToListAsync(ct);
        if (Resolved.CenterId is { } center)
        {
            CenterName = await db.Centers.AsNoTracking().Where(c => c.Id == center).Select(c => c.Name).SingleOrDefaultAsync(ct);
            Cohorts = [.. (await (from k in db.Cohorts.AsNoTracking()
                                  where k.CenterId == center
                                  join c in db.Courses on k.CourseId equals c.Id
                                  orderby k.StartsOn descending
                                  select new { k.Id, c.Title, k.StartsOn }).Take(200).ToListAsync(ct))
                .Select(x => new NamedRef(x.Id, $"{x.Title} · {x.StartsOn:yyyy-MM-dd}"))];
        }
        return Page();
    }

    /// <summary>A table's download link with the current filters.</summary>
    public string Download(string table, string format) => $"/api/reports/tables/{table}?format={format}&{Resolved.QueryString()}";
}
