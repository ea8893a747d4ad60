using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.Attendance;

/// <summary>A place's sessions with their marks and the hours attended against the course's (its learner or the center's staff; others 404).</summary>
public sealed class EnrollmentAttendanceModel(EnrollmentAttendance.Handler attendance) : PageModel
{
    public EnrollmentAttendanceView View { get; private set; } = null!;

    public bool IsOwner => User.IsInRole(Roles.Learner);

    public async Task OnGetAsync(int id, CancellationToken ct) => View = await attendance.GetAsync(id, ct);
}
