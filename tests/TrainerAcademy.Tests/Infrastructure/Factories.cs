using TrainerAcademy.Testing;

namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>With the development demo data (Demo:Seed = true).</summary>
public sealed class SqliteDemoFactory : SqliteAcademyFactory
{
    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Demo:Seed"] = "true";
}

/// <summary>
/// The demo data seeded on a day the calendar makes hard: the demo is relative to the day it is seeded, so it must hold
/// on every day, not only on the days its tests happened to run.
/// </summary>
public abstract class SqliteDemoOnDayFactory : SqliteAcademyFactory
{
    /// <summary>The eve of the 2027 Spring Festival holiday (8 days off from 5 February, make-up working days around it).</summary>
    public static readonly DateTimeOffset SpringFestivalEve = TestClock.Beijing(2027, 2, 4, 20, 0);

    /// <summary>Half an hour before the new year in Beijing (15:30 UTC): the year differs between UTC and China soon after.</summary>
    public static readonly DateTimeOffset NewYearsEve = TestClock.Beijing(2027, 12, 31, 23, 30);

    /// <summary>A Saturday morning while weekend classes are on.</summary>
    public static readonly DateTimeOffset SaturdayInClass = TestClock.Beijing(2027, 3, 6, 10, 30);

    /// <summary>A day in a year the seeded statutory calendar does not cover.</summary>
    public static readonly DateTimeOffset BeyondTheCalendar = TestClock.Beijing(2029, 6, 1, 10, 0);

    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Demo:Seed"] = "true";

    public sealed class OnSpringFestivalEve : SqliteDemoOnDayFactory
    {
        protected override DateTimeOffset ClockStart => SpringFestivalEve;
    }

    public sealed class OnNewYearsEve : SqliteDemoOnDayFactory
    {
        protected override DateTimeOffset ClockStart => NewYearsEve;
    }

    public sealed class OnSaturdayInClass : SqliteDemoOnDayFactory
    {
        protected override DateTimeOffset ClockStart => SaturdayInClass;
    }

    public sealed class BeyondTheSeededCalendar : SqliteDemoOnDayFactory
    {
        protected override DateTimeOffset ClockStart => BeyondTheCalendar;
    }
}

/// <inheritdoc cref="SqliteDemoFactory"/>
public sealed class PostgresDemoFactory : PostgresAcademyFactory
{
    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Demo:Seed"] = "true";
}

/// <summary>With the Hangfire server running and a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/> as the app's clock.</summary>
public sealed class SqliteJobsFactory : SqliteAcademyFactory
{
    protected override bool UsesFakeClock => true;

    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Hangfire:Server"] = "true";
}

/// <inheritdoc cref="SqliteJobsFactory"/>
public sealed class PostgresJobsFactory : PostgresAcademyFactory
{
    protected override bool UsesFakeClock => true;

    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Hangfire:Server"] = "true";
}

/// <summary>With Security:RequireAdminTwoFactor on, as in production (the rest of the suite runs with it off).</summary>
public sealed class SqliteAdminTwoFactorFactory : SqliteAcademyFactory
{
    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Security:RequireAdminTwoFactor"] = "true";
}

/// <inheritdoc cref="SqliteAdminTwoFactorFactory"/>
public sealed class PostgresAdminTwoFactorFactory : PostgresAcademyFactory
{
    protected override void AddSettings(IDictionary<string, string?> settings) => settings["Security:RequireAdminTwoFactor"] = "true";
}
