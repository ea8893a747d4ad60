using TrainerAcademy.Tests.Infrastructure.FakeStripe;

namespace TrainerAcademy.Tests.Payments;

/// <summary>A factory whose app talks to a <see cref="FakeStripeServer"/> of its own, on a shared fake clock.</summary>
public interface IStripeAcademyFactory
{
    FakeStripeServer Fake { get; }
}

/// <summary>
/// The app on SQLite with its Stripe settings pointed at a fake started first (one per factory, so per test class),
/// a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/> shared by the app and the fake, and no Hangfire server:
/// the tests run the jobs themselves.
/// </summary>
public class SqliteStripeFactory : SqliteAcademyFactory, IStripeAcademyFactory, IAsyncLifetime
{
    public FakeStripeServer Fake { get; } = new();

    protected override bool UsesFakeClock => true;

    protected override void AddSettings(IDictionary<string, string?> settings) => StripeFactorySetup.AddSettings(Fake, settings);

    // Re-implements IAsyncLifetime: the fake must listen before the app reads its address from the settings.
    public new async ValueTask InitializeAsync()
    {
        await Fake.InitializeAsync();
        await base.InitializeAsync();
        StripeFactorySetup.Connect(this, Fake);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

/// <inheritdoc cref="SqliteStripeFactory"/>
public class PostgresStripeFactory : PostgresAcademyFactory, IStripeAcademyFactory, IAsyncLifetime
{
    public FakeStripeServer Fake { get; } = new();

    protected override bool UsesFakeClock => true;

    protected override void AddSettings(IDictionary<string, string?> settings) => StripeFactorySetup.AddSettings(Fake, settings);

    public new async ValueTask InitializeAsync()
    {
        await Fake.InitializeAsync();
        await base.InitializeAsync();
        StripeFactorySetup.Connect(this, Fake);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

internal static class StripeFactorySetup
{
    public const string WebhookPath = "/api/payments/stripe/webhook";

    public static void AddSettings(FakeStripeServer fake, IDictionary<string, string?> settings)
    {
        foreach (var (key, value) in fake.AppSettings) settings[key] = value;
    }

    public static void Connect(AcademyFactory factory, FakeStripeServer fake)
    {
        if (!factory.Available) return;
        fake.Clock = factory.Clock!;
        fake.ConfigureWebhook(WebhookPath, factory.CreateApiClient());
    }
}
