using System.Globalization;

namespace TrainerAcademy.Domain;

/// <summary>The 18-character resident identity card number (居民身份证号码, GB 11643-1999).</summary>
public static class ChineseIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>True when the number has 17 digits, a real birth date and the ISO 7064 MOD 11-2 check character.</summary>
    public static bool IsValid(string? number)
    {
        if (number is null || number.Length != 18) return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(number[i])) return false;
            sum += (number[i] - '0') * Weights[i];
        }
        if (char.ToUpperInvariant(number[17]) != CheckCharacters[sum % 11]) return false;
        return DateOnly.TryParseExact(number.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            && birth.Year >= 1900;
    }

    /// <summary>The check character for the first 17 digits; used to make valid numbers in tests and demo data.</summary>
    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    /// <summary>Shows the first 3 and last 4 characters, as on public pages: 310***********123X.</summary>
    public static string Mask(string number) =>
        number.Length <= 7 ? new string('*', number.Length) : number[..3] + new string('*', number.Length - 7) + number[^4..];
}
