using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;

namespace TrainerAcademy.Features.Account;

[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class RegisterModel(AccountService accounts, SignInManager<ApplicationUser> signIn) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your name."), StringLength(100)]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Enter your e-mail address."), EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter a password."), StringLength(128, MinimumLength = 8, ErrorMessage = "The password needs at least 8 characters.")]
        public string Password { get; set; } = "";

        [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        public string ConfirmPassword { get; set; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await accounts.CreateAsync(Input.Email.Trim(), Input.Password, Roles.Learner, displayName: Input.DisplayName);
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect("/account/profile");
    }
}
