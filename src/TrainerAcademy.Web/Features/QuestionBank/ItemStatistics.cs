using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;

namespace TrainerAcademy.Features.QuestionBank;

/// <summary>
/// How one question version behaved on graded papers. <see cref="Difficulty"/> is the difficulty index p, the share
/// of candidates who answered it correctly. <see cref="Discrimination"/> is the point-biserial correlation between
/// answering it correctly and the paper's total score (null when it cannot be computed: fewer than two candidates,
/// everyone right or everyone wrong, or all totals equal).
/// </summary>
public sealed record ItemStatistic(int QuestionId, string Code, int VersionId, int Version, int Level, string WorkFunctionCode, QuestionType Type,
    int TimesUsed, int Correct, double Difficulty, double? Discrimination, IReadOnlyList<string> Flags);

public static class ItemStatistics
{
    public const double TooHard = 0.2, TooEasy = 0.95, LowDiscrimination = 0.2;

    public const string FlagHard = "too-hard", FlagEasy = "too-easy", FlagLowDiscrimination = "low-discrimination";

    public sealed class Handler(AcademyDbContext db)
    {
        public async Task<IReadOnlyList<ItemStatistic>> ComputeAsync(int? level, int? sessionId, CancellationToken ct = default)
        {
            var rows = await (
                    from i in db.AttemptItems
                    join a in db.ExamAttempts on i.AttemptId equals a.Id
                    join v in db.QuestionVersions on i.QuestionVersionId equals v.Id
                    join q in db.Questions on v.QuestionId equals q.Id
                    where a.Status == AttemptStatus.Graded
                          && (sessionId == null || a.SessionId == sessionId)
                          && (level == null || q.Level == level)
                    select new { i.AttemptId, i.Correct, a.Score, QuestionId = q.Id, q.Code, q.Level, q.WorkFunctionCode, VersionId = v.Id, v.Number, v.Type })
                .AsNoTracking()
                .ToListAsync(ct);

            return [.. rows
                .GroupBy(r => r.VersionId)
                .Select(g =>
                {
                    var first = g.First();
                    var answers = g.Select(r => (Correct: r.Correct == true, Score: (double)(r.Score ?? 0m))).ToList();
                    var correct = answers.Count(a => a.Correct);
                    var p = (double)correct / answers.Count;
                    var r = PointBiserial(answers);
                    var flags = new List<string>();
                    if (p < TooHard) flags.Add(FlagHard);
                    if (p > TooEasy) flags.Add(FlagEasy);
                    if (r < LowDiscrimination) flags.Add(FlagLowDiscrimination);
                    return new ItemStatistic(first.QuestionId, first.Code, first.VersionId, first.Number, first.Level, first.WorkFunctionCode, first.Type,
                        answers.Count, correct, Math.Round(p, 4), r is { } d ? Math.Round(d, 4) : null, flags);
                })
                .OrderBy(s => s.Level).ThenBy(s => s.Code, StringComparer.Ordinal).ThenBy(s => s.Version)];
        }
    }

    /// <summary>r = (M₁ − M₀) / s · √(p·q), with s the population standard deviation of all totals.</summary>
    public static double? PointBiserial(IReadOnlyList<(bool Correct, double Score)> answers)
    {
        var n = answers.Count;
        var right = answers.Where(a => a.Correct).Select(a => a.Score).ToList();
        var wrong = answers.Where(a => !a.Correct).Select(a => a.Score).ToList();
        if (n < 2 || right.Count == 0 || wrong.Count == 0) return null;
        var mean = answers.Average(a => a.Score);
        var sd = Math.Sqrt(answers.Sum(a => (a.Score - mean) * (a.Score - mean)) / n);
        if (sd == 0) return null;
        var p = (double)right.Count / n;
        return (right.Average() - wrong.Average()) / sd * Math.Sqrt(p * (1 - p));
    }
}
