using TrainerAcademy.Data;
using TrainerAcademy.Domain;

namespace TrainerAcademy.Features.Reports;

/// <summary>A row a money figure sums: the center it belongs to, the moment that dates it, and the amount in CNY.</summary>
public sealed class MoneyItem
{
    public int CenterId { get; init; }
    public DateTimeOffset? At { get; init; }
    public decimal Amount { get; init; }
}

/// <summary>
/// One money figure of the dashboard (revenue, refunds; subsidy amounts join as one more class): the rows it sums for a
/// filter. The dashboard groups them by month and by center in the database.
/// </summary>
public interface IMoneyFigure
{
    /// <summary>The figure's key in the API and the exports (<c>revenue</c>).</summary>
    string Key { get; }

    /// <summary>Its name, a localizer key.</summary>
    string Label { get; }

    /// <summary>How it is counted, a localizer key; shown on the page.</summary>
    string HowCounted { get; }

    IQueryable<MoneyItem> Items(ReportFilter filter);
}

/// <summary>
/// A stage of the funnel after the certificate (the subsidy claimed joins as one): the certified places that reached it,
/// as a condition on the feature's own table. The dashboard counts them by month and by cohort.
/// </summary>
public interface IFunnelStage
{
    string Key { get; }

    string Label { get; }

    string HowCounted { get; }

    IQueryable<FunnelPlace> Reached(IQueryable<FunnelPlace> certified);
}

/// <summary>The figures the dashboard shows, in order: a new figure is one class added here.</summary>
[FeatureService]
public sealed class ReportFigureSet(Revenue revenue, Refunds refunds)
{
    public IReadOnlyList<IMoneyFigure> Money => [revenue, refunds];

    public IReadOnlyList<IFunnelStage> LaterStages => [];
}

/// <summary>Money received: payments that succeeded (online or recorded offline), by the Beijing day they were paid.</summary>
[FeatureService]
public sealed class Revenue(AcademyDbContext db) : IMoneyFigure
{
    public string Key => "revenue";
    public string Label => "Revenue";
    public string HowCounted => "Revenue: every payment that succeeded (online or recorded offline), in the month it was paid. A payment that did not match the price is refunded in full and is in neither figure.";

    public IQueryable<MoneyItem> Items(ReportFilter filter) =>
        Payments.Of(db, filter).Select(p => new MoneyItem { CenterId = p.CenterId, At = p.PaidAt, Amount = p.Amount });
}

/// <summary>Money returned of those payments so far (Stripe's refunded total, dashboard refunds included), dated by the payment.</summary>
[FeatureService]
public sealed class Refunds(AcademyDbContext db) : IMoneyFigure
{
    public string Key => "refunds";
    public string Label => "Refunds";
    public string HowCounted => "Refunds: what has been returned of those payments so far, as Stripe reports it (refunds made in Stripe's dashboard included), in the month of the payment; offline payments are refunded outside the platform.";

    public IQueryable<MoneyItem> Items(ReportFilter filter) =>
        Payments.Of(db, filter).Where(p => p.RefundedAmount > 0).Select(p => new MoneyItem { CenterId = p.CenterId, At = p.PaidAt, Amount = p.RefundedAmount });
}

internal static class Payments
{
    /// <summary>Succeeded payments paid in the filter's dates, of its center, and of places in its level and cohort.</summary>
    public static IQueryable<Payment> Of(AcademyDbContext db, ReportFilter f)
    {
        var (start, end) = (f.Start, f.End);
        var payments = db.Payments.Where(p => p.Status == PaymentStatus.Succeeded && p.PaidAt >= start && p.PaidAt < end);
        if (f.CenterId is { } center) payments = payments.Where(p => p.CenterId == center);
        if (f.CohortId is { } cohort)
            payments = payments.Where(p => db.Enrollments.Any(e => e.Id == p.EnrollmentId && e.CohortId == cohort));
        if (f.Level is { } level)
            payments = payments.Where(p => (from e in db.Enrollments
                                            where e.Id == p.EnrollmentId
                                            join k in db.Cohorts on e.CohortId equals k.Id
                                            join c in db.Courses on k.CourseId equals c.Id
                                            select c.Level).Any(l => l == level));
        return payments;
    }
}
