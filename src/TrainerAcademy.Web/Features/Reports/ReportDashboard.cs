using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;

namespace TrainerAcademy.Features.Reports;

public sealed record ReportStage(string Key, string Label, string HowCounted);

/// <summary>Counts of one row (a month, a cohort) at each stage, keyed as <see cref="FunnelReport.Stages"/>.</summary>
public sealed record FunnelRow(string Key, string Label, IReadOnlyDictionary<string, int> Counts)
{
    public int At(string stage) => Counts.TryGetValue(stage, out var n) ? n : 0;

    /// <summary>Passed of assessed, in percent with one decimal; null when nobody was assessed.</summary>
    public decimal? PassRate => Rate(At(FunnelReport.PassedStage), At(FunnelReport.AssessedStage));

    public static decimal? Rate(int part, int of) => of == 0 ? null : Math.Round(part * 100m / of, 1, MidpointRounding.AwayFromZero);
}

public sealed record FunnelReport(IReadOnlyList<ReportStage> Stages, IReadOnlyList<FunnelRow> Months, FunnelRow Total, IReadOnlyList<FunnelRow> Cohorts)
{
    public const string EnrolledStage = "enrolled";
    public const string CompleteStage = "trainingComplete";
    public const string AssessedStage = "assessed";
    public const string PassedStage = "passed";
    public const string CertifiedStage = "certified";
}

public sealed record PassRateRow(string Key, string Label, int Assessed, int Passed)
{
    public decimal? Rate => FunnelRow.Rate(Passed, Assessed);
}

public sealed record ResultsReport(PassRateRow Total, IReadOnlyList<PassRateRow> Months, IReadOnlyList<PassRateRow> Levels, IReadOnlyList<PassRateRow> Centers,
    IReadOnlyList<PassRateRow> WorkFunctions, IReadOnlyList<PassRateRow> Cohorts, IReadOnlyList<string> HowCounted);

public sealed record MoneyRow(string Key, string Label, IReadOnlyDictionary<string, decimal> Amounts, int Payments)
{
    public decimal At(string figure) => Amounts.TryGetValue(figure, out var n) ? n : 0m;

    /// <summary>Revenue less refunds.</summary>
    public decimal Net => At("revenue") - At("refunds");
}

public sealed record MoneyReport(IReadOnlyList<ReportStage> Figures, IReadOnlyList<MoneyRow> Months, MoneyRow Total, IReadOnlyList<MoneyRow> Centers);

/// <summary>
/// The dashboard's figures for a resolved filter: each a grouped query (GROUP BY month, cohort, level, center or work
/// function) that the database answers with one row per group; nothing is counted in memory but the few rows it returns.
/// </summary>
[FeatureService]
public sealed class ReportDashboard(AcademyDbContext db, ReportData data, ReportFigureSet figures, IStringLocalizer<SharedResource> L)
{
    public async Task<FunnelReport> FunnelAsync(ReportFilter f, CancellationToken ct = default)
    {
        var stages = new List<ReportStage>
        {
            new(FunnelReport.EnrolledStage, L["Places confirmed"], L["Enrolled: places confirmed (paid online, recorded as paid offline, or free) in the chosen dates, counted in the month of confirmation, including places cancelled or refunded later."]),
            new(FunnelReport.CompleteStage, L["Training complete"], L["Training complete: the place's attendance reached the completion share of the course's theory hours and of its practice hours (cancelled sessions do not count), as for exam registration."]),
            new(FunnelReport.AssessedStage, L["Assessed"], L["Assessed: the learner has a released result at the course's level whose outcome is decided (passed, or a part below its pass mark)."]),
            new(FunnelReport.PassedStage, L["Passed"], L["Passed: one of those results passed every part the level requires."]),
            new(FunnelReport.CertifiedStage, L["Certified"], L["Certified: the learner holds a valid certificate of that level (a re-issue counts, a revoked one does not). Each stage counts only places that reached the stages before it."]),
        };
        stages.AddRange(figures.LaterStages.Select(s => new ReportStage(s.Key, L[s.Label], L[s.HowCounted])));

        var places = data.Places(f);
        var byMonth = await places.GroupBy(f.MonthOf<FunnelPlace>(p => p.ConfirmedAt))
            .Select(g => new StageCounts
            {
                Key = g.Key, Enrolled = g.Count(), Complete = g.Sum(p => p.Complete ? 1 : 0), Assessed = g.Sum(p => p.Assessed ? 1 : 0),
                Passed = g.Sum(p => p.Passed ? 1 : 0), Certified = g.Sum(p => p.Certified ? 1 : 0),
            }).ToListAsync(ct);
        var byCohort = await places.GroupBy(p => p.CohortId)
            .Select(g => new StageCounts
            {
                Key = g.Key, Enrolled = g.Count(), Complete = g.Sum(p => p.Complete ? 1 : 0), Assessed = g.Sum(p => p.Assessed ? 1 : 0),
                Passed = g.Sum(p => p.Passed ? 1 : 0), Certified = g.Sum(p => p.Certified ? 1 : 0),
            }).ToListAsync(ct);

        var laterByMonth = new List<Dictionary<int, int>>();
        var laterByCohort = new List<Dictionary<int, int>>();
        foreach (var stage in figures.LaterStages)
        {
            var reached = stage.Reached(places.Where(p => p.Certified));
            laterByMonth.Add(await reached.GroupBy(f.MonthOf<FunnelPlace>(p => p.ConfirmedAt)).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct));
            laterByCohort.Add(await reached.GroupBy(p => p.CohortId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct));
        }

