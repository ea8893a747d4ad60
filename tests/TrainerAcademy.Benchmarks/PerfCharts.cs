using System.Globalization;
using CsvHelper;
using TrainerAcademy.Features.Reports;

namespace TrainerAcademy.Benchmarks;

/// <summary>
/// The raw benchmark results kept as CSV in <c>docs/perf</c>, and the charts drawn from them as SVG beside them, with the
/// platform's own chart component (<see cref="SvgChart"/>):
/// <code>dotnet run -c Release --project tests/TrainerAcademy.Benchmarks -- --charts docs/perf</code>
/// The exam-day harness appends its phases to <c>exam-day.csv</c> whenever it writes its report (<c>--write</c>).
/// </summary>
internal static class PerfCharts
{
    public const string ExamDayFile = "exam-day.csv";

    // The phases the exam-day charts read, by the start of their names in exam-day.csv.
    private const string StartPhase = "exam: start";
    private const string SavePhase = "exam: save answers for";
    private const string CeilingPhase = "exam: save answers for 10 s, no think";
    private const string B1Phase = "baseline: one INSERT per request through HTTP (B1)";

    private static readonly string[] ExamDayColumns =
        ["measured_on", "machine", "provider", "database", "candidates", "generator", "command", "phase", "concurrency", "requests",
         "per_second", "p50_ms", "p95_ms", "p99_ms", "max_ms", "outcomes", "collector"];

