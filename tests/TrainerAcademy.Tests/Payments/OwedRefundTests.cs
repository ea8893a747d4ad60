using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Enrollments;

namespace TrainerAcademy.Tests.Payments;

/// <summary>
/// A refund the platform owes is a row written with the decision, so it survives a crash between the commit and the
/// queueing of its job: the recurring sweep issues it, and the job, the sweep and their retries refund it once.
/// </summary>
public abstract class OwedRefundTests
{
    public sealed class OnSqlite(SqliteStripeFactory f) : OwedRefundTests(f), IClassFixture<SqliteStripeFactory>;

    public sealed class OnPostgreSql : OwedRefundTests, IClassFixture<PostgresStripeFactory>
    {
        public OnPostgreSql(PostgresStripeFactory f) : base(f) => TestPostgres.Require();
    }

    private const string RefundSubject = "退款通知 · Refund";

    private readonly PaymentKit _kit;

    private OwedRefundTests(IStripeAcademyFactory factory) => _kit = new PaymentKit((AcademyFactory)factory, factory.Fake);

    private async Task<(TestLearner Learner, Payment Payment)> CancelledPaidPlaceAsync()
    {
        var (learner, _, id, payment) = await _kit.PaidPlaceAsync(daysAhead: 10);
        await (await learner.Client.DeleteAsync($"/api/enrollments/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        return (learner, payment);
    }

    [Fact]
    public async Task A_cancellation_stores_the_refund_owed_with_the_cancellation_and_its_job_issues_it_under_the_rows_key()
    {
        var (_, payment) = await CancelledPaidPlaceAsync();

        var owed = Assert.Single(await _kit.OwedRefundsAsync(payment.Id));
        Assert.Equal((2600m, OwedRefundStatus.Owed, $"cancel-{payment.EnrollmentId}"), (owed.Amount, owed.Status, owed.Reason));
        var job = Assert.Single(_kit.PendingRefundJobs(payment.Id));
        Assert.Equal(owed.Id, job.OwedRefundId);

        await _kit.RunRefundJobsAsync(payment.Id);

        var request = Assert.Single(_kit.RefundRequests(payment.StripePaymentIntentId!));
        Assert.Equal(owed.IdempotencyKey, request.IdempotencyKey);
        var issued = Assert.Single(await _kit.OwedRefundsAsync(payment.Id));
        Assert.Equal(OwedRefundStatus.Issued, issued.Status);
        Assert.StartsWith("re_", issued.StripeRefundId);
    }

    [Fact]
    public async Task A_refund_whose_job_was_never_queued_is_issued_once_by_the_sweep()
    {
        var (learner, payment) = await CancelledPaidPlaceAsync();
        // The process died after the commit and before the enqueue: no job, only the row.
        _kit.LoseRefundJobs(payment.Id);
        Assert.Empty(_kit.PendingRefundJobs(payment.Id));

        // A refund this young is left to its own job, which is normally on its way.
        Assert.Equal(0, await _kit.SweepRefundsAsync());
        Assert.Empty(_kit.RefundRequests(payment.StripePaymentIntentId!));

        _kit.Clock.Advance(PaymentRefundJob.SweepGrace);
        Assert.Equal(1, await _kit.SweepRefundsAsync());
        Assert.Equal(0, await _kit.SweepRefundsAsync());

        var request = Assert.Single(_kit.RefundRequests(payment.StripePaymentIntentId!));
        Assert.Equal("260000", request.Param("amount"));
        Assert.Equal(2600m, (await _kit.PaymentsAsync(payment.EnrollmentId)).Single().RefundedAmount);
        Assert.Equal(OwedRefundStatus.Issued, Assert.Single(await _kit.OwedRefundsAsync(payment.Id)).Status);
        Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == RefundSubject);
    }

    [Fact]
    public async Task The_sweep_and_a_late_job_of_the_same_refund_refund_once()
    {
        var (learner, payment) = await CancelledPaidPlaceAsync();
        var job = Assert.Single(_kit.PendingRefundJobs(payment.Id));
        _kit.Clock.Advance(PaymentRefundJob.SweepGrace);

        Assert.Equal(1, await _kit.SweepRefundsAsync());
        await _kit.RunAsync(job);
        // A retry whose first try reached Stripe but did not save: Stripe replays the refund of the same key.
        await _kit.InScopeAsync(sp => sp.GetRequiredService<Features.Payments.StripeGateway>()
            .RefundAsync(payment.StripePaymentIntentId!, job.Amount, job.IdempotencyKey));

        Assert.Single(_kit.RefundRequests(payment.StripePaymentIntentId!), r => !r.Replayed);
        Assert.Equal(2600m, (await _kit.PaymentsAsync(payment.EnrollmentId)).Single().RefundedAmount);
        Assert.Single(await _kit.MailToAsync(learner.Email), m => m.Subject == RefundSubject);
    }

    [Fact]
    public async Task A_late_payment_into_a_full_cohort_leaves_its_refund_owed_in_the_same_commit_as_the_event()
    {
        var (late, cohort, id) = await _kit.HeldPlaceAsync(capacity: 1);
        var session = await _kit.CheckoutAsync(late, id);
        var paid = _kit.Fake.CompletePayment(session);
        await _kit.ExpireHoldAsync(id);
        await _kit.HoldAsync(await _kit.NewLearnerAsync(), cohort);

        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));
        var payment = Assert.Single(await _kit.PaymentsAsync(id));
        _kit.LoseRefundJobs(payment.Id);
        // Stripe's retry of the same event changes nothing: the event is handled, and the refund is owed already.
        Assert.Equal(HttpStatusCode.OK, await _kit.DeliverAsync(paid));

        var owed = Assert.Single(await _kit.OwedRefundsAsync(payment.Id));
        Assert.Equal(("unfulfillable", 2600m), (owed.Reason, owed.Amount));
        _kit.Clock.Advance(PaymentRefundJob.SweepGrace);
        Assert.Equal(1, await _kit.SweepRefundsAsync());
        Assert.Single(_kit.RefundRequests(payment.StripePaymentIntentId!));
        Assert.Equal(2600m, (await _kit.PaymentsAsync(id)).Single().RefundedAmount);
    }

    [Fact]
    public async Task An_owed_refund_that_the_dashboard_already_returned_is_closed_without_a_second_refund()
    {
        var (_, payment) = await CancelledPaidPlaceAsync();
        _kit.LoseRefundJobs(payment.Id);
        // Staff refunded the charge by hand in Stripe's dashboard before the sweep came.
        _kit.Fake.Refund(payment.StripePaymentIntentId!);
        _kit.Clock.Advance(PaymentRefundJob.SweepGrace);

        Assert.Equal(0, await _kit.SweepRefundsAsync());

        Assert.Empty(_kit.RefundRequests(payment.StripePaymentIntentId!));
        Assert.Equal(OwedRefundStatus.NotNeeded, Assert.Single(await _kit.OwedRefundsAsync(payment.Id)).Status);
        Assert.Equal(0, await _kit.SweepRefundsAsync());
    }
}
