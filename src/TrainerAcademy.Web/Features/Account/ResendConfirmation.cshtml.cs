using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.Account;

/// <summary>A new confirmation link; the answer is the same whether or not the address has an unconfirmed account.</summary>
[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class ResendConfirmationModel(AccountService accounts) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    public bool Sent { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address."), EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        public string Email { get; set; } = "";
    }

    public void OnGet(string? email) => Input.Email = email ?? "";

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        await accounts.ResendConfirmationAsync(Input.Email.Trim());
        Sent = true;
        return Page();
    }
}
