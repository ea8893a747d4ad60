using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Features.Privacy;

namespace TrainerAcademy.Tests.Hosting;

/// <summary>
/// The backup procedure of docs/operations.md: <c>pg_dump -Fc</c> taken while accounts are being written, restored with
/// <c>pg_restore</c> into an empty database, gives a platform that starts on it with no migration pending and serves every
/// record acknowledged before the dump began, identity numbers readable with the same key ring, sign-in working.
/// </summary>
public sealed class BackupRestoreTests : IClassFixture<BackupRestoreTests.Source>
{
    private readonly Source source;

    public BackupRestoreTests(Source source)
    {
        TestPostgres.Require();
        this.source = source;
    }

    private const string Password = "a long passphrase";

    /// <summary>The running platform the backup is taken from; its key ring in a folder the restored one shares.</summary>
    public sealed class Source : PostgresAcademyFactory
    {
        public string KeysPath { get; } = Directory.CreateTempSubdirectory("academy-backup-keys-").FullName;

        protected override void AddSettings(IDictionary<string, string?> settings) => settings["DataProtection:KeysPath"] = KeysPath;
    }

    /// <summary>The platform started on the restored database, with the source's key ring.</summary>
    private sealed class Restored(string connectionString, string keysPath) : PostgresAcademyFactory
    {
        protected override Task<string> CreateDatabaseAsync() => Task.FromResult(connectionString);

        protected override Task DropDatabaseAsync() => Task.CompletedTask;

        protected override void AddSettings(IDictionary<string, string?> settings) => settings["DataProtection:KeysPath"] = keysPath;
    }

    private static async Task RunAsync(string tool, params string[] arguments)
    {
        var bin = Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } b ? b : "/usr/lib/postgresql/15/bin";
        var start = new ProcessStartInfo(Path.Combine(bin, tool)) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} exited {process.ExitCode}: {await error}");
    }

    private static string[] Connection(string connectionString)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        return ["-h", cs.Host!, "-p", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", cs.Username ?? "postgres", "-d", cs.Database!];
    }

    [Fact]
    public async Task A_dump_taken_under_writes_restores_into_a_platform_that_starts_and_serves_every_acknowledged_record()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var acknowledged = new System.Collections.Concurrent.ConcurrentQueue<(string Email, string Id)>();
        async Task WriteAsync(int n)
        {
            await using var scope = source.Services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            var email = $"backup-{tag}-{n}@example.org";
            var user = await accounts.CreateAsync(email, Password, Roles.Learner, privacyNoticeVersion: PrivacyNotice.Version);
            acknowledged.Enqueue((email, user.Id));
        }
        for (var n = 0; n < 10; n++) await WriteAsync(n);
        var client = await source.SignInAsync($"backup-{tag}-0@example.org", Password);
        var idNumber = TestData.UniqueIdNumber();
        await (await client.PutJsonAsync("/api/me/profile", new
        {
            realName = "备份测试", idType = "ResidentIdCard", idNumber, phone = "13800138000", employment = "Employed",
            yearsInOccupation = 2, education = "Bachelor", acceptPrivacyNotice = true,
        })).ExpectJsonAsync(HttpStatusCode.OK);

        // Writes keep coming while the dump runs; what was acknowledged before it began must be in it.
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            for (var n = 10; !stop.IsCancellationRequested; n++) await WriteAsync(n);
        });
        await Task.Delay(200);
        var before = acknowledged.ToArray();
        var dump = Path.Combine(Path.GetTempPath(), $"academy-{tag}.dump");
        try
        {
            await RunAsync("pg_dump", [.. Connection(source.ConnectionString), "-Fc", "-f", dump]);
            await stop.CancelAsync();
            await load;

            var (database, restoredConnection) = await TestPostgres.CreateDatabaseAsync();
            try
            {
                await RunAsync("pg_restore", [.. Connection(restoredConnection), "--no-owner", "--exit-on-error", dump]);
                await using var restored = new Restored(restoredConnection, source.KeysPath);
                await restored.InitializeAsync();

                await using var scope = restored.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                var ids = before.Select(b => b.Id).ToList();
                Assert.Equal(before.Length, await db.Users.CountAsync(u => ids.Contains(u.Id)));
                Assert.True(acknowledged.Count > before.Length, "no write ran during the dump");
                var profile = await db.LearnerProfiles.AsNoTracking().SingleAsync(p => p.UserId == before[0].Id);
                Assert.Equal(idNumber, profile.IdNumber);

                var signedIn = await restored.SignInAsync(before[^1].Email, Password);
                var me = await (await signedIn.GetAsync("/api/me")).ExpectJsonAsync(HttpStatusCode.OK);
                Assert.Equal(before[^1].Email, me.GetProperty("email").GetString());
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await TestPostgres.DropDatabaseAsync(database);
            }
        }
        finally
        {
            await stop.CancelAsync();
            File.Delete(dump);
        }
    }
}
