using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainerAcademy.Features.Account;

/// <summary>The link of the confirmation e-mail: confirms the address, after which the account can sign in.</summary>
public sealed class ConfirmEmailModel(AccountService accounts) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? code)
    {
        Confirmed = !string.IsNullOrEmpty(userId) && !string.IsNullOrEmpty(code) && await accounts.ConfirmEmailAsync(userId, code);
    }
}
