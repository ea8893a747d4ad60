using System.ComponentModel.DataAnnotations;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Infrastructure;

/// <summary>Catalog rules that centers and regulators tune; bound from the "Catalog" section.</summary>
public sealed class CatalogOptions
{
    [Range(0.0, 1.0)]
    public decimal TheoryShareMin { get; set; } = TheoryShareBand.Default.Min;

    [Range(0.0, 1.0)]
    public decimal TheoryShareMax { get; set; } = TheoryShareBand.Default.Max;

    public TheoryShareBand TheoryShare => new(TheoryShareMin, TheoryShareMax);
}

/// <summary>SMTP delivery of the outbox; without a host the mail stays in the outbox for the admin to read.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool UseStartTls { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "TrainerAcademy <no-reply@trainer-academy.local>";
    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

public sealed class DemoOptions
{
    public bool Seed { get; set; }
}

/// <summary>Where the platform's local time is (all times are stored in UTC).</summary>
public static class AcademyTime
{
    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly Today(this TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), China).DateTime);

    /// <summary>A moment as the clock on the wall in China shows it, whatever the server's own zone.</summary>
    public static DateTimeOffset InChina(this DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, China);

    /// <summary>The moment a China wall-clock time (a form's date-time field) stands for, in UTC.</summary>
    public static DateTimeOffset FromChina(DateTime wallClock) =>
        Domain.Scheduling.CohortSession.ToUtc(DateOnly.FromDateTime(wallClock), TimeOnly.FromDateTime(wallClock));

    /// <summary>A moment written the Chinese way on paper, e.g. 2026年12月5日 09:00 (China time).</summary>
    public static string ChineseDateTime(this DateTimeOffset moment)
    {
        var local = moment.InChina();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{local.Year}年{local.Month}月{local.Day}日 {local:HH:mm}");
    }
}
