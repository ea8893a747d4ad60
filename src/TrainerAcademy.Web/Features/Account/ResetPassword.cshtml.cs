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
public sealed class ResetPasswordModel(UserManager<ApplicationUser> users, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    public bool Done { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address."), EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "This reset link is incomplete. Ask for a new one.")]
        public string Code { get; set; } = "";

        [Required(ErrorMessage = "Enter a password."), StringLength(128, MinimumLength = 8, ErrorMessage = "The password needs at least 8 characters.")]
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
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null)
        {
            // Same answer as for a real account: the page must not tell which addresses are registered.
            Done = true;
            return Page();
        }
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Input.Code));
        }
        catch (FormatException)
        {
            ModelState.AddModelError("", L["This reset link is invalid or has expired. Ask for a new one."]);
            return Page();
        }
        var result = await users.ResetPasswordAsync(user, token, Input.Password);
        if (result.Succeeded)
        {
            Done = true;
            return Page();
        }
        foreach (var error in result.Errors)
        {
            var violation = AccountService.Violation(error);
            ModelState.AddModelError(violation.Field == "password" ? "Input.Password" : "", ProblemExceptionHandler.Localize(violation, L));
        }
        return Page();
    }
}
