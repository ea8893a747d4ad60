using System.ComponentModel.DataAnnotations;
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
    SaveExamSession.Handler sessions, ExamSessionQueries.Handler queries, CatalogQueries.Handler catalog, ManageCenters.Handler centers,
    CenterAccess access, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public int? Id { get; private set; }
    public bool IsAdmin => access.IsAdmin;
    public IReadOnlyList<LevelSummary> Levels { get; private set; } = [];
    public IReadOnlyList<CenterDetail> Centers { get; private set; } = [];
    public IReadOnlyList<(string Center, IReadOnlyList<VenueDetail> Venues)> Venues { get; private set; } = [];

    public sealed class InputModel
    {
        public int? CenterId { get; set; }

        [Required(ErrorMessage = "Choose the level."), Range(1, 5)]
        public int? Level { get; set; }

        [Required(ErrorMessage = "Enter a title."), StringLength(100)]
        public string? Title { get; set; }

        public ExamMode Mode { get; set; }

        public int? VenueId { get; set; }

        [Required(ErrorMessage = "Enter the capacity."), Range(1, ExamSession.MaxCapacity, ErrorMessage = "Capacity is 1 to {2}.")]
        public int? Capacity { get; set; }

        /// <summary>China time, as the datetime-local inputs give it.</summary>
        [Required(ErrorMessage = "Choose when the window opens.")]
        public DateTime? WindowStart { get; set; }

        [Required(ErrorMessage = "Choose when the window closes.")]
        public DateTime? WindowEnd { get; set; }

        [Required(ErrorMessage = "Choose when registration closes.")]
        public DateTime? RegistrationDeadline { get; set; }

        public bool ShowReview { get; set; }

        public int? Revision { get; set; }

        public SaveExamSession.Command ToCommand() => new()
        {
            CenterId = CenterId,
            Level = Level ?? 0,
            Title = Title ?? "",
            Mode = Mode,
            VenueId = Mode == ExamMode.OnSite ? VenueId : null,
            Capacity = Capacity ?? 0,
            WindowStart = FromChina(WindowStart),
            WindowEnd = FromChina(WindowEnd),
            RegistrationDeadline = FromChina(RegistrationDeadline),
            ShowReview = ShowReview,
            Revision = Revision,
        };

        private static DateTimeOffset FromChina(DateTime? local) =>
            local is { } t ? AcademyTime.FromChina(t) : default;
    }

    public async Task OnGetAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (id is { } existing)
        {
            var (s, _) = await queries.ManagedSessionAsync(existing, ct);
            Input = new InputModel
            {
                CenterId = s.CenterId, Level = s.Level, Title = s.Title, Mode = s.Mode, VenueId = s.VenueId, Capacity = s.Capacity,
                WindowStart = s.WindowStart.InChina().DateTime, WindowEnd = s.WindowEnd.InChina().DateTime,
                RegistrationDeadline = s.RegistrationDeadline.InChina().DateTime, ShowReview = s.ShowReview, Revision = s.Revision,
            };
        }
        else
        {
            // The Saturday after next, 09:00–11:30 China time; registration closes three days before.
            var day = clock.Today().AddDays(8);
            while (day.DayOfWeek != DayOfWeek.Saturday) day = day.AddDays(1);
            var start = day.ToDateTime(new TimeOnly(9, 0));
            Input = new InputModel
            {
                CenterId = Centers.FirstOrDefault()?.Id, Level = 4, Title = L["Theory exam"], Mode = ExamMode.Online, Capacity = 100,
                WindowStart = start, WindowEnd = start.AddHours(2.5), RegistrationDeadline = start.AddDays(-3).Date.AddHours(18),
            };
        }
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (!ModelState.IsValid) return Page();
        if (id is { } existing)
        {
            await sessions.UpdateAsync(existing, Input.ToCommand(), ct);
            Notice = L["The exam session was saved."];
            return Redirect($"/staff/exam-sessions/{existing}");
        }
        var created = await sessions.CreateAsync(Input.ToCommand(), ct);
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
    }
}
