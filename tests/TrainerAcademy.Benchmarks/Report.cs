using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace TrainerAcademy.Benchmarks;

internal static class Report
{
    public static string Markdown(BenchOptions options, IReadOnlyList<LoadResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; " +
            $"provider {options.Provider}; {options.Connections} connections, closed loop, {options.Seconds} s per row after a 2 s warm-up; the load generator shares the cores with the server.");
        sb.AppendLine();
        sb.AppendLine("| scenario | requests/s | p50 ms | p95 ms | p99 ms | errors |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.RequestsPerSecond:N0} | {r.P50:N1} | {r.P95:N1} | {r.P99:N1} | {r.Errors} |");
        return sb.ToString();
    }

    /// <summary>Replaces the section between this provider's markers in the report file, leaving the rest as written.</summary>
    public static void WriteSection(string path, string key, string body)
    {
        var begin = $"<!-- {key}:begin -->";
        var end = $"<!-- {key}:end -->";
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        var block = $"{begin}\n{body}{end}";
        var i = text.IndexOf(begin, StringComparison.Ordinal);
        var j = text.IndexOf(end, StringComparison.Ordinal);
        text = i >= 0 && j > i ? text[..i] + block + text[(j + end.Length)..] : text.TrimEnd() + "\n\n" + block + "\n";
        File.WriteAllText(path, text);
    }
}
