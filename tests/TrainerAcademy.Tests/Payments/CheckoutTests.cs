using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Payments;

namespace TrainerAcademy.Tests.Payments;

/// <summary>POST /api/enrollments/{id}/checkout against the fake Stripe: what the session carries and who may start one.</summary>
public abstract class CheckoutTests
{
    public sealed class OnSqlite(SqliteStripeFactory f) : CheckoutTests(f), IClassFixture<SqliteStripeFactory>;

    public sealed class OnPostgreSql : CheckoutTests, IClassFixture<PostgresStripeFactory>
    {
        public OnPostgreSql(PostgresStripeFactory f) : base(f) => TestPostgres.Require();
    }

    private readonly PaymentKit _kit;

    private CheckoutTests(IStripeAcademyFactory factory) => _kit = new PaymentKit((AcademyFactory)factory, factory.Fake);

    [Fact]
    public async Task The_owner_gets_a_checkout_url_on_the_fake_for_the_fee_in_fen_in_cny_naming_the_enrollment()
    {
        var (learner, _, id) = await _kit.HeldPlaceAsync();

        var response = await learner.Client.PostAsync($"/api/enrollments/{id}/checkout", null);
        var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
        var sessionId = _kit.SessionIdOf(body.GetProperty("checkoutUrl").GetString()!);

        var session = _kit.Fake.Session(sessionId)!;
        Assert.Equal("open", session["status"]!.GetValue<string>());
        Assert.Equal(260000, session["amount_total"]!.GetValue<long>());
        Assert.Equal("cny", session["currency"]!.GetValue<string>());
        Assert.Equal(id.ToString(), session["metadata"]![StripeGateway.EnrollmentIdKey]!.GetValue<string>());
        Assert.Equal(id.ToString(), session["client_reference_id"]!.GetValue<string>());
        Assert.Equal(learner.Email, session["customer_email"]!.GetValue<string>());

        // The session lives at least as long as the hold, so a learner who pays in time is never turned away by Stripe.
        var place = await _kit.EnrollmentAsync(id);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(session["expires_at"]!.GetValue<long>());
        Assert.True(expiresAt >= place.HoldExpiresAt, $"session expires {expiresAt:O}, hold {place.HoldExpiresAt:O}");

        var create = _kit.Fake.Requests.Single(r => r.Method == "POST" && r.Path == "/v1/checkout/sessions" && r.Param("client_reference_id") == id.ToString());
        Assert.Equal("260000", create.Param("line_items[0][price_data][unit_amount]"));
        Assert.Equal("cny", create.Param("line_items[0][price_data][currency]"));
        Assert.Equal(id.ToString(), create.Param("payment_intent_data[metadata][enrollment_id]"));
        Assert.False(string.IsNullOrEmpty(create.IdempotencyKey));

        var payment = Assert.Single(await _kit.PaymentsAsync(id));
        Assert.Equal((PaymentMethod.Stripe, PaymentStatus.Pending, 2600m, sessionId),
            (payment.Method, payment.Status, payment.Amount, payment.StripeCheckoutSessionId));
    }

    [Fact]
    public async Task Starting_checkout_twice_returns_the_same_session_and_stores_one_payment()
    {
        var (learner, _, id) = await _kit.HeldPlaceAsync();

        var first = await _kit.CheckoutAsync(learner, id);
        var second = await _kit.CheckoutAsync(learner, id);

        Assert.Equal(first, second);
        Assert.Single(await _kit.PaymentsAsync(id));
    }

    [Fact]
    public async Task Starting_checkout_again_minutes_later_returns_the_same_session()
    {
        var (learner, _, id) = await _kit.HeldPlaceAsync();

        var first = await _kit.CheckoutAsync(learner, id);
        _kit.Clock.Advance(TimeSpan.FromMinutes(3));
        var second = await _kit.CheckoutAsync(learner, id);

        Assert.Equal(first, second);
        Assert.Equal("open", _kit.Fake.Session(first)!["status"]!.GetValue<string>());
        Assert.Single(await _kit.PaymentsAsync(id));
    }

    [Fact]
    public async Task After_the_session_expired_at_stripe_checkout_starts_a_new_attempt()
    {
        var (learner, _, id) = await _kit.HeldPlaceAsync();
        var first = await _kit.CheckoutAsync(learner, id);
        _kit.Fake.Expire(first);  // its webhook has not come (yet)

        var second = await _kit.CheckoutAsync(learner, id);

        Assert.NotEqual(first, second);
        var payments = await _kit.PaymentsAsync(id);
        Assert.Equal([(first, PaymentStatus.Expired), (second, PaymentStatus.Pending)],
            payments.Select(p => (p.StripeCheckoutSessionId, p.Status)).ToArray());
        Assert.Equal(second, await _kit.CheckoutAsync(learner, id));
    }

