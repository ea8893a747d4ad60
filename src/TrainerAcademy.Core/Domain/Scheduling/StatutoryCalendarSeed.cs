using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainerAcademy.Domain.Scheduling;

/// <summary>One row of db/seed/statutory-calendar.json.</summary>
/// <param name="Provisional">True when the day is an estimate made before the State Council published that year's notice.</param>
public sealed record StatutoryCalendarSeedRow(
    DateOnly Date,
    [property: JsonConverter(typeof(JsonStringEnumConverter<CalendarDayKind>))] CalendarDayKind Kind,
    string Name,
    bool Provisional = false);

/// <summary>What the seed file says about one year as a whole: whether its days are confirmed.</summary>
public sealed record StatutoryCalendarSeedYear(int Year, string Status, string Note);

/// <summary>
/// db/seed/statutory-calendar.json: the national holidays and make-up working days, with a version and a
/// source like the other reference data sets, so a new State Council notice ships as data.
/// </summary>
public sealed record StatutoryCalendarSeed(string Version, string Source, IReadOnlyList<StatutoryCalendarSeedYear> Years, IReadOnlyList<StatutoryCalendarSeedRow> Items)
{
    public const string ResourceName = "seed/statutory-calendar.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static StatutoryCalendarSeed Parse(Stream json) =>
        Validate(JsonSerializer.Deserialize<StatutoryCalendarSeed>(json, Json));

    public static StatutoryCalendarSeed Parse(string json) =>
        Validate(JsonSerializer.Deserialize<StatutoryCalendarSeed>(json, Json));

    /// <summary>The copy of db/seed/statutory-calendar.json embedded in this assembly.</summary>
    public static StatutoryCalendarSeed ReadEmbedded()
    {
        using var stream = typeof(StatutoryCalendarSeed).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("db/seed/statutory-calendar.json is not embedded.");
        return Parse(stream);
    }

    /// <summary>The seed's days as a calendar that covers the seed's years.</summary>
    public StatutoryCalendar ToCalendar(IEnumerable<DateOnly>? closures = null) => StatutoryCalendar.FromSeed(Items, closures, Years.Select(y => y.Year));

    private static StatutoryCalendarSeed Validate(StatutoryCalendarSeed? seed)
    {
        if (seed is null || string.IsNullOrWhiteSpace(seed.Version) || seed.Items is null)
            throw new InvalidOperationException("The statutory calendar seed needs a version and items.");
        return seed with { Years = seed.Years ?? [] };
    }
}
