using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Tests.Domain.Practical;

namespace TrainerAcademy.Benchmarks;

/// <summary>
/// A skill session of 1,000 candidates: each paper drawn from the task pool (six platform-scored kinds, 100 points, a
/// box task of 3 images and a 40-record cleaning file per candidate), answered in full (the boxes and the cleaned file
/// right, one entity of two, transcripts with one slip), checked as the answer API checks each save, handed in and
/// scored. Pure domain work, the part of the grading job that does not wait for the database.
/// </summary>
internal static class SkillScoring
{
    private static readonly DateTimeOffset Now = new(2027, 3, 6, 1, 0, 0, TimeSpan.Zero);

    public static string Run(int candidates, int runs)
    {
        var pool = SkillPool.Pool();
        var blueprint = SkillPool.Blueprint();
        var session = new ExamSession(1, 3, 1, "三级技能考核", ExamMode.Online, null, ExamSession.MaxCapacity, Now.AddMinutes(-30), Now.AddHours(4),
            Now.AddDays(-1), true, Now.AddDays(-10), skillBlueprintId: 1);
        var registration = new ExamRegistration(session, "learner", "T1", new ApplicationDeclaration(4, null, true, false), "bench", Now.AddDays(-10));

        (double Draw, double Save, double Score, decimal Mean) Once()
        {
            var draw = Stopwatch.StartNew();
            var attempts = Enumerable.Range(0, candidates)
                .Select(i => new ExamAttempt(registration, session, blueprint, i, SkillPaper.Draw(blueprint, pool, i), Now)).ToList();
            draw.Stop();
            var save = Stopwatch.StartNew();
            foreach (var attempt in attempts)
            {
                foreach (var task in attempt.Tasks)
                    task.Record(attempt.SaveAnswer(task, Answer(task), 1, Now, TimeSpan.Zero));
                attempt.Submit(Now.AddMinutes(100), automatic: false);
            }
            save.Stop();
            var score = Stopwatch.StartNew();
            var total = attempts.Sum(a => a.GradeSkill(Now.AddMinutes(101)) ?? 0m);
            score.Stop();
            return (draw.Elapsed.TotalMilliseconds, save.Elapsed.TotalMilliseconds, score.Elapsed.TotalMilliseconds, total / candidates);
        }

        var cold = Once();
        var warm = Enumerable.Range(0, runs).Select(_ => Once()).OrderBy(r => r.Score).ToList();
        var median = warm[warm.Count / 2];
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, .NET {Environment.Version}; {runs} warm runs after one cold run, one thread.");
        sb.AppendLine();
        sb.AppendLine("| run | candidates | tasks | draw ms | check answers ms | score ms | papers scored/s | mean score |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, r) in new[] { ("cold", cold), ("warm median (by score ms)", median) })
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {candidates:N0} | {candidates * blueprint.TaskCount:N0} | {r.Draw:N0} | {r.Save:N0} | {r.Score:N0} | {candidates / (r.Score / 1000):N0} | {r.Mean:0.##} |");
        return sb.ToString();
    }

    private static JsonElement Answer(AttemptTask task)
    {
        object answer = task.Scoring switch
        {
            PracticalScoringKind.TextClassification => new Dictionary<string, string> { ["t1"] = "正面", ["t2"] = "负面" },
            PracticalScoringKind.EntitySpans => new[] { new { start = 0, end = 2, type = "人名" } },
            PracticalScoringKind.BoundingBoxes => task.Scenes().SelectMany(s => s.Objects.Select(o => new { image = s.Id, x = o.X, y = o.Y, width = o.Width, height = o.Height, label = o.Label })).ToArray(),
            PracticalScoringKind.Transcription => new Dictionary<string, string> { ["a1"] = "今天天汽很好", ["a2"] = "请于九点前到达考场" },
            PracticalScoringKind.DataCleaning => new { fileName = "clean.csv", csv = CleanCsv(task.Dataset()!) },
            _ => new { accuracy = 0.5, precision = 0.5, recall = 0.5, f1 = 0.5, confusionMatrix = new[] { new[] { 1, 1 }, new[] { 1, 1 } } },
        };
        return JsonSerializer.SerializeToElement(answer);
    }

    private static string CleanCsv(DirtyDataset dataset)
    {
        var csv = new StringBuilder(string.Join(",", dataset.Truth.Columns.Select(c => c.Name))).Append('\n');
        foreach (var record in dataset.Truth.Records) csv.Append(string.Join(",", record.Values)).Append('\n');
        return csv.ToString();
    }
}
