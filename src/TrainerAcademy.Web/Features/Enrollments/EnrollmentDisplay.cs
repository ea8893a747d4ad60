using System.Globalization;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Enrollments;

/// <summary>How the enrollment pages write times and money: China's wall clock and yuan, whatever the server's zone and culture.</summary>
public static class EnrollmentDisplay
{
    public static string ChinaTime(DateTimeOffset moment) =>
        moment.InChina().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Yuan(Money money) => "¥" + money.Amount.ToString("N2", CultureInfo.InvariantCulture);

    /// <summary>A place that can still be given up: it holds a seat or a waitlist entry.</summary>
    public static bool CanCancel(EnrollmentStatus status) => Enroll.Live.Contains(status);

    /// <summary>Staff can confirm a place with money received outside Stripe; an expired or waitlisted one takes a free seat again.</summary>
    public static bool TakesOfflinePayment(EnrollmentStatus status) =>
        status is EnrollmentStatus.PendingPayment or EnrollmentStatus.Expired or EnrollmentStatus.Waitlisted;
}
