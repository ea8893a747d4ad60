using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Features.ExamSessions;

namespace TrainerAcademy.Benchmarks;

/// <summary>
/// Exam day: N registered candidates start the level-4 theory paper within a 10-second ramp, then save answers with
/// a think time between saves. Beside it, two baselines on the same machine and database: the bare endpoint with the
/// same number of connections, and single-row INSERTs into a scratch table, each in its own transaction.
/// </summary>
internal static class ExamDay
{
    private const int BaselineSeconds = 5;

    /// <summary>
    /// One process holds both ends of every connection, and may have 20,000 files open on these machines: above this
    /// many candidates they share this many client connections (a request waits for a free one; with think times of
    /// seconds one is nearly always free).
    /// </summary>
    public const int MaxConnections = 8_000;
    private const int CeilingSeconds = 10;

    public sealed record Phase(string Name, int Concurrency, long Requests, double Seconds, double P50, double P95, double P99, double Max,
        IReadOnlyDictionary<string, long> Statuses)
    {
        public double PerSecond => Requests / Seconds;

        public long Count(string status) => Statuses.TryGetValue(status, out var n) ? n : 0;

        public long NotOk(params string[] expected) => Statuses.Where(s => !expected.Contains(s.Key)).Sum(s => s.Value);

        public string StatusText => string.Join(", ", Statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value:N0}"));

        /// <summary>When the phase ran, as <see cref="Stopwatch"/> timestamps (the machine's monotonic clock, the same in every process).</summary>
        public long From { get; init; }

        public long To { get; init; }

        /// <summary>The server process's largest working set while the phase ran.</summary>
        public double ServerPeakMiB { get; init; }
    }

    public sealed record Outcome(Phase BareEndpoint, Phase InsertEndpoint, Phase InsertsSequential, Phase InsertsParallel, Phase Start, Phase Save, Phase SaveCeiling,
        string Invariant, bool InvariantHolds, string Settings, string OtherCpu, string Papers, string Generator)
    {
        public bool Failed => !InvariantHolds
            || new[] { Start, Save, SaveCeiling }.Any(p => p.Statuses.Keys.Any(k => k.StartsWith('5') || k == "transport error"));

        /// <summary>Every phase in report order, each with its kind ("baseline" or "exam"), for the report, the console and the CSV.</summary>
        public IReadOnlyList<(string Kind, Phase Phase)> Phases =>
        [
            ("baseline", BareEndpoint), ("baseline", InsertEndpoint), ("baseline", InsertsSequential), ("baseline", InsertsParallel),
            ("exam", Start), ("exam", Save), ("exam", SaveCeiling),
        ];
    }

    internal sealed record Candidate(string Token, int RegistrationId);

    private sealed record Paper(int AttemptId, IReadOnlyList<(int ItemId, string Type, int Options)> Items);

