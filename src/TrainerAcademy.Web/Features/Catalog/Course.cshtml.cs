using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Enrollments;

namespace TrainerAcademy.Features.Catalog;

/// <summary>A course and its cohorts; a signed-in learner takes a seat (or joins the waitlist) from the cohort's row.</summary>
public sealed class CourseModel(CatalogQueries.Handler catalog, Enroll.Handler enroll, EnrollmentQueries.Handler enrollments,
    Subsidies.SubsidyEligibility subsidy) : PageModel
{
    public CourseSummary Course { get; private set; } = null!;
    public IReadOnlyList<CohortSummary> Cohorts { get; private set; } = [];

    /// <summary>The learner's live place in each cohort of this course, so the row links to it instead of offering a second one.</summary>
    public IReadOnlyDictionary<int, EnrollmentView> MyPlaces { get; private set; } = new Dictionary<int, EnrollmentView>();

    /// <summary>The signed-in learner's subsidy estimate for this course, rule by rule.</summary>
    public Subsidies.SubsidyEligibilityView? Subsidy { get; private set; }

    /// <summary>For everyone else: the standard amount of this level under each policy in force.</summary>
    public IReadOnlyList<(Domain.Subsidies.SubsidyPolicyVersion Policy, decimal Standard)> SubsidyStandards { get; private set; } = [];

    public bool IsLearner => User.IsInRole(Roles.Learner);
    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostEnrollAsync(int id, int cohortId, bool joinWaitlist, CancellationToken ct)
    {
        // The catalog is open to visitors; taking a seat is not.
        if (!SignedIn) return Challenge();
        if (!IsLearner) return Forbid();
        // Loaded first, so a full cohort or a second place is shown on this page with the reason.
        if (!await LoadAsync(id, ct) || Cohorts.All(k => k.Id != cohortId)) return NotFound();
        var place = await enroll.EnrollAsync(cohortId, new Enroll.Command(joinWaitlist), ct);
        return Redirect($"/enrollments/{place.Id}");
    }

    public static bool AcceptsEnrollment(CohortSummary cohort) => cohort.Status == CohortStatus.Open;

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await catalog.CourseAsync(id, ct) is not { } course) return false;
        Course = course;
        Cohorts = await catalog.CohortsAsync(new(CourseId: id), ct);
        if (IsLearner && User.GetUserId() is { } learnerId)
            Subsidy = await subsidy.ForCourseAsync(learnerId, id, ct);
        else
            SubsidyStandards = await subsidy.StandardsAsync(course.Level, ct);
        if (IsLearner)
            MyPlaces = (await enrollments.MineAsync(ct))
                .Where(e => e.CourseId == id && Enroll.Live.Contains(e.Status))
                .GroupBy(e => e.CohortId)
                .ToDictionary(g => g.Key, g => g.First());
        return true;
    }
}
