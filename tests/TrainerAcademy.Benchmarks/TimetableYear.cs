using System.Diagnostics;
using System.Globalization;
using System.Text;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Tests.Domain.Scheduling;

namespace TrainerAcademy.Benchmarks;

/// <summary>
/// A year of weekend timetables for 500 cohorts across 20 centers, each checked against everything its center
/// already holds, on the seeded statutory calendar. Pure domain work: no database, no web.
/// </summary>
internal static class TimetableYear
{
    public static string Run(int runs)
    {
        var calendar = StatutoryCalendarSeed.ReadEmbedded().ToCalendar();
        var cold = Stopwatch.StartNew();
        var first = YearOfCohorts.Run(calendar);
        cold.Stop();

        var warm = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            YearOfCohorts.Run(calendar, seed: 2026 + i);
            warm.Add(sw.Elapsed.TotalMilliseconds);
        }
        warm.Sort();
        var median = warm[warm.Count / 2];

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, .NET {Environment.Version}; {runs} warm runs after one cold run.");
        sb.AppendLine();
        sb.AppendLine("| workload | cohorts | sessions | conflict reports (then regenerated) | cold ms | warm median ms | warm max ms | cohorts/s (warm) |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| one year, 20 centers | {first.Cohorts} | {first.Sessions:N0} | {first.ConflictReports} | {cold.Elapsed.TotalMilliseconds:N0} | {median:N1} | {warm[^1]:N1} | {first.Cohorts / (median / 1000):N0} |");
        return sb.ToString();
    }
}