    public static async Task<Outcome> RunAsync(IServiceProvider services, string baseUrl, DatabaseProvider provider, int candidates, int seconds, int thinkMs,
        int rampSeconds = 10, string paper = "seeded", bool prepare = true, string generator = "process")
    {
        // One more candidate than measured: it starts and saves before the storm, so the storm does not time the JIT.
        var learners = await EnrollmentRush.MakeLearnersAsync(services, candidates + 1);
        var (registrations, sessions) = await RegisterAsync(services, learners.Select(l => l.UserId).ToList(), paper);
        var papers = "every paper drawn at its start (`--prepare no`)";
        if (prepare)
        {
            // What the preparation job does the day before: every registered candidate's paper drawn and frozen.
            var preparing = Stopwatch.StartNew();
            var drawn = 0;
            foreach (var sessionId in sessions)
            {
                using var scope = services.CreateScope();
                drawn += await scope.ServiceProvider.GetRequiredService<Features.ExamSitting.PreparePapersJob>().PrepareAsync(sessionId, CancellationToken.None);
            }
            papers = string.Create(CultureInfo.InvariantCulture, $"{drawn:N0} papers prepared before the window in {preparing.Elapsed.TotalSeconds:N0} s");
            Console.WriteLine(papers);
        }
        var all = learners.Zip(registrations, (l, r) => new Candidate(l.Token, r)).ToList();

        var settings = await SettingsAsync(services, provider);
        var others = OtherProcesses.Sample();
        await using var memory = MemorySampler.Start();
        await InsertsAsync(services, provider, 1, TimeSpan.FromSeconds(1)); // creates the scratch table and warms the path
        var sequential = await InsertsAsync(services, provider, 1, TimeSpan.FromSeconds(BaselineSeconds));
        var parallel = await InsertsAsync(services, provider, candidates, TimeSpan.FromSeconds(BaselineSeconds));

        var plan = new DrivePlan(baseUrl, all, candidates, seconds, thinkMs, rampSeconds, generator == "process");
        var serverCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var driven = plan.OwnProcess ? await DriveInChildAsync(plan) : await DriveAsync(plan);
        serverCpu = Process.GetCurrentProcess().TotalProcessorTime - serverCpu;
        await memory.DisposeAsync();
        Phase Peak(Phase p) => p with { ServerPeakMiB = memory.PeakMiB(p.From, p.To) };

        var acknowledged = new ConcurrentDictionary<(int Attempt, int Item), int>(driven.Acknowledged.Select(x => KeyValuePair.Create((x[0], x[1]), x[2])));
        var sentUnknown = new ConcurrentDictionary<(int Attempt, int Item), int>(driven.SentUnknown.Select(x => KeyValuePair.Create((x[0], x[1]), x[2])));
        var (invariant, holds) = await CheckAcknowledgedAsync(services, driven.AttemptIds, acknowledged, sentUnknown);
        var generatorText = plan.OwnProcess
            ? string.Create(CultureInfo.InvariantCulture,
                $"The load generator ran in its own process: {driven.CpuSeconds:N0} CPU-seconds and a peak of {driven.PeakWorkingSetBytes / 1048576.0:N0} MiB while it drove the phases, against {serverCpu.TotalSeconds:N0} CPU-seconds of the server process in the same time")
            : string.Create(CultureInfo.InvariantCulture, $"The load generator ran in the server's process (`--generator inline`)");
        return new Outcome(Peak(driven.Bare), Peak(driven.Insert), Peak(sequential), Peak(parallel), Peak(driven.Start), Peak(driven.Save), Peak(driven.Ceiling),
            invariant, holds, settings, others.Since(), papers, generatorText);
    }

    /// <summary>What the load generator is asked to do: the candidates (the last one warms up), and the phases' times.</summary>
    internal sealed record DrivePlan(string BaseUrl, IReadOnlyList<Candidate> All, int Candidates, int Seconds, int ThinkMs, int RampSeconds, bool OwnProcess);

    /// <summary>What it measured, and every answer acknowledged (attempt, item, revision) for the check in the database.</summary>
    internal sealed record Driven(Phase Bare, Phase Insert, Phase Start, Phase Save, Phase Ceiling, List<int[]> Acknowledged, List<int[]> SentUnknown,
        List<int> AttemptIds, double CpuSeconds, long PeakWorkingSetBytes);

    private static readonly JsonSerializerOptions PlanJson = new() { IncludeFields = true };

