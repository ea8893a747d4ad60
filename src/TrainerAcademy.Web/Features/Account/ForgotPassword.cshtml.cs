using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Account;

[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class ForgotPasswordModel(UserManager<ApplicationUser> users, IEmailSender<ApplicationUser> mail, PublicUrl publicUrl) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();

    /// <summary>Shown after every valid request, whether or not the account exists, so the page reveals no accounts.</summary>
    public bool Sent { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address."), EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        public string Email { get; set; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        // Like Identity's forgotPassword endpoint: only a confirmed address gets a link.
        if (user is { EmailConfirmed: true, Email: { } email })
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
            var link = $"{publicUrl.Base}/account/reset-password?email={Uri.EscapeDataString(email)}&code={code}";
            await mail.SendPasswordResetLinkAsync(user, email, link);
        }
        Sent = true;
        return Page();
    }
}
