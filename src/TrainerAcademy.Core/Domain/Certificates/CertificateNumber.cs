using System.Globalization;
using System.Text.RegularExpressions;

namespace TrainerAcademy.Domain.Certificates;

/// <summary>
/// The national certificate number: 1 letter and 21 digits — <c>S</c> (a social training-evaluation organisation) or
/// <c>Y</c> (an employer), the 4-digit organisation code, the 2-digit province code (Shanghai 31), the 6-digit site
/// serial, the 2-digit year of issue, the 1-digit level and a 6-digit serial, e.g. <c>S000031000123254000001</c>.
/// Serials run without gaps per site, year and level (<see cref="CertificateSerial"/>).
/// </summary>
public static partial class CertificateNumber
{
    public const int Length = 22;
    public const int MaxSerial = 999_999;
    public const int MaxSite = 999_999;

    [GeneratedRegex("^[SY][0-9]{21}$")]
    private static partial Regex Shape();

    public static string Format(char type, string organisationCode, string provinceCode, int site, int year, int level, int serial)
    {
        if (type is not ('S' or 'Y'))
            throw new RuleViolation("certificate.number-type", "A certificate number starts with S (a social evaluation organisation) or Y (an employer).", "type");
        if (organisationCode is not { Length: 4 } || !organisationCode.All(char.IsAsciiDigit))
            throw new RuleViolation("certificate.organisation-code", "The organisation code is 4 digits.", "organisationCode");
        if (provinceCode is not { Length: 2 } || !provinceCode.All(char.IsAsciiDigit))
            throw new RuleViolation("certificate.province-code", "The province code is 2 digits.", "provinceCode");
        if (site is < 0 or > MaxSite)
            throw new RuleViolation("certificate.site", $"The site serial is 0 to {MaxSite}.", "site");
        if (level is < 1 or > 5)
            throw new RuleViolation("certificate.level", "Levels run from 1 to 5.", "level");
        if (serial is < 1 or > MaxSerial)
            throw new RuleViolation("certificate.serial-exhausted", $"The site has issued all {MaxSerial} numbers of this year and level.", "serial");
        return string.Create(CultureInfo.InvariantCulture, $"{type}{organisationCode}{provinceCode}{site:D6}{year % 100:D2}{level}{serial:D6}");
    }

    public static bool IsWellFormed(string? number) => number is not null && Shape().IsMatch(number);

    /// <summary>The 2-digit year, level and serial a number carries; null when it is not a certificate number.</summary>
    public static (int Year, int Level, int Serial)? Parts(string? number) =>
        IsWellFormed(number)
            ? (int.Parse(number![13..15], CultureInfo.InvariantCulture), number[15] - '0', int.Parse(number[16..], CultureInfo.InvariantCulture))
            : null;
}

/// <summary>
/// The last serial issued for one site, year and level. Issuing takes the next one in the same transaction as the
/// certificate with a conditional increment, so concurrent issuers queue on the row and a rolled-back issue gives its
/// number back: serials are unique and without gaps.
/// </summary>
public class CertificateSerial
{
    private CertificateSerial() { }

    public CertificateSerial(int centerId, int year, int level)
    {
        CenterId = centerId;
        Year = year;
        Level = level;
    }

    public int CenterId { get; private set; }

    /// <summary>The calendar year of issue in Beijing time (four digits).</summary>
    public int Year { get; private set; }
    public int Level { get; private set; }
    public int Last { get; private set; }
}
