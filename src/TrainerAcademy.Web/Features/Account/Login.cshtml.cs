using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;

namespace TrainerAcademy.Features.Account;

/// <summary>
/// Sign-in with the password; an account with two-factor sign-in goes on to <c>/account/login-2fa</c>. A wrong
/// password, an unknown address and a locked account get one message (<see cref="AcademySignInManager"/>).
/// </summary>
[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class LoginModel(SignInManager<ApplicationUser> signIn, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>The right password for an address not confirmed yet: the page offers a new confirmation link.</summary>
    public bool NotConfirmed { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address."), EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        public string Password { get; set; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
            return LocalRedirect(SafeReturnUrl);
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Account/LoginWith2fa", new { returnUrl = SafeReturnUrl });
        NotConfirmed = result.IsNotAllowed;
        ModelState.AddModelError("", result.IsNotAllowed
            ? L["Your e-mail address is not confirmed yet. Open the link we sent you, or ask for a new one."]
            : L["The e-mail or password is not right. After repeated failures an account is locked for a while and its owner is told by e-mail."]);
        return Page();
    }

    private string SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
}
