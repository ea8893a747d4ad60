using Microsoft.AspNetCore.Identity;
using TrainerAcademy.Data;

namespace TrainerAcademy.Auth;

/// <summary>
/// ASVS level 2 (V6.2): besides Identity's minimum length of 8, a password may be at most <see cref="MaxLength"/>
/// characters (long passphrases are welcome; the bound only keeps hashing cheap) and must not be one of the
/// 10,000 most common passwords, shipped in <c>common-passwords.txt</c>. No composition rules.
/// </summary>
public sealed class AcademyPasswordValidator : IPasswordValidator<ApplicationUser>
{
    public const int MaxLength = 128;

    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public static bool IsCommon(string password) => Common.Value.Contains(password.Trim());

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        if (password is null) return Task.FromResult(IdentityResult.Success);
        if (password.Length > MaxLength)
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooLong", Description = $"Passwords must be at most {MaxLength} characters.",
            }));
        if (IsCommon(password))
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon", Description = "This password is one of the most commonly used passwords. Choose another.",
            }));
        return Task.FromResult(IdentityResult.Success);
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(AcademyPasswordValidator).Assembly.GetManifestResourceStream("TrainerAcademy.Auth.common-passwords.txt")
            ?? throw new InvalidOperationException("The list of common passwords is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) set.Add(line);
        return set;
    }
}