    /// <summary>Runs the load generator as a child process of this benchmark (<c>--drive plan.json result.json</c>) and reads its result.</summary>
    private static async Task<Driven> DriveInChildAsync(DrivePlan plan)
    {
        var folder = Directory.CreateTempSubdirectory("academy-drive-").FullName;
        var planPath = Path.Combine(folder, "plan.json");
        var resultPath = Path.Combine(folder, "result.json");
        await File.WriteAllTextAsync(planPath, JsonSerializer.Serialize(plan, PlanJson));
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(ExamDay).Assembly.Location);
        foreach (var arg in new[] { "--drive", planPath, resultPath }) start.ArgumentList.Add(arg);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("The load generator did not start.");
        await child.WaitForExitAsync();
        if (child.ExitCode != 0) throw new InvalidOperationException($"The load generator exited with {child.ExitCode}.");
        var driven = JsonSerializer.Deserialize<Driven>(await File.ReadAllTextAsync(resultPath), PlanJson)!;
        Directory.Delete(folder, recursive: true);
        return driven;
    }

    /// <summary>The child process's part: reads the plan, drives the phases, writes the result.</summary>
    public static async Task<int> DriveMainAsync(string planPath, string resultPath)
    {
        var plan = JsonSerializer.Deserialize<DrivePlan>(await File.ReadAllTextAsync(planPath), PlanJson)!;
        var driven = await DriveAsync(plan);
        await File.WriteAllTextAsync(resultPath, JsonSerializer.Serialize(driven, PlanJson));
        return 0;
    }

    /// <summary>
    /// The phases seen from the candidates' side: the warm-up candidate, the bare endpoint, the start storm, saves with
    /// think time and without. In its own process each candidate has a connection of its own; in the server's process
    /// both ends of every connection count against the open-file limit, so the candidates share at most
    /// <see cref="MaxConnections"/>.
    /// </summary>
    private static async Task<Driven> DriveAsync(DrivePlan plan)
    {
        var (candidates, seconds, thinkMs, rampSeconds) = (plan.Candidates, plan.Seconds, plan.ThinkMs, plan.RampSeconds);
        var warmUp = plan.All[^1];
        var measured = plan.All.Take(candidates).ToList();
        var connections = plan.OwnProcess ? candidates + 1 : Math.Min(candidates + 1, MaxConnections);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(plan.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var acknowledged = new ConcurrentDictionary<(int Attempt, int Item), int>();
        var sentUnknown = new ConcurrentDictionary<(int Attempt, int Item), int>();

        var warmPaper = (await StartAsync(client, warmUp)).Paper ?? throw new InvalidOperationException("The warm-up candidate could not start.");
        for (var r = 1; r <= 20; r++)
            await SaveAsync(client, warmUp.Token, warmPaper, warmPaper.Items[r % warmPaper.Items.Count], r, acknowledged, sentUnknown);
        acknowledged.Clear();
        sentUnknown.Clear();

        var bareConnections = Math.Min(candidates, connections);
        var bareFrom = Stopwatch.GetTimestamp();
        var bare = await LoadGenerator.RunAsync(plan.BaseUrl, "/bench/bare", bareConnections, TimeSpan.FromSeconds(BaselineSeconds));
        var bareTo = Stopwatch.GetTimestamp();
        var barePhase = new Phase("bare endpoint (no database), closed loop", bareConnections, bare.Requests, bare.Seconds, bare.P50, bare.P95, bare.P99, bare.Max,
            new Dictionary<string, long> { ["200"] = bare.Requests - bare.Errors, ["error"] = bare.Errors }.Where(s => s.Value > 0).ToDictionary())
        { From = bareFrom, To = bareTo };
        // B1: the same front of the pipeline, the bearer token checked, one durable insert per request.
        var insertFrom = Stopwatch.GetTimestamp();
        var insert = await LoadGenerator.RunAsync(plan.BaseUrl, "/bench/insert", bareConnections, TimeSpan.FromSeconds(BaselineSeconds), warmUp.Token);
        var insertTo = Stopwatch.GetTimestamp();
        var insertPhase = new Phase("one INSERT per request through HTTP (B1), bearer token checked, closed loop", bareConnections, insert.Requests, insert.Seconds,
            insert.P50, insert.P95, insert.P99, insert.Max,
            new Dictionary<string, long> { ["200"] = insert.Requests - insert.Errors, ["error"] = insert.Errors }.Where(s => s.Value > 0).ToDictionary())
        { From = insertFrom, To = insertTo };

        // The start storm: candidate i calls start at i/N of the ramp.
        var startLatencies = new double[candidates];
        var startStatuses = new string[candidates];
        var drawnPapers = new Paper?[candidates];
        var stormStarted = Stopwatch.GetTimestamp();
        await Task.WhenAll(measured.Select(async (c, i) =>
        {
            var due = TimeSpan.FromSeconds(rampSeconds * (double)i / candidates) - Stopwatch.GetElapsedTime(stormStarted);
            if (due > TimeSpan.Zero) await Task.Delay(due);
            var t0 = Stopwatch.GetTimestamp();
            var (status, paper) = await StartAsync(client, c);
            startLatencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            startStatuses[i] = status;
            drawnPapers[i] = paper;
        }));
        var start = Summarize($"start the paper, {candidates} candidates over {rampSeconds} s", candidates, startLatencies.ToList(),
            startStatuses, stormStarted);

        // The save phase: every candidate who started saves an answer, thinks, and saves again until the time is up.
        // Then the same without thinking, briefly: the ceiling of saves on this machine.
        var revisions = measured.Select(_ => new Dictionary<int, int>()).ToArray();
        var save = await SavePhaseAsync($"save answers for {seconds} s, think 0–{thinkMs:N0} ms", thinkMs, seconds);
        var ceiling = await SavePhaseAsync($"save answers for {CeilingSeconds} s, no think time", 0, CeilingSeconds);

        var me = Process.GetCurrentProcess();
        return new Driven(barePhase, insertPhase, start, save, ceiling,
            [.. acknowledged.Select(x => new[] { x.Key.Attempt, x.Key.Item, x.Value })],
            [.. sentUnknown.Select(x => new[] { x.Key.Attempt, x.Key.Item, x.Value })],
            [.. drawnPapers.OfType<Paper>().Select(p => p.AttemptId)],
            (me.TotalProcessorTime - cpu).TotalSeconds, me.PeakWorkingSet64);

        async Task<Phase> SavePhaseAsync(string name, int think, int phaseSeconds)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(phaseSeconds * (double)Stopwatch.Frequency);
            var started = Stopwatch.GetTimestamp();
            var done = await Task.WhenAll(measured.Select(async (c, i) =>
            {
                var latencies = new List<double>(256);
                var statuses = new List<string>(256);
                if (drawnPapers[i] is not { } paper) return (latencies, statuses);
                var random = new Random(i * 31 + think);
                await Task.Delay(random.Next(think + 1));
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    var item = paper.Items[random.Next(paper.Items.Count)];
                    var revision = revisions[i][item.ItemId] = revisions[i].GetValueOrDefault(item.ItemId) + 1;
                    var t0 = Stopwatch.GetTimestamp();
                    statuses.Add(await SaveAsync(client, c.Token, paper, item, revision, acknowledged, sentUnknown, random));
                    latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    if (think > 0) await Task.Delay(random.Next(think + 1));
                }
                return (latencies, statuses);
            }));
            return Summarize(name, candidates, done.SelectMany(d => d.latencies).ToList(), done.SelectMany(d => d.statuses), started);
        }
    }

    private static Phase Summarize(string name, int concurrency, List<double> latencies, IEnumerable<string> statuses, long from)
    {
        var to = Stopwatch.GetTimestamp();
        var seconds = Stopwatch.GetElapsedTime(from, to).TotalSeconds;
        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        var counts = statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => (long)g.Count());
        return new Phase(name, concurrency, sorted.Length, seconds, P(0.50), P(0.95), P(0.99), sorted.LastOrDefault(), counts) { From = from, To = to };
    }

    private static async Task<(string Status, Paper? Paper)> StartAsync(HttpClient client, Candidate candidate)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/registrations/{candidate.RegistrationId}/attempts")
        {
            Content = new StringContent("{\"component\":\"theory\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", candidate.Token);
        try
        {
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            if (!response.IsSuccessStatusCode) return (status, null);
            using var json = JsonDocument.Parse(body);
            var items = json.RootElement.GetProperty("items").EnumerateArray()
                .Select(i => (i.GetProperty("itemId").GetInt32(), i.GetProperty("type").GetString() ?? "", i.GetProperty("options").GetArrayLength()))
                .ToList();
            return (status, new Paper(json.RootElement.GetProperty("attemptId").GetInt32(), items));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return ("transport error", null);
        }
    }

    private static async Task<string> SaveAsync(HttpClient client, string token, Paper paper, (int ItemId, string Type, int Options) item, int revision,
        ConcurrentDictionary<(int, int), int> acknowledged, ConcurrentDictionary<(int, int), int> sentUnknown, Random? random = null)
    {
        random ??= Random.Shared;
        var response = item.Type switch
        {
            "TrueFalse" => random.Next(2) == 0 ? "true" : "false",
            "MultipleChoice" => Letters(random, item.Options, Math.Max(2, random.Next(2, item.Options + 1))),
            _ => Letters(random, item.Options, 1),
        };
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/attempts/{paper.AttemptId}/answers/{item.ItemId}")
        {
            Content = new StringContent($"{{\"response\":{response},\"revision\":{revision}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var key = (paper.AttemptId, item.ItemId);
        try
        {
            using var reply = await client.SendAsync(request);
            await reply.Content.ReadAsByteArrayAsync();
            if (reply.StatusCode == System.Net.HttpStatusCode.OK)
                acknowledged.AddOrUpdate(key, revision, (_, old) => Math.Max(old, revision));
            else if ((int)reply.StatusCode >= 500)
                sentUnknown.AddOrUpdate(key, revision, (_, old) => Math.Max(old, revision));
            return ((int)reply.StatusCode).ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            sentUnknown.AddOrUpdate(key, revision, (_, old) => Math.Max(old, revision));
            return "transport error";
        }

        static string Letters(Random random, int options, int count)
        {
            var picked = Enumerable.Range(0, options).OrderBy(_ => random.Next()).Take(Math.Min(count, options)).Order();
            return "\"" + string.Concat(picked.Select(i => (char)('A' + i))) + "\"";
        }
    }

    /// <summary>
    /// Acknowledged answers are never lost: every item's stored revision equals the highest revision answered 200.
    /// A save whose reply was lost (a transport error or a 5xx) may have landed, so the stored revision may be that one.
    /// </summary>
    private static async Task<(string Text, bool Holds)> CheckAcknowledgedAsync(IServiceProvider services, List<int> attemptIds,
        ConcurrentDictionary<(int Attempt, int Item), int> acknowledged, ConcurrentDictionary<(int Attempt, int Item), int> sentUnknown)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var stored = new List<(int Attempt, int Item, int Revision)>();
        foreach (var chunk in attemptIds.Chunk(200))
        {
            var rows = await db.AttemptItems.AsNoTracking().Where(i => chunk.Contains(i.AttemptId))
                .Select(i => new { i.AttemptId, i.Position, i.SavedRevision }).ToListAsync();
            stored.AddRange(rows.Select(r => (r.AttemptId, r.Position, r.SavedRevision)));
        }
        int lost = 0, unexplained = 0, equal = 0, landedUnknown = 0;
        foreach (var (attempt, item, revision) in stored)
        {
            var acked = acknowledged.GetValueOrDefault((attempt, item));
            var unknown = sentUnknown.GetValueOrDefault((attempt, item));
            if (revision < acked) lost++;
            else if (revision == acked) equal++;
            else if (revision <= unknown) landedUnknown++;
            else unexplained++;
        }
        var items = stored.Count;
        var saved = acknowledged.Count;
        var text = lost == 0 && unexplained == 0
            ? $"none lost; in {attemptIds.Count:N0} attempts ({items:N0} items, {saved:N0} of them answered), every item's stored revision equals the highest revision answered 200"
              + (landedUnknown > 0 ? $" or a later save whose reply was lost ({landedUnknown})" : "")
            : $"LOST: {lost:N0} items lost an acknowledged answer, {unexplained:N0} hold a revision the server refused or never received, of {items:N0} items in {attemptIds.Count:N0} attempts";
        return (text, lost == 0 && unexplained == 0);
    }

    /// <summary>The most candidates one exam session holds; a larger sitting is spread over several sessions and centers.</summary>
    private const int SessionCapacity = 5_000;

    private static async Task<(List<int> Registrations, List<int> Sessions)> RegisterAsync(IServiceProvider services, IReadOnlyList<string> learnerIds, string paper)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var now = DateTimeOffset.UtcNow;
        var blueprint = paper == "shanghai"
            ? await ShanghaiPaperAsync(db, now)
            : await QuestionBankStore.NewestActiveBlueprintAsync(db, 4)
                ?? throw new InvalidOperationException("The seeded level-4 blueprint is missing (db/seed/blueprints.json).");
        var ids = new List<int>(learnerIds.Count);
        var sessions = new List<int>();
        foreach (var group in learnerIds.Chunk(SessionCapacity))
        {
            var center = new TrainingCenter($"考试日测试中心 {Guid.NewGuid():N}"[..12], Random.Shared.Next(2000, 8999).ToString(CultureInfo.InvariantCulture), "31", "上海", null);
            db.Centers.Add(center);
            await db.SaveChangesAsync();
            var opens = now.AddMinutes(-10);
            var session = new ExamSession(center.Id, 4, blueprint.Id, "人工智能训练师（四级）理论知识考试（考试日压测）", ExamMode.Online, null, group.Length,
                opens, now.AddHours(4), opens.AddDays(-1), showReview: false, now);
            db.ExamSessions.Add(session);
            await db.SaveChangesAsync();
            var registrations = group.Select((learner, i) => new ExamRegistration(session, learner, RegisterForExam.TicketNumber(session, i + 1),
                new ApplicationDeclaration(5, $"S0000310001232550{i:D5}", false, false), "bench", now)).ToList();
            db.ExamRegistrations.AddRange(registrations);
            await db.SaveChangesAsync();
            await db.ExamSessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Registered, registrations.Count));
            ids.AddRange(registrations.Select(r => r.Id));
            sessions.Add(session.Id);
            db.ChangeTracker.Clear();
        }
        return (ids, sessions);
    }

    /// <summary>
    /// A level-4 paper shaped like Shanghai's: 50 true/false and 150 single-choice items of half a point, spread over the
    /// level's work functions, drawn from a generated bank four times the size of each stratum.
    /// </summary>
    private static async Task<ExamBlueprint> ShanghaiPaperAsync(AcademyDbContext db, DateTimeOffset now)
    {
        const int level = 4, trueFalse = 50, singleChoice = 150, bankFactor = 4;
        var functions = await db.WorkFunctions.AsNoTracking().Where(w => w.LowestLevel >= level && w.HighestLevel <= level)
            .OrderBy(w => w.Code).Select(w => w.Code).ToListAsync();
        if (functions.Count == 0) throw new InvalidOperationException("No level-4 work function is seeded.");
        static int Share(int total, int parts, int i) => total / parts + (i < total % parts ? 1 : 0);
        var lines = functions.SelectMany((code, i) => new[]
        {
            new BlueprintLine(code, QuestionType.TrueFalse, Share(trueFalse, functions.Count, i), 0.5m),
            new BlueprintLine(code, QuestionType.SingleChoice, Share(singleChoice, functions.Count, i), 0.5m),
        }).Where(l => l.Count > 0).ToList();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var n = 0;
        foreach (var line in lines)
        {
            for (var k = 0; k < line.Count * bankFactor; k++)
            {
                n++;
                var content = line.Type == QuestionType.TrueFalse
                    ? new QuestionContent(QuestionType.TrueFalse, 2, $"压测判断题 {tag}-{n}：数据标注前应先制定标注规范。", null, k % 2 == 0 ? "true" : "false", "压测题目解析。")
                    : new QuestionContent(QuestionType.SingleChoice, 2, $"压测单选题 {tag}-{n}：以下哪一项是训练数据质量检查的内容？",
                        ["标注一致性", "显卡型号", "办公室面积", "员工籍贯"], "A", "压测题目解析。");
                db.Questions.Add(new Question($"SH-{tag}-{n}", level, line.WorkFunctionCode, content, now));
            }
        }
        var blueprint = new ExamBlueprint(level, $"上海四级理论 200 题（压测 {tag}）", 90, 60, lines, now);
        db.ExamBlueprints.Add(blueprint);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return blueprint;
    }

    /// <summary>
    /// The bare insert loop: single-row INSERTs into a scratch table through the app's own DbContext (same provider,
    /// connection string, pool and connection pragmas), each in its own transaction, by <paramref name="workers"/> loops.
    /// </summary>
    private static async Task<Phase> InsertsAsync(IServiceProvider services, DatabaseProvider provider, int workers, TimeSpan duration)
    {
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            await db.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.PostgreSql
                ? "CREATE TABLE IF NOT EXISTS bench_scratch (id bigserial PRIMARY KEY, worker integer NOT NULL, payload text NOT NULL, at timestamptz NOT NULL)"
                : "CREATE TABLE IF NOT EXISTS bench_scratch (id INTEGER PRIMARY KEY AUTOINCREMENT, worker INTEGER NOT NULL, payload TEXT NOT NULL, at TEXT NOT NULL)");
        }
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var done = await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            var latencies = new List<double>(1024);
            var statuses = new List<string>(1024);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    using var scope = services.CreateScope();
                    await InsertOneAsync(scope.ServiceProvider.GetRequiredService<AcademyDbContext>(), scope.ServiceProvider.GetRequiredService<TimeProvider>(), w);
                    statuses.Add("ok");
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
                {
                    statuses.Add("error " + e.GetType().Name);
                }
                latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
            return (latencies, statuses);
        }));
        var name = workers == 1 ? "INSERT one row per transaction, 1 loop" : $"INSERT one row per transaction, {workers} loops";
        return Summarize(name, workers, done.SelectMany(d => d.latencies).ToList(), done.SelectMany(d => d.statuses), started);
    }

    /// <summary>One row into the scratch table, in a transaction of its own: the unit of both insert baselines.</summary>
    internal static async Task InsertOneAsync(AcademyDbContext db, TimeProvider clock, int worker)
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        var payload = "B";
        var at = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"INSERT INTO bench_scratch (worker, payload, at) VALUES ({worker}, {payload}, {at})");
        await tx.CommitAsync();
    }

    internal static async Task<string> SettingsAsync(IServiceProvider services, DatabaseProvider provider)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        if (provider != DatabaseProvider.PostgreSql)
            return "SQLite in WAL mode with synchronous=NORMAL, a temporary file on the local disk";
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('max_connections')";
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"PostgreSQL {reader.GetString(0).Split(' ')[0]} on the same machine (fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, max_connections={reader.GetString(3)}); app pool of 100 connections";
    }

    public static string Machine()
    {
        string? Read(string path, string key) => File.Exists(path)
            ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var cpu = Read("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memKb = Read("/proc/meminfo", "MemTotal")?.Split(' ')[0];
        var ram = memKb is null ? "" : $", {double.Parse(memKb, CultureInfo.InvariantCulture) / 1024 / 1024:N1} GiB RAM";
        return $"{cpu}, {Environment.ProcessorCount} cores{ram}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    public static string Markdown(BenchOptions options, Outcome o, string command, DateTimeOffset measuredAt)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Measured {measuredAt:yyyy-MM-dd} on {Machine()}; the load generator shares the cores with the server.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Database: {o.Settings}. {o.OtherCpu}. Papers: {o.Papers}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{o.Generator}.");
        if (options.Generator != "process" && options.Candidates + 1 > MaxConnections)
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"The candidates share {MaxConnections:N0} client connections: this process holds both ends of each, and may have 20,000 files open.");
        sb.AppendLine();
        sb.AppendLine("```bash");
        sb.AppendLine(command);
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine("| phase | concurrency | requests | per second | p50 ms | p95 ms | p99 ms | max ms | outcomes |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (label, p) in o.Phases)
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {label}: {p.Name} | {p.Concurrency:N0} | {p.Requests:N0} | {p.PerSecond:N0} | {p.P50:N1} | {p.P95:N1} | {p.P99:N1} | {p.Max:N0} | {p.StatusText} |");
        sb.AppendLine();
        var offered = options.Candidates / (options.ThinkMs / 2000.0 + o.Save.P50 / 1000.0);
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Saves: {o.Save.PerSecond:N0}/s against about {offered:N0}/s offered by {options.Candidates:N0} candidates thinking {options.ThinkMs / 2:N0} ms on average; " +
            $"with no think time, {o.SaveCeiling.PerSecond:N0}/s, which is {o.SaveCeiling.PerSecond / o.InsertsParallel.PerSecond * 100:N0}% of the parallel bare-insert rate, " +
            $"{o.SaveCeiling.PerSecond / o.InsertEndpoint.PerSecond * 100:N0}% of B1's (one insert per request through HTTP, bearer token checked; the goal is at least 50%) " +
            $"and {o.SaveCeiling.PerSecond / o.BareEndpoint.PerSecond * 100:N1}% of the bare endpoint's.");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Acknowledged answers after the run: {o.Invariant}.");
        sb.AppendLine();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        var phases = string.Join("; ", o.Phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Phase.Name}: {p.Phase.ServerPeakMiB:N0}")));
        // The sitting is the start and the saves with think time; the no-think phase is a stress beyond it.
        var sitting = Math.Max(o.Start.ServerPeakMiB, o.Save.ServerPeakMiB);
        var whose = options.Generator == "process" ? "the server's process" : "this process (the server and the load generator together)";
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Peak memory of {whose}: {sitting:N0} MiB through the sitting (the start and the saves with think time), {o.SaveCeiling.ServerPeakMiB:N0} MiB in the saves without think time, {peak:N0} MiB over the whole run (the accounts, the papers and the check included)."));
        sb.AppendLine(CultureInfo.InvariantCulture, $"Its working set at its largest in each phase (MiB, sampled every {MemorySampler.Interval.TotalMilliseconds:N0} ms): {phases}.");
        return sb.ToString();
    }

    /// <summary>
    /// This process's working set, sampled on a timer, so that the peak of each phase can be told apart from the peak of
    /// arranging the run (accounts, papers) and of checking it.
    /// </summary>
    private sealed class MemorySampler : IAsyncDisposable
    {
        public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

        private readonly List<(long At, long Bytes)> _samples = [];
        private readonly CancellationTokenSource _stop = new();
        private Task _sampling = Task.CompletedTask;

        public static MemorySampler Start()
        {
            var sampler = new MemorySampler();
            sampler._sampling = Task.Run(sampler.SampleAsync);
            return sampler;
        }

        private async Task SampleAsync()
        {
            using var timer = new PeriodicTimer(Interval);
            try
            {
                do
                {
                    lock (_samples) _samples.Add((Stopwatch.GetTimestamp(), Environment.WorkingSet));
                }
                while (await timer.WaitForNextTickAsync(_stop.Token));
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        public double PeakMiB(long from, long to)
        {
            lock (_samples)
                return _samples.Where(s => s.At >= from && s.At <= to).Select(s => s.Bytes).DefaultIfEmpty(0).Max() / 1048576.0;
        }

        public async ValueTask DisposeAsync()
        {
            if (_stop.IsCancellationRequested) return;
            await _stop.CancelAsync();
            await _sampling;
            _stop.Dispose();
        }
    }

    /// <summary>
    /// The machine is shared: the CPU time used while the phases ran by everything but this process and the database
    /// server (the machine's busy time from /proc/stat, less this process's and the postgres processes'), so a noisy run
    /// can be told from a quiet one.
    /// </summary>
    private sealed class OtherProcesses
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly double _busy = MachineBusySeconds();
        private readonly double _self = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        private readonly Dictionary<int, long> _postgres = PostgresTicks();

        public static OtherProcesses Sample() => new();

        public string Since()
        {
            if (!File.Exists("/proc/stat")) return "CPU of other processes not measured";
            var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
            var postgres = PostgresTicks().Sum(p => p.Value - _postgres.GetValueOrDefault(p.Key)) / 100.0; // USER_HZ
            var self = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - _self;
            var others = Math.Max(0, MachineBusySeconds() - _busy - self - postgres);
            return string.Create(CultureInfo.InvariantCulture,
                $"During the {seconds:N0} s of measured phases this process used {self:N0} CPU-seconds, the database server {postgres:N0}, " +
                $"and other work on the machine {others:N0} ({others / seconds / Environment.ProcessorCount * 100:N0}% of the cores)");
        }

        private static double MachineBusySeconds()
        {
            if (!File.Exists("/proc/stat")) return 0;
            var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / 100.0; // user nice system (idle iowait) irq softirq steal
        }

        private static Dictionary<int, long> PostgresTicks()
        {
            var ticks = new Dictionary<int, long>();
            foreach (var dir in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var close = stat.LastIndexOf(')');
                    if (!stat[(stat.IndexOf('(') + 1)..close].StartsWith("postgres", StringComparison.Ordinal)) continue;
                    var fields = stat[(close + 2)..].Split(' ');
                    ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException) { }
            }
            return ticks;
        }
    }
}
