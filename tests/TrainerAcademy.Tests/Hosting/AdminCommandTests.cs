using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;

namespace TrainerAcademy.Tests.Hosting;

/// <summary>
/// <c>dotnet TrainerAcademy.Web.dll admin create</c> on a production install, run as a real process on a SQLite
/// file, then that file opened by the app in a test host, where the administrator signs in.
/// </summary>
public sealed class AdminCommandTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("academy-admin-");

    private string DatabasePath => Path.Combine(_folder.FullName, "academy.db");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { _folder.Delete(recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_command_creates_an_administrator_who_can_then_sign_in()
    {
        var email = TestData.Email("first-admin");

        var run = await RunAsync("admin", "create", "--email", email, "--password", "a long first passphrase");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(email, run.Output);
        await using var app = new ExistingSqliteFactory(DatabasePath);
        await app.InitializeAsync();
        var client = await app.SignInAsync(email, "a long first passphrase");
        var me = await (await client.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["Admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        await (await client.GetAsync("/jobs")).ExpectSuccessAsync();
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_a_non_zero_exit_code_and_no_account()
    {
        var email = TestData.Email("weak-admin");

        var run = await RunAsync("admin", "create", "--email", email, "--password", "short");

        Assert.True(run.ExitCode != 0, run.ToString());
        await using var app = new ExistingSqliteFactory(DatabasePath);
        await app.InitializeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task Without_an_email_the_command_prints_its_usage_and_fails()
    {
        var run = await RunAsync("admin", "create", "--password", "a long first passphrase");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("usage", run.Error);
    }

    private sealed record Run(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
    }

    private async Task<Run> RunAsync(params string[] args)
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
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Academy"] = $"Data Source={DatabasePath}";
        start.Environment["Hangfire__Server"] = "false";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {app} {string.Join(' ', args)} did not exit within 90 s");
        }
        return new Run(process.ExitCode, await output, await error);
    }

    /// <summary>The web app as built beside the tests (same configuration), with its runtimeconfig, as it would be deployed.</summary>
    private static string WebAppDll()
    {
        var configuration = typeof(AdminCommandTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        string[] candidates =
        [
            Path.Combine(RepositoryRoot.Path, "src", "TrainerAcademy.Web", "bin", configuration, "net10.0", "TrainerAcademy.Web.dll"),
            Path.Combine(AppContext.BaseDirectory, "TrainerAcademy.Web.dll"),
        ];
        return candidates.FirstOrDefault(c => File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
               ?? throw new FileNotFoundException("TrainerAcademy.Web.dll (with its runtimeconfig) not found in: " + string.Join(", ", candidates));
    }

    /// <summary>The app on a SQLite file that already exists; the file is left for its owner to delete.</summary>
    private sealed class ExistingSqliteFactory(string path) : AcademyFactory
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override Task<string> CreateDatabaseAsync() => Task.FromResult($"Data Source={path}");

        protected override Task DropDatabaseAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return Task.CompletedTask;
        }
    }
}
