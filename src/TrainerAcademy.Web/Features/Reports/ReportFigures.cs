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
public sealed class ReportFigureSet(Revenue revenue, Refunds refunds, SubsidiesPaid subsidiesPaid, SubsidyClaimed subsidyClaimed)
{
    public IReadOnlyList<IMoneyFigure> Money => [revenue, refunds, subsidiesPaid];

    public IReadOnlyList<IFunnelStage> LaterStages => [subsidyClaimed];
}

/// <summary>A certified place whose holder has claimed the skill-upgrading subsidy for a certificate of the place's level.</summary>
[FeatureService]
public sealed class SubsidyClaimed(AcademyDbContext db) : IFunnelStage
{
    public string Key => "subsidy-claimed";
    public string Label => "Subsidy claimed";
    public string HowCounted => "Subsidy claimed: the certified learner has applied for the skill-upgrading subsidy with a certificate of that level, whatever the claim's outcome.";

    public IQueryable<FunnelPlace> Reached(IQueryable<FunnelPlace> certified) =>
        certified.Where(p => db.SubsidyApplications.Any(a => a.LearnerId == p.LearnerId && a.Level == p.Level));
}

/// <summary>Subsidies paid out: claims in batches marked paid, by the Beijing day the batch was paid, at the certificate's center.</summary>
[FeatureService]
public sealed class SubsidiesPaid(AcademyDbContext db) : IMoneyFigure
{
    public string Key => "subsidies";
    public string Label => "Subsidies paid";
    public string HowCounted => "Subsidies paid: the amounts of approved claims in batches marked paid to learners, in the month the batch was paid, at the center that issued the certificate.";

    public IQueryable<MoneyItem> Items(ReportFilter f)
    {
        var (start, end) = (f.Start, f.End);
        var rows =
            from a in db.SubsidyApplications
            where a.Status == Domain.Subsidies.SubsidyApplicationStatus.Paid
            join b in db.SubsidyBatches on a.BatchId equals b.Id
            where b.PaidAt >= start && b.PaidAt < end
            join c in db.Certificates on a.CertificateId equals c.Id
            select new { a, c.CenterId, b.PaidAt };
        if (f.CenterId is { } center) rows = rows.Where(r => r.CenterId == center);
        if (f.Level is { } level) rows = rows.Where(r => r.a.Level == level);
        if (f.CohortId is { } cohort) rows = rows.Where(r => db.Enrollments.Any(e => e.LearnerId == r.a.LearnerId && e.CohortId == cohort));
        return rows.Select(r => new MoneyItem { CenterId = r.CenterId, At = r.PaidAt, Amount = r.a.Amount });
    }
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
