using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Reflection;

namespace TrainerAcademy.Tests.Hosting;

/// <summary>
/// The platform as a real OS process, <c>dotnet TrainerAcademy.Web.dll</c> as built beside the tests, in Production on a
/// port of its own, with the settings given. <see cref="Kill"/> is SIGKILL: no shutdown hook, no flush, no goodbye.
/// </summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _settings;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public PlatformProcess(IReadOnlyDictionary<string, string> settings)
    {
        Port = FreePort();
        Address = new Uri($"http://127.0.0.1:{Port}");
        _settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["App__PublicBaseUrl"] = "https://academy.example.org",
            // The drills call the process by its loopback address.
            ["AllowedHosts"] = "127.0.0.1",
            ["Security__RequireAdminTwoFactor"] = "false",
            ["RateLimits__AuthPermitsPerMinute"] = "100000",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings) _settings[key] = value;
    }

    public int Port { get; }

    public Uri Address { get; }

    /// <summary>How many times the process was started: 1 before the kill, 2 after the restart.</summary>
    public int Starts { get; private set; }

    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    /// <summary>Starts the process and waits until it answers <c>/healthz/ready</c>.</summary>
    public async Task StartAsync()
    {
        var app = WebAppDll();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Address.ToString().TrimEnd('/'));
        foreach (var (key, value) in _settings) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Starts++;

        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited) throw new InvalidOperationException($"the platform exited with {process.ExitCode} at start:\n{Output}");
            try
            {
                using var ready = await probe.GetAsync("/healthz/ready");
                if (ready.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the platform did not become ready within 90 s:\n{Output}");
    }

    /// <summary>SIGKILL, then wait until the process is gone.</summary>
    public void Kill()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit(30_000);
    }

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 300) _output.TryDequeue(out _);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The web app as built beside the tests (same configuration), with its runtimeconfig, as it would be deployed.</summary>
    public static string WebAppDll()
    {
        var configuration = typeof(PlatformProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        string[] candidates =
        [
            Path.Combine(RepositoryRoot.Path, "src", "TrainerAcademy.Web", "bin", configuration, "net10.0", "TrainerAcademy.Web.dll"),
            Path.Combine(AppContext.BaseDirectory, "TrainerAcademy.Web.dll"),
        ];
        return candidates.FirstOrDefault(c => File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
               ?? throw new FileNotFoundException("TrainerAcademy.Web.dll (with its runtimeconfig) not found in: " + string.Join(", ", candidates));
    }
}