        Dictionary<string, int> Counts(StageCounts? c, int key, List<Dictionary<int, int>> later)
        {
            var counts = new Dictionary<string, int>
            {
                [FunnelReport.EnrolledStage] = c?.Enrolled ?? 0, [FunnelReport.CompleteStage] = c?.Complete ?? 0,
                [FunnelReport.AssessedStage] = c?.Assessed ?? 0, [FunnelReport.PassedStage] = c?.Passed ?? 0,
                [FunnelReport.CertifiedStage] = c?.Certified ?? 0,
            };
            for (var i = 0; i < later.Count; i++) counts[figures.LaterStages[i].Key] = later[i].GetValueOrDefault(key);
            return counts;
        }

        var months = f.Months.Select(m => new FunnelRow(m.Label, m.Label, Counts(byMonth.SingleOrDefault(x => x.Key == m.Index), m.Index, laterByMonth))).ToList();
        var total = new FunnelRow("total", L["Total"], stages.ToDictionary(s => s.Key, s => months.Sum(m => m.At(s.Key))));
        var names = await CohortNamesAsync(byCohort.Select(c => c.Key).ToList(), ct);
        var cohorts = byCohort.OrderBy(c => names.GetValueOrDefault(c.Key, ""), StringComparer.Ordinal).ThenBy(c => c.Key)
            .Select(c => new FunnelRow(c.Key.ToString(CultureInfo.InvariantCulture), names.GetValueOrDefault(c.Key, "#" + c.Key), Counts(c, c.Key, laterByCohort)))
            .ToList();
        return new FunnelReport(stages, months, total, cohorts);
    }

    public async Task<ResultsReport> ResultsAsync(ReportFilter f, CancellationToken ct = default, FunnelReport? funnel = null)
    {
        var results = data.Results(f);
        var byMonth = await results.GroupBy(f.MonthOf<DecidedResult>(r => r.ReleasedAt))
            .Select(g => new { g.Key, Assessed = g.Count(), Passed = g.Sum(r => r.Passed ? 1 : 0) }).ToListAsync(ct);
        var byLevel = await results.GroupBy(r => r.Level)
            .Select(g => new { g.Key, Assessed = g.Count(), Passed = g.Sum(r => r.Passed ? 1 : 0) }).ToListAsync(ct);
        var byCenter = await results.GroupBy(r => r.CenterId)
            .Select(g => new { g.Key, Assessed = g.Count(), Passed = g.Sum(r => r.Passed ? 1 : 0) }).ToListAsync(ct);

        // A work function of a candidate's theory paper is passed when the points earned in it reach the paper's pass share
        // (pass mark out of 100) of the points its items carry on that paper: grouped by paper and work function, then by work function.
        var perPaper =
            from x in results
            join a in db.ExamAttempts on x.RegistrationId equals a.RegistrationId
            where a.Component == AssessmentComponent.Theory && a.Status == AttemptStatus.Graded
            join i in db.AttemptItems on a.Id equals i.AttemptId
            group new { i.Points, Awarded = i.Awarded ?? 0m, a.PassMark } by new { a.Id, i.WorkFunctionCode } into g
            select new { g.Key.WorkFunctionCode, Passed = g.Sum(i => i.Awarded) * 100m >= g.Sum(i => i.Points) * g.Max(i => i.PassMark) ? 1 : 0 };
        var byWorkFunction = await perPaper.GroupBy(x => x.WorkFunctionCode)
            .Select(g => new { g.Key, Assessed = g.Count(), Passed = g.Sum(x => x.Passed) }).ToListAsync(ct);

        var levelNames = await db.SkillLevels.AsNoTracking().ToDictionaryAsync(l => l.Level, l => l.Name, ct);
        var centerNames = await CenterNamesAsync(byCenter.Select(c => c.Key).ToList(), ct);
        var workFunctionNames = await db.WorkFunctions.AsNoTracking().ToDictionaryAsync(w => w.Code, w => w.Name, ct);

        var months = f.Months.Select(m => byMonth.SingleOrDefault(x => x.Key == m.Index) is { } r
            ? new PassRateRow(m.Label, m.Label, r.Assessed, r.Passed) : new PassRateRow(m.Label, m.Label, 0, 0)).ToList();
        funnel ??= await FunnelAsync(f, ct);
        return new ResultsReport(
            new PassRateRow("total", L["Total"], months.Sum(m => m.Assessed), months.Sum(m => m.Passed)),
            months,
            [.. byLevel.OrderByDescending(x => x.Key).Select(x => new PassRateRow(x.Key.ToString(CultureInfo.InvariantCulture), levelNames.GetValueOrDefault(x.Key, x.Key.ToString(CultureInfo.InvariantCulture)), x.Assessed, x.Passed))],
            [.. byCenter.OrderBy(x => centerNames.GetValueOrDefault(x.Key, ""), StringComparer.Ordinal).Select(x => new PassRateRow(x.Key.ToString(CultureInfo.InvariantCulture), centerNames.GetValueOrDefault(x.Key, "#" + x.Key), x.Assessed, x.Passed))],
            [.. byWorkFunction.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => new PassRateRow(x.Key, workFunctionNames.GetValueOrDefault(x.Key, x.Key), x.Assessed, x.Passed))],
            [.. funnel.Cohorts.Select(c => new PassRateRow(c.Key, c.Label, c.At(FunnelReport.AssessedStage), c.At(FunnelReport.PassedStage)))],
            [
                L["Pass rate by month, level and center: results released in the chosen dates (by the month of release, the session's level and center) whose outcome is decided; passed of those."],
                L["By cohort: of the cohort's places confirmed in the chosen dates, those whose learner was assessed at the course's level, and those who passed (at any sitting)."],
                L["By work function: the theory papers of those results; a work function is passed when the points earned in it reach the paper's pass share of its points."],
            ]);
    }

    public async Task<MoneyReport> MoneyAsync(ReportFilter f, CancellationToken ct = default)
    {
        var money = figures.Money;
        var byMonth = new List<Dictionary<int, (decimal Sum, int Count)>>();
        var byCenter = new List<Dictionary<int, (decimal Sum, int Count)>>();
        foreach (var figure in money)
        {
            var items = figure.Items(f);
            byMonth.Add((await items.GroupBy(f.MonthOf<MoneyItem>(i => i.At)).Select(g => new { g.Key, Sum = g.Sum(i => i.Amount), Count = g.Count() }).ToListAsync(ct))
                .ToDictionary(x => x.Key, x => (x.Sum, x.Count)));
            byCenter.Add((await items.GroupBy(i => i.CenterId).Select(g => new { g.Key, Sum = g.Sum(i => i.Amount), Count = g.Count() }).ToListAsync(ct))
                .ToDictionary(x => x.Key, x => (x.Sum, x.Count)));
        }
        MoneyRow Row(string key, string label, int group, List<Dictionary<int, (decimal Sum, int Count)>> sums) =>
            new(key, label, money.Select((m, i) => (m.Key, sums[i].GetValueOrDefault(group).Sum)).ToDictionary(x => x.Key, x => x.Sum),
                sums[0].GetValueOrDefault(group).Count);
        var months = f.Months.Select(m => Row(m.Label, m.Label, m.Index, byMonth)).ToList();
        var total = new MoneyRow("total", L["Total"], money.ToDictionary(m => m.Key, m => months.Sum(r => r.At(m.Key))), months.Sum(r => r.Payments));
        var centerIds = byCenter.SelectMany(d => d.Keys).Distinct().ToList();
        var names = await CenterNamesAsync(centerIds, ct);
        var centers = centerIds.OrderBy(id => names.GetValueOrDefault(id, ""), StringComparer.Ordinal)
            .Select(id => Row(id.ToString(CultureInfo.InvariantCulture), names.GetValueOrDefault(id, "#" + id), id, byCenter)).ToList();
        return new MoneyReport([.. money.Select(m => new ReportStage(m.Key, L[m.Label], L[m.HowCounted]))], months, total, centers);
    }

    private async Task<Dictionary<int, string>> CenterNamesAsync(List<int> ids, CancellationToken ct) =>
        await db.Centers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

    private async Task<Dictionary<int, string>> CohortNamesAsync(List<int> ids, CancellationToken ct) =>
        (await (from k in db.Cohorts.AsNoTracking()
                where ids.Contains(k.Id)
                join c in db.Courses on k.CourseId equals c.Id
                select new { k.Id, c.Title, k.StartsOn }).ToListAsync(ct))
        .ToDictionary(x => x.Id, x => $"{x.Title} · {x.StartsOn:yyyy-MM-dd}");

    private sealed class StageCounts
    {
        public int Key { get; init; }
        public int Enrolled { get; init; }
        public int Complete { get; init; }
        public int Assessed { get; init; }
        public int Passed { get; init; }
        public int Certified { get; init; }
    }
}
