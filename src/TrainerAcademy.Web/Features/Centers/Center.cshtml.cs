using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Features.Catalog;
using TrainerAcademy.Features.Centers;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Centers;

/// <summary>
/// A center's venues and instructors: the staff member's own center, or for an admin the one in ?id=.
/// Two forms, each bound to the property named after its handler (OnPostVenue fills Venue), add or edit one record.
/// </summary>
public sealed class CenterModel(
    CenterQueries.Handler centers, SaveVenue.Handler venues, SaveInstructor.Handler instructors, SaveRefundPolicy.Handler refundPolicies,
    ManageClosures.Handler closures, CatalogQueries.Handler catalog, CenterAccess access, TimeProvider clock,
    IStringLocalizer<SharedResource> L) : PageModel
{
    public SaveVenue.Command Venue { get; set; } = new();
    public SaveInstructor.Command Instructor { get; set; } = new() { CertificateLevel = 3 };

    /// <summary>The closure form; its rules are the closure's own (Domain.Scheduling.CenterClosure), shown beside the field they are about.</summary>
    public ManageClosures.Command Closure { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public CenterDetail Center { get; private set; } = null!;
    public IReadOnlyList<VenueDetail> Venues { get; private set; } = [];
    public IReadOnlyList<InstructorDetail> Instructors { get; private set; } = [];
    public IReadOnlyList<StaffDetail> Staff { get; private set; } = [];
    public IReadOnlyList<LevelSummary> Levels { get; private set; } = [];
    public IReadOnlyList<ClosureView> Closures { get; private set; } = [];
    public bool IsAdmin => access.IsAdmin;

    /// <summary>The venue or instructor the form edits; null when it adds one.</summary>
    public int? VenueId { get; private set; }
    public int? InstructorId { get; private set; }

    /// <summary>Bound only by its own handler's parameter, so the other forms of the page are not validated against it.</summary>
    public SaveRefundPolicy.Command RefundPolicy { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int? id, int? venue, int? instructor, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is null) return IsAdmin ? Redirect("/admin/centers") : NotFound();
        if (venue is { } v && Venues.FirstOrDefault(x => x.Id == v) is { } editVenue)
        {
            VenueId = v;
            Venue = new SaveVenue.Command { Name = editVenue.Name, Capacity = editVenue.Capacity, Address = editVenue.Address };
        }
        if (instructor is { } i && Instructors.FirstOrDefault(x => x.Id == i) is { } editInstructor)
        {
            InstructorId = i;
            Instructor = new SaveInstructor.Command
            {
                Name = editInstructor.Name, CertificateLevel = editInstructor.CertificateLevel, Email = editInstructor.Email, Active = editInstructor.Active,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostVenueAsync(int? id, int? venueId, [Bind(Prefix = nameof(Venue))] SaveVenue.Command venue, CancellationToken ct)
    {
        Venue = venue;
        VenueId = venueId;
        if (await LoadAsync(id, ct) is not { } centerId) return NotFound();
        if (!ModelState.IsValid) return Page();
        var saved = venueId is { } existing
            ? await venues.UpdateAsync(existing, venue, ct)
            : await venues.AddAsync(centerId, venue, ct);
        Notice = L["Saved the venue {0}.", saved.Name];
        return Back(centerId);
    }

    public async Task<IActionResult> OnPostInstructorAsync(
        int? id, int? instructorId, [Bind(Prefix = nameof(Instructor))] SaveInstructor.Command instructor, CancellationToken ct)
    {
        Instructor = instructor;
        InstructorId = instructorId;
        if (await LoadAsync(id, ct) is not { } centerId) return NotFound();
        if (!ModelState.IsValid) return Page();
        var saved = instructorId is { } existing
            ? await instructors.UpdateAsync(existing, instructor, ct)
            : await instructors.AddAsync(centerId, instructor, ct);
        Notice = L["Saved the instructor {0}.", saved.Name];
        return Back(centerId);
    }

    public async Task<IActionResult> OnPostRefundPolicyAsync(int? id, [Bind(Prefix = nameof(RefundPolicy))] SaveRefundPolicy.Command policy, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } centerId) return NotFound();
        RefundPolicy = policy;
        if (!ModelState.IsValid) return Page();
        await refundPolicies.SaveAsync(centerId, policy, ct);
        Notice = L["Saved the refund policy."];
        return Back(centerId);
    }

    public async Task<IActionResult> OnPostClosureAsync(int? id, [Bind(Prefix = nameof(Closure))] ManageClosures.Command closure, CancellationToken ct)
    {
        Closure = closure;
        if (await LoadAsync(id, ct) is not { } centerId) return NotFound();
        if (!ModelState.IsValid) return Page();
        var added = await closures.AddAsync(centerId, closure, ct);
        Notice = added.AffectedSessions.Count == 0
            ? L["The center is closed on {0}; timetables skip the day.", added.Date.ToString("yyyy-MM-dd")]
            : L["The center is closed on {0}. {1} sessions are still scheduled that day and were not moved: move them from the list below.",
                added.Date.ToString("yyyy-MM-dd"), added.AffectedSessions.Count];
        return Redirect($"/staff/center?id={centerId}#closures");
    }

    public async Task<IActionResult> OnPostRemoveClosureAsync(int? id, DateOnly date, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } centerId) return NotFound();
        await closures.RemoveAsync(centerId, date, ct);
        Notice = L["The center is open again on {0}.", date.ToString("yyyy-MM-dd")];
        return Redirect($"/staff/center?id={centerId}#closures");
    }

    private RedirectResult Back(int centerId) => Redirect($"/staff/center?id={centerId}");

    /// <summary>Loads the center the page is about (another center's is a 404 for staff); null when none is named.</summary>
    private async Task<int?> LoadAsync(int? id, CancellationToken ct)
    {
        var centerId = id ?? (IsAdmin ? null : User.GetCenterId());
        if (centerId is null) return null;
        Center = await centers.CenterAsync(centerId.Value, ct);
        RefundPolicy = new SaveRefundPolicy.Command
        {
            FullRefundDaysBeforeStart = Center.RefundFullDaysBeforeStart,
            LateRefundPercent = (int)Math.Round(Center.RefundLateShare * 100),
        };
        Venues = await centers.VenuesAsync(centerId.Value, ct);
        Instructors = await centers.InstructorsAsync(centerId.Value, ct);
        Staff = await centers.StaffAsync(centerId.Value, ct);
        Levels = await catalog.LevelsAsync(ct);
        Closures = await closures.ListAsync(centerId.Value, clock.Today(), ct);
        return centerId;
    }
}
