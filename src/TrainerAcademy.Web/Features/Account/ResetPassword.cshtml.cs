using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Account;

[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class ResetPasswordModel(UserManager<ApplicationUser> users, AccountService accounts, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    public bool Done { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address."), EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "This reset link is incomplete. Ask for a new one.")]
        public string Code { get; set; } = "";

        [Required(ErrorMessage = "Enter a password.")]
        public string Password { get; set; } = "";

        [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        public string ConfirmPassword { get; set; } = "";
    }

    public void OnGet(string? email, string? code)
    {
        Input.Email = email ?? "";
        Input.Code = code ?? "";
        if (string.IsNullOrEmpty(code))
            ModelState.AddModelError("", L["This reset link is incomplete. Ask for a new one."]);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        // The password's rules first, alike for every address; then one answer for an unknown address and a bad link,
        // so that the page does not tell which addresses are registered.
        await accounts.ValidatePasswordAsync(Input.Password);
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        string? token = null;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Input.Code));
        }
        catch (FormatException)
        {
        }
        var result = user is null || token is null
            ? IdentityResult.Failed(users.ErrorDescriber.InvalidToken())
            : await users.ResetPasswordAsync(user, token, Input.Password);
        if (result.Succeeded)
        {
            Done = true;
            return Page();
        }
        foreach (var error in result.Errors)
        {
            if (error.Code == nameof(IdentityErrorDescriber.InvalidToken))
            {
                ModelState.AddModelError("", L["This reset link is invalid or has expired. Ask for a new one."]);
                continue;
            }
            var violation = AccountService.Violation(error);
            ModelState.AddModelError(violation.Field == "password" ? "Input.Password" : "", ProblemExceptionHandler.Localize(violation, L));
        }
        return Page();
    }
}
