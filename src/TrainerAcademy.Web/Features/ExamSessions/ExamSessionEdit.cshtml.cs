using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Features.Catalog;
using TrainerAcademy.Features.Centers;
using TrainerAcademy.Features.ExamSessions;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.ExamSessions;

/// <summary>Creates a theory exam session (/staff/exam-sessions/new) or changes one before its window opens.</summary>
public sealed class ExamSessionEditModel(
    SaveExamSession.Handler sessions, ExamSessionQueries.Handler queries, CatalogQueries.Handler catalog, CenterQueries.Handler centers,
    SkillBlueprints.SkillBlueprintQueries.Handler skillBlueprints, CenterAccess access, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public SaveExamSession.Command Input { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public int? Id { get; private set; }
    public bool IsAdmin => access.IsAdmin;
    public IReadOnlyList<LevelSummary> Levels { get; private set; } = [];
    public IReadOnlyList<CenterDetail> Centers { get; private set; } = [];
    public IReadOnlyList<(string Center, IReadOnlyList<VenueDetail> Venues)> Venues { get; private set; } = [];

    /// <summary>A new session: per level, the skill blueprint it will take (a level missing has none active).</summary>
    public IReadOnlyDictionary<int, string> SkillBlueprintsInForce { get; private set; } = new Dictionary<int, string>();

    /// <summary>A saved session: the skill blueprint it took when created, or null (theory only).</summary>
    public string? SessionSkillBlueprint { get; private set; }
    public string? SessionReviewBlueprint { get; private set; }
    public IReadOnlyDictionary<int, string> ReviewBlueprintsInForce { get; private set; } = new Dictionary<int, string>();

    public async Task OnGetAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (id is { } existing)
        {
            var (s, _) = await queries.ManagedSessionAsync(existing, ct);
            Input = new SaveExamSession.Command
            {
                CenterId = s.CenterId, Level = s.Level, Title = s.Title, Mode = s.Mode, VenueId = s.VenueId, Capacity = s.Capacity,
                WindowStart = s.WindowStart.InChina(), WindowEnd = s.WindowEnd.InChina(),
                RegistrationDeadline = s.RegistrationDeadline.InChina(), ShowReview = s.ShowReview, ExternalExaminersOnly = s.ExternalExaminersOnly, Revision = s.Revision,
            };
        }
        else
        {
            // The Saturday after next, 09:00–11:30 China time; registration closes three days before.
            var day = clock.Today().AddDays(8);
            while (day.DayOfWeek != DayOfWeek.Saturday) day = day.AddDays(1);
            var start = day.ToDateTime(new TimeOnly(9, 0));
            Input = new SaveExamSession.Command
            {
                CenterId = Centers.FirstOrDefault()?.Id, Level = 4, Title = L["Theory exam"], Mode = ExamMode.Online, Capacity = 100,
                WindowStart = AcademyTime.FromChina(start).InChina(), WindowEnd = AcademyTime.FromChina(start.AddHours(2.5)).InChina(),
                RegistrationDeadline = AcademyTime.FromChina(start.AddDays(-3).Date.AddHours(18)).InChina(),
            };
        }
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (!ModelState.IsValid) return Page();
        // The venue list stays filled in while the mode is online; only an on-site session keeps its venue.
        var command = Input with { VenueId = Input.Mode == ExamMode.OnSite ? Input.VenueId : null };
        if (id is { } existing)
        {
            await sessions.UpdateAsync(existing, command, ct);
            Notice = L["The exam session was saved."];
            return Redirect($"/staff/exam-sessions/{existing}");
        }
        var created = await sessions.CreateAsync(command, ct);
        Notice = L["The exam session was created; learners can register until the deadline."];
        return Redirect($"/staff/exam-sessions/{created}");
    }

    private async Task LoadAsync(int? id, CancellationToken ct)
    {
        Id = id;
        Levels = await catalog.LevelsAsync(ct);
        Centers = await centers.CentersAsync(ct);
        var venues = new List<(string, IReadOnlyList<VenueDetail>)>();
        foreach (var center in Centers)
            venues.Add((center.Name, await centers.VenuesAsync(center.Id, ct)));
        Venues = venues;
        if (id is { } existing)
        {
            SessionSkillBlueprint = await skillBlueprints.OfSessionAsync(existing, ct);
            SessionReviewBlueprint = await skillBlueprints.ReviewOfSessionAsync(existing, ct);
        }
        else
        {
            SkillBlueprintsInForce = await skillBlueprints.InForceAsync(ct);
            ReviewBlueprintsInForce = await skillBlueprints.InForceAsync(ct, Domain.Results.AssessmentComponent.Review);
        }
    }
}
