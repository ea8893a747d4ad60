using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using netDumbster.smtp;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Features.Outbox;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Tests.Outbox;

/// <summary>
/// E-mail dispatch against a local SMTP server (netDumbster): dispatch runs that overlap never send a message twice, and
/// a message held by a run that died goes out once its claim lapses.
/// </summary>
public abstract class OutboxDispatchTests(AcademyFactory factory) : IDisposable
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : OutboxDispatchTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : OutboxDispatchTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private readonly SimpleSmtpServer _smtp = SimpleSmtpServer.Start(FreePort());
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    public void Dispose() => _smtp.Dispose();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<int> RunAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var job = new OutboxDispatchJob(scope.ServiceProvider.GetRequiredService<AcademyDbContext>(),
            Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = _smtp.Configuration.Port, UseStartTls = false }), _clock,
            NullLogger<OutboxDispatchJob>.Instance, scope.ServiceProvider.GetRequiredService<AcademyMetrics>());
        return await job.RunAsync(TestContext.Current.CancellationToken);
    }

    private async Task<List<string>> QueueAsync(string tag, int count)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var subjects = Enumerable.Range(1, count).Select(i => $"{tag} #{i:D3}").ToList();
        db.Outbox.AddRange(subjects.Select(s => new OutboxMessage($"learner{s.GetHashCode() & 0xffff}@example.com", s, "<p>你好</p>", _clock.GetUtcNow())));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return subjects;
    }

    private async Task<List<OutboxMessage>> StoredAsync(string tag)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        return await db.Outbox.AsNoTracking().Where(m => m.Subject.StartsWith(tag)).ToListAsync(TestContext.Current.CancellationToken);
    }

    private IReadOnlyList<string> Received(string tag) =>
        [.. _smtp.ReceivedEmail.Select(m => m.Subject).Where(s => s is not null && s.StartsWith(tag, StringComparison.Ordinal))];

    [Fact]
    public async Task Dispatch_runs_that_overlap_send_each_message_exactly_once()
    {
        var tag = "重叠 " + Guid.NewGuid().ToString("N")[..6];
        var subjects = await QueueAsync(tag, 160);
        using var meter = new PlatformMeter(factory);

        // Four runs at a time, again and again, until nothing is left: each batch is fought over by all four.
        var sent = 0;
        for (var round = 0; round < 10 && (await StoredAsync(tag)).Any(m => m.SentAt is null); round++)
            sent += (await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(RunAsync)))).Sum();

        var received = Received(tag);
        Assert.Equal(subjects.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
        Assert.Equal(subjects.Count, sent);
        Assert.Equal(subjects.Count, meter.Total("academy.outbox.emails"));
        var stored = await StoredAsync(tag);
        Assert.All(stored, m => Assert.Equal((1, (Guid?)null), (m.Attempts, m.ClaimToken)));
        Assert.All(stored, m => Assert.NotNull(m.SentAt));
    }

    [Fact]
    public async Task A_message_held_by_a_run_that_died_is_sent_once_its_claim_lapses()
    {
        var tag = "中断 " + Guid.NewGuid().ToString("N")[..6];
        await QueueAsync(tag, 3);
        // A run claims the messages and dies before sending: its claim holds them for a while.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            var until = _clock.GetUtcNow() + OutboxMessage.ClaimHold;
            await db.Outbox.Where(m => m.Subject.StartsWith(tag))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, Guid.NewGuid()).SetProperty(m => m.ClaimedUntil, until), TestContext.Current.CancellationToken);
        }

        await RunAsync();
        Assert.Empty(Received(tag));

        _clock.Advance(OutboxMessage.ClaimHold + TimeSpan.FromSeconds(1));
        await RunAsync();
        await RunAsync();
        Assert.Equal(3, Received(tag).Count);
        Assert.All(await StoredAsync(tag), m => Assert.NotNull(m.SentAt));
    }

    [Fact]
    public async Task A_message_sent_again_after_a_crash_before_its_sent_mark_carries_the_same_message_id()
    {
        var tag = "重发 " + Guid.NewGuid().ToString("N")[..6];
        await QueueAsync(tag, 1);
        await RunAsync();
        // The dispatcher died after the SMTP server accepted the message and before it was marked sent.
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Outbox.Where(m => m.Subject.StartsWith(tag))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, (DateTimeOffset?)null), TestContext.Current.CancellationToken);

        await RunAsync();

        var id = Assert.Single(await StoredAsync(tag)).Id;
        var ids = _smtp.ReceivedEmail.Where(m => m.Subject?.StartsWith(tag, StringComparison.Ordinal) == true).Select(m => m.Headers["Message-ID"]).ToList();
        Assert.Equal(2, ids.Count);
        Assert.All(ids, h => Assert.Equal($"<outbox-{id}@trainer-academy.local>", h));
    }
}
