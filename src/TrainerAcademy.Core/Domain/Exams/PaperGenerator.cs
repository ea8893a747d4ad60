namespace TrainerAcademy.Domain.Exams;

/// <summary>
/// Draws a candidate's paper from a blueprint: for each line, that many distinct questions at random from the
/// line's stratum (work function × type), then the options of every choice item shuffled. Everything comes from
/// one seeded generator over the pool in id order, so the same seed and bank give the same paper.
/// Items are numbered true-false first, then single, then multiple choice, as printed papers are.
/// </summary>
public static class PaperGenerator
{
    public static IReadOnlyList<AttemptItem> Draw(ExamBlueprint blueprint, IEnumerable<BankEntry> pool, int seed)
    {
        var strata = pool
            .GroupBy(e => (e.WorkFunctionCode, e.Version.Type))
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Version.Id).ToArray());
        var shortfalls = blueprint.Shortfalls(strata.ToDictionary(p => p.Key, p => p.Value.Length));
        if (shortfalls.Count > 0)
            throw new BlueprintCannotBeFilled(shortfalls);

        var random = new Random(seed);
        var drawn = new List<(BlueprintLine Line, BankEntry Entry, string Order)>();
        foreach (var line in blueprint.Lines.OrderBy(l => l.Type).ThenBy(l => l.WorkFunctionCode, StringComparer.Ordinal))
        {
            var stratum = strata[(line.WorkFunctionCode, line.Type)].ToArray();
            random.Shuffle(stratum);
            foreach (var entry in stratum.Take(line.Count))
                drawn.Add((line, entry, OptionOrder(entry.Version, random)));
        }

        // Within a type, items of different work functions are mixed, still from the same seed.
        var ordered = drawn
            .GroupBy(d => d.Line.Type)
            .OrderBy(g => g.Key)
            .SelectMany(g =>
            {
                var items = g.ToArray();
                random.Shuffle(items);
                return items;
            });
        return [.. ordered.Select((d, i) => new AttemptItem(i + 1, d.Entry.Version, d.Line.WorkFunctionCode, d.Order, d.Line.Points))];
    }

    private static string OptionOrder(QuestionVersion version, Random random)
    {
        if (version.Type == QuestionType.TrueFalse) return "";
        var order = Enumerable.Range(0, version.Options.Count).ToArray();
        random.Shuffle(order);
        return string.Concat(order);
    }
}

/// <summary>A question's current version available to papers, with the work function it counts under.</summary>
public sealed record BankEntry(QuestionVersion Version, string WorkFunctionCode);

/// <summary>
/// The bank holds too few questions for a blueprint. Where a blueprint is saved the refusal names each short stratum, so
/// the saver carries the work functions' names (<see cref="WorkFunctionNames"/>) and nothing has to read them again to
/// word the refusal; drawing a paper carries none and is refused in short.
/// </summary>
public sealed class BlueprintCannotBeFilled(IReadOnlyList<BlueprintShortfall> shortfalls, IReadOnlyDictionary<string, string>? workFunctionNames = null)
    : RuleViolation("blueprint.bank-short",
        "The question bank cannot fill this blueprint: " + string.Join("; ", shortfalls.Select(s => $"{s.WorkFunctionCode} {s.Type}: {s.Available} of {s.Needed}")) + ".",
        "lines")
{
    public IReadOnlyList<BlueprintShortfall> Shortfalls { get; } = shortfalls;

    /// <summary>Work function names by code, or null when the refusal is not to name the strata.</summary>
    public IReadOnlyDictionary<string, string>? WorkFunctionNames { get; } = workFunctionNames;
}