    /// <summary>Appends one exam-day run, a row per phase, to <c>exam-day.csv</c> in <paramref name="folder"/>.</summary>
    public static void AppendExamDay(string folder, BenchOptions options, ExamDay.Outcome o, string command, DateTimeOffset measuredAt)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, ExamDayFile);
        var fresh = !File.Exists(path) || new FileInfo(path).Length == 0;
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions());
        if (fresh) csv.WriteRecord(ExamDayColumns);
        var date = measuredAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var machine = ExamDay.Machine().Split(", Debian")[0];
        string N(double v, string format = "0.#") => v.ToString(format, CultureInfo.InvariantCulture);
        foreach (var (label, p) in o.Phases)
        {
            csv.WriteRecord(
            [
                date, machine, options.Provider.ToString(), o.Settings, options.Candidates.ToString(CultureInfo.InvariantCulture), options.Generator, command,
                $"{label}: {p.Name}", p.Concurrency.ToString(CultureInfo.InvariantCulture), p.Requests.ToString(CultureInfo.InvariantCulture),
                N(p.PerSecond, "0"), N(p.P50), N(p.P95), N(p.P99), N(p.Max, "0"), p.StatusText,
                System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            ]);
        }
    }

    /// <summary>Draws every chart whose CSV is in <paramref name="folder"/>. Returns the process exit code.</summary>
    public static int Render(string folder)
    {
        var drawn = 0;
        if (Read(folder, ExamDayFile) is { } exam)
        {
            // Runs are compared on one machine only: the charts show the runs made on the machine of the newest one.
            var machine = exam[^1]["machine"];
            // One category per run: the phases of a run share its date, provider, candidates, generator, command and collector.
            var runs = exam.Where(r => r["machine"] == machine)
                .GroupBy(r => (r["measured_on"], r["provider"], r["candidates"], r["generator"], r["command"], r.GetValueOrDefault("collector"))).ToList();
            var names = Numbered(runs.Select(g => RunName(g.First())).ToList());
            decimal Phase(IEnumerable<Dictionary<string, string>> run, string prefix, string column) =>
                Decimal(run.FirstOrDefault(r => r["phase"].StartsWith(prefix, StringComparison.Ordinal))?[column]);
            Write(folder, "exam-day-p99", SvgChart.Bars("exam-day-p99", "Exam day: p99 of starts and saves (s; goals 1 and 0.1)", names,
            [
                new ChartSeries("start p99", runs.Select(g => Seconds(Phase(g, StartPhase, "p99_ms"))).ToList()),
                new ChartSeries("save p99 (think time)", runs.Select(g => Seconds(Phase(g, SavePhase, "p99_ms"))).ToList()),
            ], " s"));
            Write(folder, "exam-day-saves", SvgChart.Bars("exam-day-saves", "Exam day: saves per second", names,
            [
                new ChartSeries("with think time", runs.Select(g => Phase(g, SavePhase, "per_second")).ToList()),
                new ChartSeries("no think time (ceiling)", runs.Select(g => Phase(g, CeilingPhase, "per_second")).ToList()),
            ], "/s"));
            // The ceiling against B1, for the runs that measured B1 (goal: at least half).
            var withB1 = runs.Where(g => Phase(g, B1Phase, "per_second") > 0).ToList();
            Write(folder, "exam-day-b1", SvgChart.Bars("exam-day-b1", "Save ceiling against B1, one insert per request (per second; goal ≥ half)",
                Numbered(withB1.Select(g => RunName(g.First())).ToList()),
            [
                new ChartSeries("B1", withB1.Select(g => Phase(g, B1Phase, "per_second")).ToList()),
                new ChartSeries("save ceiling", withB1.Select(g => Phase(g, CeilingPhase, "per_second")).ToList()),
            ], "/s"));
            drawn += 3;
        }
        if (Read(folder, "start-storm.csv") is { } storm)
        {
            var names = storm.Select(r => $"{int.Parse(r["candidates"], CultureInfo.InvariantCulture):N0}, " +
                r["papers"].Replace(" (--prepare no)", "", StringComparison.Ordinal).Replace("read ", "", StringComparison.Ordinal)
                    .Replace(" at the start", "", StringComparison.Ordinal)).ToList();
            Write(folder, "start-storm", SvgChart.Bars("start-storm", "Start storm over 10 s, SQLite: start p50 and p99 (s)", names,
            [
                new ChartSeries("p50", storm.Select(r => Decimal(r["start_p50_s"])).ToList()),
                new ChartSeries("p99", storm.Select(r => Decimal(r["start_p99_s"])).ToList()),
            ], " s"));
            drawn++;
        }
        if (Read(folder, "enrollment-rush.csv") is { } rush)
        {
            var rushes = rush.Select(r => r["rush"]).Distinct().ToList();
            Write(folder, "enrollment-rush", SvgChart.Bars("enrollment-rush", "Enrollment rush, 1,000 learners: p99 in ms (goal 200)",
                rushes.Select(r => r.Split(", ", 2)[^1]).ToList(),
                // A series per database, day and collector, so a change shows beside the runs before it.
                rush.GroupBy(r => (r["provider"], r["measured_on"], r.GetValueOrDefault("collector"))).Select(g => new ChartSeries(
                    $"{(g.Key.Item1 == "PostgreSql" ? "PG" : "SQLite")} {g.Key.Item2[5..]}{(g.Key.Item3 == "server" ? " server GC" : "")}",
                    rushes.Select(c => Decimal(g.LastOrDefault(r => r["rush"] == c)?["p99_ms"])).ToList())).ToList()));
            drawn++;
        }
        if (Read(folder, "certificates.csv") is { } certificates)
        {
            var runs = certificates.Select(r => r["run"]).Distinct().ToList();
            Write(folder, "certificates", SvgChart.Bars("certificates", "Certificates per second per core (goal 150)",
                runs.Select(Short).ToList(), ByProvider(certificates, "run", runs, "per_second_per_core")));
            drawn++;
        }
        if (Read(folder, "catalog.csv") is { } catalog)
        {
            // B0 answers two orders of magnitude faster than any page: it is left out of the chart, not the CSV.
            var pages = catalog.Where(r => !r["scenario"].StartsWith("B0", StringComparison.Ordinal)).ToList();
            var scenarios = pages.Select(r => r["scenario"]).Distinct().ToList();
            Write(folder, "catalog", SvgChart.Bars("catalog", "Catalog reads, 32 connections: requests per second",
                scenarios.Select(x => x.Split(" (", 2)[0]).ToList(), ByProvider(pages, "scenario", scenarios, "per_second")));
            drawn++;
        }
        if (Read(folder, "reports-dashboard.csv") is { } reports)
        {
            var figures = reports.Select(r => r["figure"]).Distinct().ToList();
            Write(folder, "reports-dashboard", SvgChart.Bars("reports-dashboard", "Reports at 100,000 places, every center: warm median (s)",
                figures, ByProvider(reports, "figure", figures, "warm_median_s"), " s"));
            drawn++;
        }
        Console.WriteLine($"{drawn} charts drawn in {folder}");
        return drawn > 0 ? 0 : 1;
    }

    /// <summary>One series per database: its <paramref name="value"/> for each category (the rows' <paramref name="key"/> column).</summary>
    private static List<ChartSeries> ByProvider(List<Dictionary<string, string>> rows, string key, IReadOnlyList<string> categories, string value) =>
        rows.GroupBy(r => r["provider"]).Select(g => new ChartSeries(g.Key == "PostgreSql" ? "PostgreSQL" : "SQLite",
            categories.Select(c => Decimal(g.FirstOrDefault(r => r[key] == c)?[value])).ToList())).ToList();

    /// <summary>
    /// "16,300 SQLite*": candidates, database (PG durable or with fsync off), a star when the load generator ran in the
    /// server's process, and "sGC" when the server ran with server GC (the platform's collector; earlier runs had the
    /// workstation one).
    /// </summary>
    private static string RunName(Dictionary<string, string> r)
    {
        var provider = r["provider"] == "PostgreSql"
            ? r["database"].Contains("fsync=on", StringComparison.Ordinal) ? "PG durable" : "PG no fsync"
            : "SQLite";
        var generator = r["generator"] == "process" ? "" : "*";
        var collector = r.GetValueOrDefault("collector") == "server" ? " sGC" : "";
        return $"{int.Parse(r["candidates"], CultureInfo.InvariantCulture):N0} {provider}{generator}{collector}";
    }

    /// <summary>Runs of the same name told apart by their order, oldest first: "300 SQLite #1", "300 SQLite #2".</summary>
    private static List<string> Numbered(List<string> names)
    {
        var seen = new Dictionary<string, int>();
        return names.Select(n => names.Count(m => m == n) == 1 ? n : $"{n} #{seen[n] = seen.GetValueOrDefault(n) + 1}").ToList();
    }

    /// <summary>A label up to its colon, and up to its first comma when still long, so it fits under its bar.</summary>
    private static string Short(string label)
    {
        var head = label.Split(':', 2)[0].Trim();
        return head.Length > 26 ? head.Split(',', 2)[0].Trim() : head;
    }

    private static decimal Seconds(decimal milliseconds) => Math.Round(milliseconds / 1000, 2);

    private static decimal Decimal(string? value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : 0;

    private static List<Dictionary<string, string>>? Read(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path)) return null;
        using var csv = CsvReader.FromText(File.ReadAllText(path), new CsvReaderOptions { Separator = ',', MalformedData = CsvMalformedDataHandling.Throw });
        csv.ReadHeader();
        var header = csv.Headers ?? [];
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
            rows.Add(header.Select((h, i) => (h, v: i < csv.FieldCount ? csv.GetString(i) ?? "" : "")).ToDictionary(x => x.h, x => x.v));
        return rows;
    }

    private static void Write(string folder, string name, Microsoft.AspNetCore.Html.IHtmlContent svg)
    {
        var path = Path.Combine(folder, name + ".svg");
        File.WriteAllText(path, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg + "\n");
        Console.WriteLine(path);
    }
}
