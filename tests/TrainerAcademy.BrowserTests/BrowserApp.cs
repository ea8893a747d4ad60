using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using TrainerAcademy.Testing;

namespace TrainerAcademy.BrowserTests;

/// <summary>
/// The real app on Kestrel (a fresh SQLite file with the demo data) and Debian's Chromium driven by
/// Playwright, shared by the journeys in one test class. Online payment is off, as on a site without Stripe keys.
/// The app runs on a <see cref="TestClock"/> from <see cref="ClockStart"/>, so the demo data and every date a journey
/// types are the same whatever day the suite runs; the pages take the server's time from the server, not the browser.
/// </summary>
public class BrowserApp : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("academy-browser-").FullName;
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    /// <summary>A Wednesday morning in Shanghai (10:00 Beijing), in a year whose statutory calendar is published.</summary>
    public static readonly DateTimeOffset DefaultClockStart = TestClock.Beijing(2026, 3, 4, 10, 0);

    /// <summary>Where the app's clock starts; a fixture may choose another moment.</summary>
    protected virtual DateTimeOffset ClockStart => DefaultClockStart;

    /// <summary>The app's clock.</summary>
    public TestClock Clock { get; private set; } = null!;

    /// <summary>The app's today in China.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().ToOffset(TestClock.China).DateTime);

    /// <summary>The first Saturday after the app's today.</summary>
    public DateOnly NextSaturday()
    {
        var d = Today.AddDays(1);
        while (d.DayOfWeek != DayOfWeek.Saturday) d = d.AddDays(1);
        return d;
    }

    /// <summary>The running app's services, for a journey that needs to look at or arrange the database.</summary>
    public IServiceProvider Services => _factory!.Services;
    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotFolder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TrainerAcademy.sln"))) dir = dir.Parent;
            var root = dir?.FullName ?? Path.GetTempPath();
            return Directory.CreateDirectory(Path.Combine(root, "artifacts", "screenshots")).FullName;
        }
    }

    /// <summary>Settings added to the app's own, read before it starts.</summary>
    protected virtual ValueTask<IReadOnlyDictionary<string, string?>> ExtraSettingsAsync() =>
        ValueTask.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    /// <summary>Runs once the app listens at <see cref="BaseUrl"/>.</summary>
    protected virtual ValueTask AppStartedAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        var db = Path.Combine(_folder, "academy.db");
        Clock = new TestClock(ClockStart);
        var extra = await ExtraSettingsAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
            });
            b.UseEnvironment("Development");
            b.UseSetting("Database:Provider", "Sqlite");
            b.UseSetting("ConnectionStrings:Academy", $"Data Source={db}");
            b.UseSetting("Demo:Seed", "true");
            b.UseSetting("RateLimits:AuthPermitsPerMinute", "1000");
            foreach (var (key, value) in extra) b.UseSetting(key, value);
        });
        _factory.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/');
        await AppStartedAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A fresh browser context (own cookies) with a page sized like a laptop, or a phone.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false, bool english = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            Locale = english ? "en-US" : "zh-CN",
        });
        // The site is Chinese whatever the browser says; English is the visitor's choice, kept in a cookie.
        if (english) await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = ".AspNetCore.Culture", Value = "c=en|uic=en", Url = BaseUrl }]);
        // Generous: the machine may be busy with other test assemblies; a journey that works waits no longer for it.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Waits until the page's address matches; the assertions that follow wait for what they need.
    /// Polls the address rather than waiting for a navigation event, which is missed when the navigation
    /// finishes before the wait begins.
    /// </summary>
    public static Task ArriveAsync(IPage page, Regex url) => ArriveAsync(page, url.IsMatch);

    public static async Task ArriveAsync(IPage page, Func<string, bool> url)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!url(page.Url))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"The page stayed at {page.Url} for 30 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>The link of the newest confirmation e-mail to this address in the outbox, as its owner would open it.</summary>
    public async Task<string> ConfirmationLinkAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var mail = await scope.ServiceProvider.GetRequiredService<TrainerAcademy.Data.AcademyDbContext>().Outbox
            .Where(m => m.To == email).OrderByDescending(m => m.Id).Select(m => m.HtmlBody).FirstAsync();
        var href = Regex.Match(mail, "href=\"([^\"]+/account/confirm-email[^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(href), "no confirmation link in: " + mail);
        return System.Net.WebUtility.HtmlDecode(href);
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public virtual async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
