using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.Account;

public sealed class AccessDeniedModel : PageModel
{
    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public void OnGet() { }
}
