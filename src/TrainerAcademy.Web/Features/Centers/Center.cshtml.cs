using System.ComponentModel.DataAnnotations;
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
    ManageCenters.Handler centers, ManageClosures.Handler closures, CatalogQueries.Handler catalog, CenterAccess access, TimeProvider clock,
    IStringLocalizer<SharedResource> L) : PageModel
{
    public VenueInput Venue { get; set; } = new();
    public InstructorInput Instructor { get; set; } = new();
    public ClosureInput Closure { get; set; } = new();

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

    public sealed class RefundPolicyInput
    {
        [Required(ErrorMessage = "Enter the number of days."), Range(0, 180, ErrorMessage = "Full refunds end 0 to 180 days before the start.")]
        public int? FullRefundDaysBeforeStart { get; set; }

        [Required(ErrorMessage = "Enter the share refunded after that."), Range(0, 100, ErrorMessage = "The late refund share is between 0 and 100%.")]
        public int? LateRefundPercent { get; set; }
    }

    /// <summary>Bound only by its own handler's parameter, so the other forms of the page are not validated against it.</summary>
    public RefundPolicyInput RefundPolicy { get; set; } = new();

    public sealed class VenueInput
    {
        [Required(ErrorMessage = "Enter the venue's name."), StringLength(100, ErrorMessage = "The name is at most 100 characters.")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter the number of seats."), Range(1, 1000, ErrorMessage = "A venue seats 1 to 1000 people.")]
        public int? Capacity { get; set; }

        [StringLength(200, ErrorMessage = "The address is at most 200 characters.")]
        public string? Address { get; set; }

        public ManageCenters.VenueCommand ToCommand() => new() { Name = Name, Capacity = Capacity ?? 0, Address = Address };
    }

    public sealed class InstructorInput
    {
        [Required(ErrorMessage = "Enter the instructor's name."), StringLength(50, ErrorMessage = "The name is at most 50 characters.")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Choose the certificate level."), Range(1, 5, ErrorMessage = "Choose the certificate level.")]
        public int? CertificateLevel { get; set; } = 3;

        [EmailAddress(ErrorMessage = "Enter a valid e-mail address."), StringLength(256, ErrorMessage = "Enter a valid e-mail address.")]
        public string? Email { get; set; }

        public bool Active { get; set; } = true;

        public ManageCenters.InstructorCommand ToCommand() =>
            new() { Name = Name, CertificateLevel = CertificateLevel ?? 0, Email = Email, Active = Active };
    }

    public sealed class ClosureInput
    {
        [Required(ErrorMessage = "Enter the date of the closure.")]
        public DateOnly? Date { get; set; }

        [Required(ErrorMessage = "Give the reason for the closure in at most 50 characters."), StringLength(50, ErrorMessage = "Give the reason for the closure in at most 50 characters.")]
        public string? Reason { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int? id, int? venue, int? instructor, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is null) return IsAdmin ? Redirect("/admin/centers") : NotFound();
        if (venue is { } v && Venues.FirstOrDefault(x => x.Id == v) is { } editVenue)
        {
            VenueId = v;
            Venue = new VenueInput { Name = editVenue.Name, Capacity = editVenue.Capacity, Address = editVenue.Address };
        }
        if (instructor is { } i && Instructors.FirstOrDefault(x => x.Id == i) is { } editInstructor)
        {
            InstructorId = i;
            Instructor = new InstructorInput
            {
                Name = editInstructor.Name, CertificateLevel = editInstructor.CertificateLevel, Email = editInstructor.Email, Active = editInstructor.Active,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostVenueAsync(int? id, int? venueId, [Bind(Prefix = nameof(Venue))] VenueInput venue, CancellationToken ct)
    {
        Venue = venue;
        VenueId = venueId;
        if (await LoadAsync(id, ct) is not { } centerId) return NotFound();
        if (!ModelState.IsValid) return Page();
        var saved = venueId is { } existing
            ? await centers.UpdateVenueAsync(existing, venue.ToCommand(), ct)
            : await centers.AddVenueAsync(centerId, venue.ToCommand(), ct);
        Notice = L["Saved the venue {0}.", saved.Name];
        return Back(centerId);
    }

    public async Task<IActionResult> OnPostInstructorAsync(
        int? id, int? instructorId, [Bind(Prefix = nameof(Instructor))] InstructorInput instructor, CancellationToken ct)
    {
        Instructor = instructor;
        InstructorId = instructorId;
        if (await LoadAsync(id, ct) is not { } centerId) return NotFound();
        if (!ModelState.IsValid) return Page();
        var saved = instructorId is { } existing
            ? await centers.UpdateInstructorAsync(existing, instructor.ToCommand(), ct)
            : await centers.AddInstructorAsync(centerId, instructor.ToCommand(), ct);
        Notice = L["Saved the instructor {0}.", saved.Name];
        return Back(centerId);
    }

    public async Task<IActionResult> OnPostRefundPolicyAsync(int? id, [Bind(Prefix = nameof(RefundPolicy))] RefundPolicyInput policy, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } centerId) return NotFound();
        RefundPolicy = policy;
        if (!ModelState.IsValid) return Page();
        await centers.SetRefundPolicyAsync(centerId, policy.FullRefundDaysBeforeStart!.Value, policy.LateRefundPercent!.Value / 100m, ct);
        Notice = L["Saved the refund policy."];
        return Back(centerId);
    }

    public async Task<IActionResult> OnPostClosureAsync(int? id, [Bind(Prefix = nameof(Closure))] ClosureInput closure, CancellationToken ct)
    {
        Closure = closure;
        if (await LoadAsync(id, ct) is not { } centerId) return NotFound();
        if (!ModelState.IsValid) return Page();
        var added = await closures.AddAsync(centerId, new ManageClosures.Command { Date = closure.Date, Reason = closure.Reason }, ct);
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
        RefundPolicy = new RefundPolicyInput
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
