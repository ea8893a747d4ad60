using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TrainerAcademy.Data;
using TrainerAcademy.Testing;

namespace TrainerAcademy.Tests.Infrastructure;

/// <summary>
/// The whole app in memory on a fresh database of its own, started once per test class (an xUnit class fixture).
/// Derived classes pick the provider (<see cref="SqliteAcademyFactory"/>, <see cref="PostgresAcademyFactory"/>)
/// and may change settings, e.g. a low rate limit or demo data.
/// </summary>
public abstract class AcademyFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly SemaphoreSlim _worldLock = new(1, 1);
    private TestWorld? _world;

    public abstract DatabaseProvider Provider { get; }

    /// <summary>False when the provider's server is not available here (PostgreSQL without TEST_POSTGRES).</summary>
    public virtual bool Available => true;

    public string ConnectionString { get; private set; } = "";

    /// <summary>The app's clock when <see cref="UsesFakeClock"/> (it moves only when a test moves it); null otherwise.</summary>
    public FakeTimeProvider? Clock { get; private set; }

    /// <summary>
    /// The app's clock, always the test's: the <see cref="Clock"/> that stands still, or a <see cref="TestClock"/> that
    /// starts at <see cref="ClockStart"/> and runs. No test depends on the day the suite happens to run.
    /// </summary>
    public TimeProvider Time { get; private set; } = null!;

    /// <summary>Warnings and errors the app logged, for failure messages.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    protected virtual bool UsesFakeClock => false;

    /// <summary>
    /// Identity's 100,000 PBKDF2 rounds cost about 0.1 s of a core per hash on a two-core runner, and the suite makes
    /// and signs in thousands of accounts: the tests hash with 1,000 rounds. Accounts are still made by
    /// <c>AccountService</c> and signed in through <c>POST /api/auth/login</c>; only the round count is lower.
    /// <c>PasswordHashingTests</c> turns this off and checks that the platform keeps the full count.
    /// </summary>
    protected virtual bool QuickPasswords => true;

    /// <summary>A Monday morning in Shanghai (09:00 Beijing); tests move it on.</summary>
    public static readonly DateTimeOffset FakeClockStart = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Where the app's clock starts; a factory may choose another moment.</summary>
    protected virtual DateTimeOffset ClockStart => FakeClockStart;

    /// <summary>
    /// Whether the factory starts on a copy of the run's migrated and seeded database (<see cref="TemplateDatabases"/>)
    /// rather than migrating and seeding a new one. Not on a clock of its own, whose reference data would carry its own
    /// start, nor with a key ring of its own (DataProtection:KeysPath), which could not read the keys the template's
    /// start stored protected by the default one.
    /// </summary>
    public virtual bool FromTemplate => ClockStart == FakeClockStart && !OwnSettings().ContainsKey("DataProtection:KeysPath");

    /// <summary>Set by <see cref="CreateDatabaseAsync"/> when its database is a copy of the template, migrated already.</summary>
    protected bool CopiedFromTemplate { get; set; }

    private Dictionary<string, string?> OwnSettings()
    {
        var settings = new Dictionary<string, string?>();
        AddSettings(settings);
        return settings;
    }

    protected abstract Task<string> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    /// <summary>Settings beyond the test defaults; read by the app while it registers its services.</summary>
    protected virtual void AddSettings(IDictionary<string, string?> settings) { }

    public async ValueTask InitializeAsync()
    {
        if (!Available) return;
        ConnectionString = await CreateDatabaseAsync();
        if (UsesFakeClock) Clock = new FakeTimeProvider(ClockStart);
        Time = (TimeProvider?)Clock ?? new TestClock(ClockStart);
        // Start now, so migrations and reference data run in the fixture and not inside the first test's timing.
        _ = Services;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not Development: appsettings.Development.json would seed the demo data.
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Provider.ToString(),
            ["ConnectionStrings:Academy"] = ConnectionString,
            // A copy of the template is migrated already: the template's own start migrated it.
            ["Database:MigrateOnStartup"] = CopiedFromTemplate ? "false" : "true",
            ["Hangfire:Server"] = "false",
            ["Hangfire:Workers"] = "2",
            ["Demo:Seed"] = "false",
            ["RateLimits:AuthPermitsPerMinute"] = "10000",
            // The suite's admins sign in with a password alone; AdminTwoFactorTests turn the rule on.
            ["Security:RequireAdminTwoFactor"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Documents:Root"] = DocumentsRoot,
        };
        AddSettings(settings);
        // UseSetting, not ConfigureAppConfiguration: the app reads these while it registers services, before Build.
        foreach (var (key, value) in settings) builder.UseSetting(key, value);

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new QueueLoggerProvider(Logs));
        });
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(Time);
            if (QuickPasswords) services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
        });
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        try
        {
            return base.CreateHost(builder);
        }
        finally
        {
            // Also after a host that refused to start: it set Hangfire's log provider to a logger factory now disposed.
            HangfireTestLog.Install();
        }
    }

    /// <summary>Centers A and B with staff, a learner, an admin, a course and cohorts: made once per factory.</summary>
    public async Task<TestWorld> WorldAsync()
    {
        await _worldLock.WaitAsync();
        try
        {
            return _world ??= await TestWorld.CreateAsync(this);
        }
        finally
        {
            _worldLock.Release();
        }
    }

    /// <summary>The document store's folder (certificate PDFs), the factory's own and removed with it.</summary>
    public string DocumentsRoot { get; } = Path.Combine(Path.GetTempPath(), "academy-documents-" + Guid.NewGuid().ToString("N"));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(DocumentsRoot)) Directory.Delete(DocumentsRoot, recursive: true);
        if (Available && ConnectionString.Length > 0) await DropDatabaseAsync();
        GC.SuppressFinalize(this);
    }

    public string LogText => string.Join(Environment.NewLine, Logs);

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> queue) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(queue, categoryName);

        public void Dispose() { }

        private sealed class QueueLogger(ConcurrentQueue<string> queue, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel)) return;
                if (queue.Count > 500) queue.TryDequeue(out _);
                queue.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
            }
        }
    }
}
