using System.Globalization;

namespace TrainerAcademy.Domain;

/// <summary>One teaching block of a class day, in the center's local time (Asia/Shanghai).</summary>
public readonly record struct TimeSlot
{
    public TimeSlot(TimeOnly start, TimeOnly end)
    {
        if (end <= start)
            throw new RuleViolation("slot.order", $"A time slot must end after it starts ({start:HH\\:mm}-{end:HH\\:mm}).", "dailySlots");
        if (end - start < TimeSpan.FromMinutes(30))
            throw new RuleViolation("slot.too-short", "A time slot must last at least 30 minutes.", "dailySlots");
        Start = start;
        End = end;
    }

    public TimeOnly Start { get; }
    public TimeOnly End { get; }
    public TimeSpan Length => End - Start;

    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm}";

    /// <summary>Parses "09:00-12:00"; the canonical stored and displayed form.</summary>
    public static TimeSlot Parse(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(parts[1], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            throw new RuleViolation("slot.format", $"'{text}' is not a time slot like 09:00-12:00.", "dailySlots");
        return new TimeSlot(start, end);
    }

    /// <summary>Parses "09:00-12:00; 13:30-17:30" (also commas or new lines), checks the slots do not overlap, sorts them.</summary>
    public static IReadOnlyList<TimeSlot> ParseList(string? text)
    {
        var slots = (text ?? "")
            .Split([';', ',', '\n', '，', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Parse)
            .OrderBy(s => s.Start)
            .ToList();
        return Validate(slots);
    }

    public static IReadOnlyList<TimeSlot> Validate(IEnumerable<TimeSlot> slots)
    {
        var sorted = slots.OrderBy(s => s.Start).ToList();
        if (sorted.Count == 0)
            throw new RuleViolation("slot.none", "A cohort needs at least one daily time slot.", "dailySlots");
        for (var i = 1; i < sorted.Count; i++)
            if (sorted[i].Start < sorted[i - 1].End)
                throw new RuleViolation("slot.overlap", $"Time slots {sorted[i - 1]} and {sorted[i]} overlap.", "dailySlots");
        return sorted;
    }

    public static string Format(IEnumerable<TimeSlot> slots) => string.Join("; ", slots);
}
