using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Tests.Infrastructure;

public static class TestData
{
    private static int _organisationCode = Random.Shared.Next(1000, 5000);

    /// <summary>Centers' organisation codes are unique; every call in the process gets another one.</summary>
    public static string NextOrganisationCode() =>
        (Interlocked.Increment(ref _organisationCode) % 10000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    public static string Email(string who) => $"{who}-{Guid.NewGuid():N}@test.local";

    /// <summary>A Saturday a few weeks ahead of the app's today (in China).</summary>
    public static DateOnly NextSaturday(this AcademyFactory factory, int weeksAhead = 2)
    {
        var d = factory.Time.Today().AddDays(7 * weeksAhead);
        while (d.DayOfWeek != DayOfWeek.Saturday) d = d.AddDays(1);
        return d;
    }

    /// <summary>A valid 18-character resident ID number (born 1990-03-07 in Xuhui, Shanghai) for a serial.</summary>
    public static string IdNumber(int serial = 123)
    {
        // Serials past 999 move the birth date on a day per thousand, so every serial is another number (one number, one account).
        var born = new DateOnly(1990, 3, 7).AddDays(serial / 1000);
        var first17 = "310104" + born.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + (serial % 1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        return first17 + ChineseIdNumber.CheckCharacter(first17);
    }

    private static int _uniqueIdNumber = 500_000 + Random.Shared.Next(0, 1000) * 1000;

    /// <summary>An ID number no other call in the process gets (profiles of different accounts may not share one).</summary>
    public static string UniqueIdNumber() => IdNumber(Interlocked.Increment(ref _uniqueIdNumber));

    /// <summary>The same number with a wrong check character.</summary>
    public static string IdNumberWithWrongCheck(int serial = 123)
    {
        var valid = IdNumber(serial);
        var wrong = valid[^1] == '1' ? '2' : '1';
        return valid[..17] + wrong;
    }
}
