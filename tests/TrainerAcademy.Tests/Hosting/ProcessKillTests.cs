using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.ExamSitting;

namespace TrainerAcademy.Tests.Hosting;

/// <summary>
/// Fault drill: the platform, a real process, is SIGKILLed while candidates save answers, and started again on the same
/// PostgreSQL database. Every save it acknowledged is there with its value, every candidate resumes the same attempt
/// with the same deadline, and every attempt handed in afterwards is graded once.
/// </summary>
public sealed class ProcessKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Candidates = 12;

    /// <summary>Acknowledged saves (over all candidates) after which the process is killed.</summary>
    private const int AcknowledgedBeforeKill = 150;

    private string? _database;
    private string _connectionString = "";
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("academy-drill-keys-");
    private readonly DirectoryInfo _documents = Directory.CreateTempSubdirectory("academy-drill-docs-");

    public async ValueTask InitializeAsync()
    {
        if (TestPostgres.BaseConnectionString is null) return;
        (_database, _connectionString) = await TestPostgres.CreateDatabaseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await TestPostgres.DropDatabaseAsync(_database);
        }
        try { _keys.Delete(recursive: true); } catch (IOException) { }
        try { _documents.Delete(recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// Arranges in process over the drill's database, on a fake clock set to the real now (the platform process runs on
    /// the real clock), with no job server of its own.
    /// </summary>
    public sealed class Arranger(string connectionString, DateTimeOffset now, string keysPath) : PostgresEnrollmentFactory
    {
        // The key ring protects the personal-data hash key stored in the database: one ring for the arranger and the process.
        protected override void AddSettings(IDictionary<string, string?> settings) => settings["DataProtection:KeysPath"] = keysPath;

        protected override bool UsesFakeClock => true;

        protected override DateTimeOffset ClockStart => now;

        protected override Task<string> CreateDatabaseAsync() => Task.FromResult(connectionString);

        protected override Task DropDatabaseAsync() => Task.CompletedTask;
    }

    public static Dictionary<string, string> ProcessSettings(string connectionString, string keysPath, string documentsRoot) => new()
    {
        ["Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__Academy"] = connectionString,
        ["DataProtection__KeysPath"] = keysPath,
        ["Documents__Root"] = documentsRoot,
        ["Hangfire__Server"] = "true",
        ["Hangfire__Workers"] = "2",
    };

    private sealed record Sent(int Item, int Revision, string Stored);

    private sealed class Sitting(string email, int registrationId)
    {
        public string Email { get; } = email;
        public int RegistrationId { get; } = registrationId;
        public string Token { get; set; } = "";
        public int AttemptId { get; set; }
        public DateTimeOffset Deadline { get; set; }
        public List<(int Item, string Type, int Options)> Items { get; } = [];
        public Dictionary<int, int> Revisions { get; } = [];
        public ConcurrentQueue<Sent> SentSaves { get; } = new();
        public ConcurrentQueue<Sent> Acknowledged { get; } = new();
    }

    [Fact]
    public async Task After_a_SIGKILL_under_saves_every_acknowledged_answer_and_deadline_survive_and_each_attempt_is_graded_once()
    {
        TestPostgres.Require();
        var realNow = DateTimeOffset.UtcNow;
        var sittings = new List<Sitting>();
        await using (var arranger = new Arranger(_connectionString, realNow, _keys.FullName))
        {
            await arranger.InitializeAsync();
            for (var i = 0; i < Candidates; i++)
            {
                // Opened ten minutes ago for four hours, 90 minutes a paper: far from any edge of the real clock.
                var exam = await arranger.SessionAsync(openedAgo: TimeSpan.FromMinutes(10), windowHours: 4, durationMinutes: 90);
                sittings.Add(new Sitting(exam.Candidate.Email, exam.RegistrationId));
            }
        }

        await using var platform = new PlatformProcess(ProcessSettings(_connectionString, _keys.FullName, _documents.FullName));
        await platform.StartAsync();
        foreach (var s in sittings)
        {
            using var anonymous = platform.Client();
            s.Token = await TestHttp.LoginAsync(anonymous, s.Email, TestWorld.Password);
            using var client = platform.Client(s.Token);
            var paper = await client.StartedAsync(s.RegistrationId);
            s.AttemptId = paper.AttemptId();
            s.Deadline = paper.GetProperty("deadline").GetDateTimeOffset();
            foreach (var item in paper.GetProperty("items").EnumerateArray())
                s.Items.Add((item.GetProperty("itemId").GetInt32(), item.GetProperty("type").ToString(), item.GetProperty("options").GetArrayLength()));
        }

        // Every candidate saves answers one after another, each with its item's next revision, until the process dies.
        var killed = false;
        var failures = new ConcurrentQueue<string>();
        var load = sittings.Select(s => Task.Run(async () =>
        {
            using var client = platform.Client(s.Token);
            for (var n = 0; !Volatile.Read(ref killed); n++)
            {
                var (item, type, options) = s.Items[n % s.Items.Count];
                var revision = s.Revisions[item] = s.Revisions.GetValueOrDefault(item) + 1;
                var (body, stored) = Answer(type, options, revision);
                var sent = new Sent(item, revision, stored);
                s.SentSaves.Enqueue(sent);
                try
                {
                    using var response = await client.SaveAsync(s.AttemptId, item, body, revision);
                    if (response.IsSuccessStatusCode) s.Acknowledged.Enqueue(sent);
                    else failures.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The process died under this request: sent, never acknowledged.
                }
            }
        })).ToList();

        var clock = Stopwatch.StartNew();
        while (sittings.Sum(s => s.Acknowledged.Count) < AcknowledgedBeforeKill && clock.Elapsed < TimeSpan.FromSeconds(60) && failures.IsEmpty)
            await Task.Delay(20);
        Assert.True(failures.IsEmpty, "saves refused before the kill: " + string.Join(" | ", failures.Take(5)));
        // Killed while the candidates' requests are on the wire; they stop once they see it dead.
        platform.Kill();
        Volatile.Write(ref killed, true);
        await Task.WhenAll(load);
        var acknowledged = sittings.Sum(s => s.Acknowledged.Count);
        var sentCount = sittings.Sum(s => s.SentSaves.Count);
        Assert.True(acknowledged >= AcknowledgedBeforeKill / 2, $"only {acknowledged} saves acknowledged before the kill");
        Assert.True(failures.IsEmpty, "saves refused before the kill: " + string.Join(" | ", failures.Take(5)));

        var restart = Stopwatch.StartNew();
        await platform.StartAsync();
        restart.Stop();

        var inFlightLanded = 0;
        foreach (var s in sittings)
        {
            using var client = platform.Client(s.Token);
            // The same attempt is resumed (200, not a second one), with the deadline it had: the clock was not reset.
            var resumed = await client.StartedAsync(s.RegistrationId, HttpStatusCode.OK);
            Assert.Equal(s.AttemptId, resumed.AttemptId());
            // (PostgreSQL keeps microseconds; the first reply showed the deadline before it was stored.)
            Assert.Equal(s.Deadline, resumed.GetProperty("deadline").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
            Assert.True(resumed.GetProperty("serverNow").GetDateTimeOffset() < s.Deadline);

            var stored = (await (await client.GetAsync($"/api/attempts/{s.AttemptId}")).ExpectJsonAsync(HttpStatusCode.OK))
                .GetProperty("items").EnumerateArray()
                .ToDictionary(i => i.GetProperty("itemId").GetInt32(), i => (Revision: i.GetProperty("savedRevision").GetInt32(), Response: i.GetProperty("response").GetString()));
            var sent = s.SentSaves.ToLookup(x => x.Item);
            foreach (var group in s.Acknowledged.GroupBy(a => a.Item))
            {
                // The last acknowledged save of each item is there, or a later one sent before the kill whose reply was lost.
                var last = group.MaxBy(a => a.Revision)!;
                var (revision, response) = stored[group.Key];
                Assert.True(revision >= last.Revision, $"attempt {s.AttemptId} item {group.Key}: acknowledged revision {last.Revision}, stored {revision}");
                var landed = sent[group.Key].Single(x => x.Revision == revision);
                Assert.Equal(landed.Stored, response);
                if (revision > last.Revision) inFlightLanded++;
            }

            // Saving goes on where it was.
            var (item, type, options) = s.Items[0];
            var next = s.Revisions[item] + 1;
            var (body, value) = Answer(type, options, next);
            await (await client.SaveAsync(s.AttemptId, item, body, next)).ExpectJsonAsync(HttpStatusCode.OK);
            await (await client.SubmitAsync(s.AttemptId)).ExpectJsonAsync(HttpStatusCode.OK);
            await (await client.SubmitAsync(s.AttemptId)).ExpectJsonAsync(HttpStatusCode.OK); // a second hand-in changes nothing
        }

        // The restarted process's job server grades every attempt handed in, once.
        var ids = sittings.Select(s => s.AttemptId).ToList();
        await using var reader = new Arranger(_connectionString, DateTimeOffset.UtcNow, _keys.FullName);
        await reader.InitializeAsync();
        var graded = 0;
        clock.Restart();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            graded = await reader.DbAsync(db => db.ExamAttempts.CountAsync(a => ids.Contains(a.Id) && a.Status == AttemptStatus.Graded));
            if (graded == ids.Count) break;
            await Task.Delay(250);
        }
        Assert.True(graded == ids.Count, $"{graded} of {ids.Count} attempts graded within 60 s\n{platform.Output}");
        var gradings = await reader.DbAsync(db => db.AttemptEvents.Where(e => ids.Contains(e.AttemptId) && e.Kind == AttemptEventKind.Graded)
            .GroupBy(e => e.AttemptId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(ids.Order(), gradings.Select(g => g.Key).Order());
        Assert.All(gradings, g => Assert.Equal(1, g.Count));
        Assert.Equal(ids.Count, await reader.DbAsync(db => db.ExamAttempts.CountAsync(a => ids.Contains(a.Id) && a.Score != null)));
        Assert.Equal(ids.Count, await reader.DbAsync(db => db.ExamAttempts.CountAsync())); // one attempt per candidate, none started twice

        output.WriteLine($"candidates {Candidates}; saves sent {sentCount}, acknowledged before SIGKILL {acknowledged}, " +
                         $"unacknowledged {sentCount - acknowledged} (of which landed anyway {inFlightLanded}); " +
                         $"restart to ready {restart.Elapsed.TotalSeconds:0.0} s; attempts resumed {Candidates}/{Candidates} with the same deadline; " +
                         $"graded {graded}, each once");
    }

    /// <summary>A valid answer for the item that changes with the revision: the JSON sent and the form the platform stores.</summary>
    private static (object Body, string Stored) Answer(string type, int options, int revision)
    {
        if (type == nameof(QuestionType.TrueFalse) || options == 0)
        {
            var value = revision % 2 == 0 ? "true" : "false";
            return (value, value);
        }
        var first = (char)('A' + revision % options);
        if (type == nameof(QuestionType.SingleChoice)) return (first.ToString(), first.ToString());
        var second = (char)('A' + (revision + 1) % options);
        var letters = string.Concat(new[] { first, second }.Order());
        return (letters, letters);
    }
}
