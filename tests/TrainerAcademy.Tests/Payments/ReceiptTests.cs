using UglyToad.PdfPig;

namespace TrainerAcademy.Tests.Payments;

/// <summary>The PDF receipt of a payment: for its learner and the center's staff, in Chinese, with the amount paid.</summary>
public abstract class ReceiptTests
{
    public sealed class OnSqlite(SqliteStripeFactory f) : ReceiptTests(f), IClassFixture<SqliteStripeFactory>;

    public sealed class OnPostgreSql : ReceiptTests, IClassFixture<PostgresStripeFactory>
    {
        public OnPostgreSql(PostgresStripeFactory f) : base(f) => TestPostgres.Require();
    }

    private readonly AcademyFactory _factory;
    private readonly PaymentKit _kit;

    private ReceiptTests(IStripeAcademyFactory factory)
    {
        _factory = (AcademyFactory)factory;
        _kit = new PaymentKit(_factory, factory.Fake);
    }

    [Fact]
    public async Task The_learner_downloads_a_one_page_chinese_receipt_of_the_amount_paid()
    {
        var (learner, _, _, payment) = await _kit.PaidPlaceAsync();

        var response = await learner.Client.GetAsync($"/api/payments/{payment.Id}/receipt", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, pdf.NumberOfPages);
        var text = string.Concat(pdf.GetPages().Select(p => p.Text));
        Assert.Contains("收据", text);
        Assert.Contains("2,600.00", text);
        Assert.Contains("贰仟陆佰元整", text);
        Assert.Contains("A 中心五级周末班", text);
    }

    [Fact]
    public async Task The_centers_staff_may_download_it_and_another_learner_or_center_may_not()
    {
        var (_, _, _, payment) = await _kit.PaidPlaceAsync();
        var world = await _factory.WorldAsync();
        var url = $"/api/payments/{payment.Id}/receipt";
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.OK, (await world.StaffA.GetAsync(url, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.StaffB.GetAsync(url, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await _kit.NewLearnerAsync()).Client.GetAsync(url, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.Anonymous.GetAsync(url, ct)).StatusCode);
    }

    [Fact]
    public async Task A_payment_not_yet_made_has_no_receipt()
    {
        var (learner, _, id) = await _kit.HeldPlaceAsync();
        await _kit.CheckoutAsync(learner, id);
        var pending = Assert.Single(await _kit.PaymentsAsync(id));

        var response = await learner.Client.GetAsync($"/api/payments/{pending.Id}/receipt", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
