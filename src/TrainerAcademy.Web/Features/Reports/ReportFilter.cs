using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Reports;

/// <summary>The filters as the pages' query string and the API take them: Beijing dates from/to, a center (admins), a level and a cohort.</summary>
public sealed record ReportQuery
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int? CenterId { get; init; }
    public int? Level { get; init; }
    public int? CohortId { get; init; }
}

/// <summary>A month of the report, in Beijing time.</summary>
public sealed record ReportMonth(int Index, int Year, int Month)
{
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}

/// <summary>
/// The filters resolved for one caller: dates defaulted and checked, a staff member held to their own center, the cohort
/// checked against the center, and the instants the Beijing dates and months begin at (the database compares instants, so
/// the range and month boundaries are index-friendly comparisons, never a date function of a column).
/// </summary>
public sealed record ReportFilter(DateOnly From, DateOnly To, int? CenterId, int? Level, int? CohortId, int? CohortLevel, IReadOnlyList<ReportMonth> Months)
{
    public const int MaxMonths = 36;

    /// <summary>The first instant of <see cref="From"/> and the first instant after <see cref="To"/>, Beijing time.</summary>
    public DateTimeOffset Start => AcademyTime.FromChina(From.ToDateTime(TimeOnly.MinValue));
    public DateTimeOffset End => AcademyTime.FromChina(To.AddDays(1).ToDateTime(TimeOnly.MinValue));

    /// <summary>The instants months 2..n begin at: a moment before the first of them is in month 0, and so on.</summary>
    public IReadOnlyList<DateTimeOffset> MonthBoundaries =>
        [.. Months.Skip(1).Select(m => AcademyTime.FromChina(new DateTime(m.Year, m.Month, 1, 0, 0, 0, DateTimeKind.Unspecified)))];

    /// <summary>
    /// The index of the month a moment falls in, as an expression the database evaluates (a CASE over the month boundaries),
    /// so counts are grouped by month in SQL on every provider, whatever it stores a date-time as.
    /// </summary>
    public Expression<Func<T, int>> MonthOf<T>(Expression<Func<T, DateTimeOffset?>> moment)
    {
        var bounds = MonthBoundaries;
        Expression body = Expression.Constant(bounds.Count);
        for (var i = bounds.Count - 1; i >= 0; i--)
            body = Expression.Condition(Expression.LessThan(moment.Body, Expression.Constant(bounds[i], typeof(DateTimeOffset?))), Expression.Constant(i), body);
        return Expression.Lambda<Func<T, int>>(body, moment.Parameters);
    }

    public string QueryString(int? centerOverride = null)
    {
        var parts = new List<string> { $"from={From:yyyy-MM-dd}", $"to={To:yyyy-MM-dd}" };
        if ((centerOverride ?? CenterId) is { } c) parts.Add(FormattableString.Invariant($"centerId={c}"));
        if (Level is { } l) parts.Add(FormattableString.Invariant($"level={l}"));
        if (CohortId is { } k) parts.Add(FormattableString.Invariant($"cohortId={k}"));
        return string.Join("&", parts);
    }
}

/// <summary>Resolves a <see cref="ReportQuery"/> for the caller: the one place the reports apply tenancy.</summary>
[FeatureService]
public sealed class ReportScope(AcademyDbContext db, CenterAccess access, TimeProvider clock)
{
    public async Task<ReportFilter> ResolveAsync(ReportQuery query, CancellationToken ct = default)
    {
        var today = clock.Today();
        var to = query.To ?? today;
        var from = query.From ?? new DateOnly(to.Year, to.Month, 1).AddMonths(-11);
        if (to < from) throw new RuleViolation("report.range", "The end date is on or after the start date.", "to");
        var months = new List<ReportMonth>();
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1))
            months.Add(new ReportMonth(months.Count, m.Year, m.Month));
        if (months.Count > ReportFilter.MaxMonths)
            throw new RuleViolation("report.range-too-long", $"A report covers at most {ReportFilter.MaxMonths} months.", "from");
        if (query.Level is { } level && level is < 1 or > 5)
            throw new RuleViolation("report.level", "The level is 1 to 5.", "level");

        // Staff see their own center only; naming another is answered as if it did not exist.
        var center = query.CenterId;
        if (access.ScopeCenterId is { } own)
        {
            if (center is { } asked && asked != own) throw new NotFoundException();
            center = own;
        }
        else if (center is { } c && !await db.Centers.AnyAsync(x => x.Id == c, ct)) throw new NotFoundException();

        int? cohortLevel = null;
        if (query.CohortId is { } cohortId)
        {
            var cohort = await (from k in db.Cohorts.AsNoTracking()
                                where k.Id == cohortId
                                join course in db.Courses on k.CourseId equals course.Id
                                select new { k.CenterId, course.Level }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
            if (center is { } c2 && cohort.CenterId != c2) throw new NotFoundException();
            cohortLevel = cohort.Level;
        }
        return new ReportFilter(from, to, center, query.Level, query.CohortId, cohortLevel, months);
    }
}
