using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TrainerAcademy.Auth;

namespace TrainerAcademy.Features.Account;

/// <summary>
/// A learner registers and is asked to confirm the address; whether or not the address already had an account,
/// the page answers the same (the owner of a known address is told by e-mail).
/// </summary>
[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class RegisterModel(AccountService accounts) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    public bool Sent { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your name."), StringLength(100)]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Enter your e-mail address."), EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter a password.")]
        public string Password { get; set; } = "";

        [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        public string ConfirmPassword { get; set; } = "";

        /// <summary>Agreement to the privacy notice (PIPL art. 13–14): required, recorded with its version and the time.</summary>
        [Range(typeof(bool), "true", "true", ErrorMessage = "Agree to the privacy notice to register.")]
        public bool AcceptPrivacyNotice { get; set; }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        await accounts.RegisterLearnerAsync(Input.Email.Trim(), Input.Password, Input.DisplayName, Privacy.PrivacyNotice.Version);
        Sent = true;
        return Page();
    }
}
