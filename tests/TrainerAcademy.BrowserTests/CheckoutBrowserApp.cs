using TrainerAcademy.Tests.Infrastructure.FakeStripe;

namespace TrainerAcademy.BrowserTests;

/// <summary>
/// The app with online payment switched on against the fake Stripe: Checkout Sessions are created on the fake, its hosted
/// page takes the payment, and the signed webhook reaches the app's endpoint a little after the browser comes back, as with Stripe.
/// </summary>
public sealed class CheckoutBrowserApp : BrowserApp
{
    public FakeStripeServer Stripe { get; } = new();

    protected override async ValueTask<IReadOnlyDictionary<string, string?>> ExtraSettingsAsync()
    {
        await Stripe.InitializeAsync();
        return Stripe.AppSettings;
    }

    protected override ValueTask AppStartedAsync()
    {
        Stripe.Clock = Clock;
        Stripe.ConfigureWebhook(BaseUrl + "/api/payments/stripe/webhook");
        // Long enough that the page is seen waiting for the webhook before the place is confirmed.
        Stripe.WebhookDelay = TimeSpan.FromSeconds(5);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}
