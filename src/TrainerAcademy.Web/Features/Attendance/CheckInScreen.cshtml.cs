using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainerAcademy.Data;
using TrainerAcademy.Features.Attendance;

namespace TrainerAcademy.Features.Attendance;

/// <summary>
/// The classroom screen: the session's check-in QR code, rendered by the server and fetched again from the code endpoint
/// each time it turns, with a countdown (staff of the session's center; another center's is a 404).
/// </summary>
public sealed class CheckInScreenModel(CheckIn.Handler checkIn, AcademyDbContext db) : PageModel
{
    public SessionHeader Session { get; private set; } = null!;
    public CheckInCodeView Code { get; private set; } = null!;

    public async Task OnGetAsync(int id, CancellationToken ct)
    {
        Code = await checkIn.CodeAsync(id, ct);
        Session = await db.SessionHeaderAsync(id, ct) ?? throw new Auth.NotFoundException();
    }
}
