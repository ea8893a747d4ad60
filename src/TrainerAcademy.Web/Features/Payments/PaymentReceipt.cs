using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Infrastructure.Pdf;

namespace TrainerAcademy.Features.Payments;

/// <summary>The PDF receipt (收据) of one succeeded payment, for its learner and the center's staff.</summary>
public static class PaymentReceipt
{
    public sealed record File(string FileName, byte[] Pdf);

    public sealed class Handler(AcademyDbContext db, CurrentUser user, ReceiptDocument receipts)
    {
        public async Task<File> RenderAsync(int paymentId, CancellationToken ct = default)
        {
            var row = await (
                from pay in db.Payments.AsNoTracking()
                where pay.Id == paymentId && pay.Status == PaymentStatus.Succeeded
                join e in db.Enrollments on pay.EnrollmentId equals e.Id
                join k in db.Cohorts on e.CohortId equals k.Id
                join c in db.Courses on k.CourseId equals c.Id
                join center in db.Centers on pay.CenterId equals center.Id
                join u in db.Users on pay.LearnerId equals u.Id
                from profile in db.LearnerProfiles.Where(x => x.UserId == pay.LearnerId).DefaultIfEmpty()
                select new { Payment = pay, k.StartsOn, k.Pattern, CourseTitle = c.Title, CenterName = center.Name, center.OrganisationCode, u.Email, u.DisplayName, RealName = profile == null ? null : profile.RealName })
                .SingleOrDefaultAsync(ct);
            if (row is null || (row.Payment.LearnerId != user.Id && !user.CanManage(row.Payment.CenterId)))
                throw new NotFoundException();

            var p = row.Payment;
            var number = Number(row.OrganisationCode, p.PaidAt!.Value, p.Id);
            var pdf = receipts.Render(new ReceiptData(
                number,
                row.RealName ?? row.DisplayName ?? row.Email ?? "",
                row.Email ?? "",
                row.CenterName,
                row.CourseTitle,
                row.Pattern switch { WeekendPattern.Saturday => "周六班", WeekendPattern.Sunday => "周日班", _ => "周六、周日班" },
                row.StartsOn,
                p.Amount,
                p.Currency,
                p.Method == PaymentMethod.Stripe ? "在线支付 (Stripe)" : "线下转账 / Offline",
                p.Method == PaymentMethod.Stripe ? p.StripePaymentIntentId ?? p.StripeCheckoutSessionId ?? "" : p.Reference ?? "",
                p.PaidAt.Value,
                p.RefundedAmount));
            return new File($"receipt-{number}.pdf", pdf);
        }
    }

    /// <summary>收据编号: R, the center's organisation code, the day of payment in China (not UTC), the payment id.</summary>
    public static string Number(string organisationCode, DateTimeOffset paidAt, int paymentId) =>
        string.Create(CultureInfo.InvariantCulture, $"R{organisationCode}-{paidAt.InChina():yyyyMMdd}-{paymentId:D6}");

    public static void MapReceiptApi(this RouteGroupBuilder api) =>
        api.MapGet("/payments/{id:int}/receipt", async (int id, Handler h, CancellationToken ct) =>
            {
                var file = await h.RenderAsync(id, ct);
                return TypedResults.File(file.Pdf, "application/pdf", file.FileName);
            })
            .RequireAuthorization().WithTags("Payments")
            .WithSummary("The PDF receipt of a succeeded payment (its learner or the center's staff)")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