    [Fact]
    public async Task While_a_payment_is_processing_at_stripe_no_second_session_is_started()
    {
        var (learner, _, id) = await _kit.HeldPlaceAsync();
        var first = await _kit.CheckoutAsync(learner, id);
        _kit.Fake.CompletePayment(first, async: true, paymentMethod: "alipay");  // paid, the money is on its way

        var problem = await (await learner.Client.PostAsync($"/api/enrollments/{id}/checkout", null)).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("checkout.in-progress", problem.GetProperty("code").GetString());
        Assert.Single(await _kit.PaymentsAsync(id));
    }

    [Fact]
    public async Task Starting_checkout_twice_in_parallel_stores_one_payment()
    {
        var (learner, _, id) = await _kit.HeldPlaceAsync();

        var sessions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _kit.CheckoutAsync(learner, id)));

        Assert.Single(sessions.Distinct());
        Assert.Single(await _kit.PaymentsAsync(id));
    }

    [Fact]
    public async Task Another_learner_cannot_start_checkout_for_a_place_not_theirs()
    {
        var (_, _, id) = await _kit.HeldPlaceAsync();
        var stranger = await _kit.NewLearnerAsync();

        await (await stranger.Client.PostAsync($"/api/enrollments/{id}/checkout", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostAsync("/api/enrollments/999999/checkout", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await _kit.PaymentsAsync(id));
    }

    [Fact]
    public async Task A_confirmed_place_cannot_be_paid_again()
    {
        var (learner, _, id, _) = await _kit.PaidPlaceAsync();

        var problem = await (await learner.Client.PostAsync($"/api/enrollments/{id}/checkout", null)).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("checkout.not-payable", problem.GetProperty("code").GetString());
        Assert.Single(await _kit.PaymentsAsync(id));
    }

    [Fact]
    public async Task An_expired_hold_cannot_be_paid_for()
    {
        var (learner, _, id) = await _kit.HeldPlaceAsync();
        await _kit.ExpireHoldAsync(id);
        // A new sign-in: the learner's token was issued before the clock moved on.
        var client = await _kit.Factory.SignInAsync(learner.Email, TestWorld.Password);

        var problem = await (await client.PostAsync($"/api/enrollments/{id}/checkout", null)).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("checkout.not-payable", problem.GetProperty("code").GetString());
        Assert.Empty(await _kit.PaymentsAsync(id));
    }

    [Fact]
    public async Task Staff_cannot_start_checkout()
    {
        var (_, _, id) = await _kit.HeldPlaceAsync();
        var staff = await _kit.NewStaffAsync((await _kit.Factory.WorldAsync()).CenterA);

        await (await staff.PostAsync($"/api/enrollments/{id}/checkout", null)).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await _kit.Factory.CreateApiClient().PostAsync($"/api/enrollments/{id}/checkout", null)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task When_stripe_refuses_the_request_the_learner_gets_a_502_problem_and_no_payment_row()
    {
        var (learner, _, id) = await _kit.HeldPlaceAsync();
        // Stripe says "too many requests" (and that a retry will not help now): the one request fails.
        _kit.Fake.FailNext(status: 429, type: "rate_limit_error", code: "rate_limit");

        var response = await learner.Client.PostAsync($"/api/enrollments/{id}/checkout", null);

        await response.ExpectProblemAsync(HttpStatusCode.BadGateway);
        Assert.Empty(await _kit.PaymentsAsync(id));
        // And the next try goes through.
        await _kit.CheckoutAsync(learner, id);
    }
}

/// <summary>Without Stripe:SecretKey the platform says online payment is off; it never calls out.</summary>
public abstract class CheckoutWithoutStripeTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : CheckoutWithoutStripeTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : CheckoutWithoutStripeTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    [Fact]
    public async Task Checkout_is_a_409_problem_saying_online_payment_is_not_set_up()
    {
        var kit = new PaymentKit(factory, null!);
        var learner = await kit.NewLearnerAsync();
        var id = await kit.HoldAsync(learner, await kit.NewCohortAsync());

        var problem = await (await learner.Client.PostAsync($"/api/enrollments/{id}/checkout", null)).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("checkout.not-configured", problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Empty(await kit.PaymentsAsync(id));
    }

    [Fact]
    public async Task A_webhook_is_refused_with_400_when_no_webhook_secret_is_configured()
    {
        var body = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"checkout.session.completed\"}";
        var response = await new PaymentKit(factory, null!).PostWebhookAsync(body, "t=1,v1=00");
        await response.ExpectStatusAsync(HttpStatusCode.BadRequest);
    }
}
