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
        var first17 = $"31010419900307{serial % 1000:D3}";
        return first17 + ChineseIdNumber.CheckCharacter(first17);
    }

    /// <summary>The same number with a wrong check character.</summary>
    public static string IdNumberWithWrongCheck(int serial = 123)
    {
        var valid = IdNumber(serial);
        var wrong = valid[^1] == '1' ? '2' : '1';
        return valid[..17] + wrong;
    }
}
