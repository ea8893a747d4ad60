using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Files;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Features.Certificates;
using TrainerAcademy.Features.ExamSessions;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Infrastructure.Files;
using TrainerAcademy.Testing;

namespace TrainerAcademy.Benchmarks;

/// <summary>
/// Certificate issuance: N eligible candidates of one released session (arranged directly in the database, the app's
/// clock set past the results' posting) issued end to end by the certificate batch job through the real
/// <see cref="CertificateIssuer"/>; the PDF alone (<see cref="CertificateDocument.Render"/>) on one thread and on two; and
/// the same certificate printed from HTML by a warm headless Chromium, in the same run on the same machine.
/// </summary>
internal static class CertificateIssuance
{
    /// <summary>Where the app's clock starts: a Monday morning in Shanghai, in a year whose statutory calendar is seeded.</summary>
    public static readonly DateTimeOffset ClockStart = TestClock.Beijing(2026, 6, 1, 10, 0);

    public const string PublicBase = "https://academy.bench.local";

    /// <summary>Certificates issued before the measured batch, so the issuing code has been through tiered compilation.</summary>
    private const int WarmUp = 200;

    /// <summary>Renders before the PDF component is timed, so tiered compilation has settled on its optimised code.</summary>
    private const int RenderWarmUp = 1000;

    public sealed record PdfRun(string Name, int Threads, int Count, double Seconds, double CpuSeconds, IReadOnlyList<int> Sizes)
    {
        public double PerSecond => Count / Seconds;

        /// <summary>Certificates per CPU-second of every process doing the work: per core.</summary>
        public double PerCore => Count / CpuSeconds;

        /// <summary>What the runtime's collector did in the run (this process only).</summary>
        public GcWork? Gc { get; init; }

        public string SizeText => Sizes.Count == 0 ? "" : $"{Sizes.Min() / 1024.0:N1} / {Sizes.Average() / 1024.0:N1} / {Sizes.Max() / 1024.0:N1}";
    }

    public sealed record IssueRun(int Count, double Seconds, double AppCpu, double DbCpu, IReadOnlyList<int> Sizes, double EligibilityMs,
        string Check, bool Holds)
    {
        public double PerSecond => Count / Seconds;
        public double PerCore => Count / (AppCpu + DbCpu);

        /// <summary>What the runtime's collector did in the run (this process only).</summary>
        public GcWork? Gc { get; init; }
    }

    public sealed record Outcome(string Settings, string Chromium, int PhotoBytes, PdfRun Single, PdfRun Parallel, IssueRun Issue, PdfRun Html,
        string OtherCpu);

    public static async Task<Outcome> RunAsync(IServiceProvider services, TestClock clock, DatabaseProvider provider, int count, int chromiumCount,
        string? samplesFolder)
    {
        await using var chromium = await ChromiumCertificate.LaunchAsync();
        var photo = await chromium.PhotoAsync();
        var options = services.GetRequiredService<IOptions<CertificateOptions>>().Value;
        var document = services.GetRequiredService<CertificateDocument>();
        document.EnsurePrintable();

        // Arrange: one warm-up session (its own center, so the measured serials start at 1) and the measured session.
        var warm = await ArrangeAsync(services, clock, WarmUp, photo, "预热", "4101", idOffset: 20_000);
        var measured = await ArrangeAsync(services, clock, count, photo, "压测", "4102");
        await PastPostingAsync(services, clock, measured.SessionId);

        var settings = await SettingsAsync(services, provider);
        var others = CpuMeter.Start();

        // The PDF alone: the facts and the signed code made beforehand, only Render timed.
        var inputs = await RenderInputsAsync(services, clock, count, options);
        for (var n = 0; n < RenderWarmUp; n++)
        {
            var i = inputs[n % inputs.Count];
            document.Render(i.Facts, i.Code, i.Url, options.NationalLookupUrl, photo);
        }
        await SettleAsync();
        var single = Measure("PDF component, 1 thread", 1, () => inputs.Select(i => document.Render(i.Facts, i.Code, i.Url, options.NationalLookupUrl, photo).Length).ToList());
        var parallel = Measure("PDF component, 2 threads", 2, () => inputs.AsParallel().WithDegreeOfParallelism(2)
            .Select(i => document.Render(i.Facts, i.Code, i.Url, options.NationalLookupUrl, photo).Length).ToList());

        // End to end: the batch job an admin starts, issuing one certificate after another through CertificateIssuer.
        await IssueBatchAsync(services, clock, warm);
        await SettleAsync();
        var issue = await IssueMeasuredAsync(services, clock, measured, count);

        // Warm Chromium: launched once (above), a new page per certificate.
        var htmls = inputs.Take(chromiumCount).Select(i => ChromiumCertificate.Html(i.Facts, i.Url, options.NationalLookupUrl, photo)).ToList();
        for (var i = 0; i < 5; i++) await chromium.PrintAsync(htmls[i % htmls.Count]);
        var cpu = CpuMeter.Start();
        var started = Stopwatch.GetTimestamp();
        var htmlSizes = new List<int>(htmls.Count);
        foreach (var html in htmls) htmlSizes.Add((await chromium.PrintAsync(html)).Length);
        var html_ = new PdfRun("Chromium, HTML printed to PDF, a new page each", 1, htmls.Count, Stopwatch.GetElapsedTime(started).TotalSeconds,
            cpu.Self + cpu.Children, htmlSizes);

        if (samplesFolder is not null)
        {
            Directory.CreateDirectory(samplesFolder);
            var sample = inputs[0];
            await File.WriteAllBytesAsync(Path.Combine(samplesFolder, "certificate-pdfsharp.pdf"), document.Render(sample.Facts, sample.Code, sample.Url, options.NationalLookupUrl, photo));
            await File.WriteAllBytesAsync(Path.Combine(samplesFolder, "certificate-chromium.pdf"), await chromium.PrintAsync(htmls[0]));
            await File.WriteAllTextAsync(Path.Combine(samplesFolder, "certificate-chromium.html"), htmls[0]);
            await File.WriteAllBytesAsync(Path.Combine(samplesFolder, "photo.jpg"), photo);
        }

        return new Outcome(settings, chromium.Version, photo.Length, single, parallel, issue, html_, others.OthersText());

        static PdfRun Measure(string name, int threads, Func<List<int>> run)
        {
            var cpu = CpuMeter.Start();
            var started = Stopwatch.GetTimestamp();
            var sizes = run();
            return new PdfRun(name, threads, sizes.Count, Stopwatch.GetElapsedTime(started).TotalSeconds, cpu.Self, sizes) { Gc = cpu.Gc };
        }
    }

    /// <summary>
    /// Waits (at most 60 s) until this process is idle: after a warm-up the runtime goes on compiling hot methods again,
    /// optimised, on a background thread for several seconds, and that CPU belongs to start-up, not to the run measured.
    /// </summary>
    internal static async Task SettleAsync()
    {
        var until = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < until)
        {
            var cpu = CpuMeter.Start();
            await Task.Delay(500);
            if (cpu.Self < 0.02) return;
        }
    }

    private sealed record Arranged(int CenterId, int SessionId, IReadOnlyList<int> RegistrationIds, string AdminId);

    /// <summary>
    /// A level-4 session of <paramref name="count"/> candidates held the week before the clock's start, each with a
    /// real-name profile and photo and a graded theory and skill attempt that passed, its results released at the start.
    /// </summary>
    /// <param name="idOffset">Where the batch's identity numbers start: one number belongs to one account.</param>
    private static async Task<Arranged> ArrangeAsync(IServiceProvider services, TestClock clock, int count, byte[] photo, string label, string organisationCode,
        int idOffset = 0)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var now = clock.GetUtcNow();
        var opens = now.AddDays(-7);
        var theory = await QuestionBankStore.NewestActiveBlueprintAsync(db, 4)
            ?? throw new InvalidOperationException("The seeded level-4 blueprint is missing (db/seed/blueprints.json).");
        var center = new TrainingCenter($"证书{label}评价中心", organisationCode, "31", "上海", null);
        db.Centers.Add(center);
        var skill = new SkillBlueprint(4, $"四级技能考核（证书{label}）", 90, 60,
        [
            new SkillBlueprintLine(PracticalCategory.DataCleaningAndAnnotation, 2, 30),
            new SkillBlueprintLine(PracticalCategory.BusinessDataProcessing, 2, 20),
        ], opens.AddDays(-30));
        db.SkillBlueprints.Add(skill);
        await db.SaveChangesAsync();
        var session = new ExamSession(center.Id, 4, theory.Id, $"人工智能训练师（四级）理论知识与技能考核（证书{label}）", ExamMode.Online, null, count,
            opens, opens.AddHours(4), opens.AddDays(-10), showReview: true, opens.AddDays(-30), skill.Id);
        db.ExamSessions.Add(session);
        await db.SaveChangesAsync();

        var hash = new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), "bench-learner-password");
        var roleId = await db.Roles.Where(r => r.Name == Roles.Learner).Select(r => r.Id).SingleAsync();
        var adminId = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where r.Name == Roles.Admin select ur.UserId).FirstAsync();
        var limits = new FileLimits(CertificatePhoto.MaxBytes, new HashSet<FileKind> { FileKind.Jpeg });
        var registrations = new List<ExamRegistration>(count);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(250))
        {
            db.ChangeTracker.Clear();
            foreach (var i in chunk)
            {
                var email = $"cert-{label}-{i:D5}@bench.local";
                var user = new ApplicationUser
                {
                    UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                    EmailConfirmed = true, PasswordHash = hash, SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAt = opens.AddDays(-40),
                };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
                var file = StoredFile.Accept(user.Id, "证件照.jpg", photo, limits, opens.AddDays(-20));
                db.StoredFiles.Add(file);
                var profile = new LearnerProfile(user.Id);
                profile.Update(Name(i), IdType.ResidentIdCard, IdNumber(idOffset + i), $"138{i:D8}", Employment.Employed, "上海", "上海", 3, Education.Bachelor, opens.AddDays(-20));
                profile.SetPhoto(file.Id, opens.AddDays(-20));
                db.LearnerProfiles.Add(profile);
                var registration = new ExamRegistration(session, user.Id, RegisterForExam.TicketNumber(session, i + 1),
                    new ApplicationDeclaration(5, null, false, false), "bench", opens.AddDays(-20));
                db.ExamRegistrations.Add(registration);
                registrations.Add(registration);
            }
            await db.SaveChangesAsync();
        }
        foreach (var chunk in registrations.Chunk(250))
        {
            db.ChangeTracker.Clear();
            var handedIn = opens.AddHours(2);
            foreach (var registration in chunk)
            {
                var t = new ExamAttempt(registration, session, theory, 1, [], opens);
                var s = new ExamAttempt(registration, session, skill, 1, [], opens);
                t.Submit(handedIn, automatic: false);
                s.Submit(handedIn, automatic: false);
                t.Grade(new Dictionary<int, QuestionVersion>(), handedIn);
                s.GradeSkill(handedIn);
                db.ExamAttempts.AddRange(t, s);
            }
            await db.SaveChangesAsync();
        }
        // The papers are empty, so grading gave 0: the scores are set as grading would have set them.
        await db.ExamAttempts.Where(a => a.SessionId == session.Id).ExecuteUpdateAsync(a => a.SetProperty(x => x.Score, 82m).SetProperty(x => x.Passed, true));
        await db.ExamSessions.Where(x => x.Id == session.Id)
            .ExecuteUpdateAsync(x => x.SetProperty(y => y.Registered, count).SetProperty(y => y.ResultsReleasedAt, now));
        return new Arranged(center.Id, session.Id, registrations.Select(r => r.Id).ToList(), adminId);
    }

    /// <summary>Moves the app's clock to 09:00 Beijing time of the first day the session's candidates are eligible.</summary>
    private static async Task PastPostingAsync(IServiceProvider services, TestClock clock, int sessionId)
    {
        using var scope = services.CreateScope();
        var candidates = await scope.ServiceProvider.GetRequiredService<CertificateCandidates>().OfSessionAsync(sessionId);
        var from = candidates[0].Eligibility.EligibleFrom ?? throw new InvalidOperationException("The arranged candidates did not pass.");
        var moment = new DateTimeOffset(from.ToDateTime(new TimeOnly(9, 0)), TestClock.China);
        if (moment > clock.GetUtcNow()) clock.Advance(moment - clock.GetUtcNow());
        scope.ServiceProvider.GetRequiredService<AcademyDbContext>().ChangeTracker.Clear();
        var eligible = (await scope.ServiceProvider.GetRequiredService<CertificateCandidates>().OfSessionAsync(sessionId)).Count(c => c.Eligibility.Eligible);
        if (eligible != candidates.Count)
            throw new InvalidOperationException($"Only {eligible} of {candidates.Count} arranged candidates are eligible on {from}.");
    }

    private static async Task<int> IssueBatchAsync(IServiceProvider services, TestClock clock, Arranged arranged)
    {
        int batchId;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            var batch = new CertificateBatch(arranged.SessionId, arranged.CenterId, arranged.AdminId, arranged.RegistrationIds, PublicBase, clock.GetUtcNow());
            db.CertificateBatches.Add(batch);
            await db.SaveChangesAsync();
            batchId = batch.Id;
        }
        using (var scope = services.CreateScope())
            return await scope.ServiceProvider.GetRequiredService<CertificateBatchJob>().RunAsync(batchId, CancellationToken.None);
    }

    private static async Task<IssueRun> IssueMeasuredAsync(IServiceProvider services, TestClock clock, Arranged arranged, int count)
    {
        var cpu = CpuMeter.Start();
        var started = Stopwatch.GetTimestamp();
        var issued = await IssueBatchAsync(services, clock, arranged);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var (app, db_) = (cpu.Self, cpu.Postgres);
        var gc = cpu.Gc;

        // What the batch asks for each certificate: the eligibility of a chunk of 50 registrations, timed alone, per registration.
        using var scope = services.CreateScope();
        var candidates = scope.ServiceProvider.GetRequiredService<CertificateCandidates>();
        var timings = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await candidates.OfRegistrationsAsync(arranged.SessionId, [.. arranged.RegistrationIds.Skip(50 * i).Take(50)]);
            timings.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds / 50);
        }
        var eligibilityMs = timings.Order().ElementAt(timings.Count / 2);

        var (check, holds, sizes) = await CheckAsync(scope.ServiceProvider, arranged, count, issued);
        return new IssueRun(count, seconds, app, db_, sizes, eligibilityMs, check, holds) { Gc = gc };
    }

    /// <summary>
    /// After the batch: one certificate per candidate, numbered 1..N without a gap, each PDF in the store with the hash
    /// recorded, and one e-mail queued per certificate.
    /// </summary>
    private static async Task<(string Text, bool Holds, IReadOnlyList<int> Sizes)> CheckAsync(IServiceProvider sp, Arranged arranged, int count, int issued)
    {
        var db = sp.GetRequiredService<AcademyDbContext>();
        var store = sp.GetRequiredService<IDocumentStore>();
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.SessionId == arranged.SessionId)
            .Select(c => new { c.RegistrationId, c.Number, c.PdfFile, c.PdfSha256, c.PdfBytes }).ToListAsync();
        var serials = certificates.Select(c => int.Parse(c.Number[^6..], CultureInfo.InvariantCulture)).Order().ToList();
        var gapless = serials.SequenceEqual(Enumerable.Range(1, count));
        var onePerResult = certificates.Select(c => c.RegistrationId).Distinct().Count() == certificates.Count
            && certificates.Select(c => c.RegistrationId).ToHashSet().SetEquals(arranged.RegistrationIds);
        var stored = 0;
        foreach (var c in certificates)
            if (await store.ReadAsync(c.PdfFile) is { } pdf && pdf.Length == c.PdfBytes && CertificateFacts.Sha256(pdf) == c.PdfSha256) stored++;
        var mails = await db.Outbox.AsNoTracking().CountAsync(m => m.Subject.StartsWith("证书已颁发") && m.To.StartsWith("cert-压测-"));
        var holds = issued == count && certificates.Count == count && gapless && onePerResult && stored == count && mails == count;
        var text = holds
            ? $"{count:N0} certificates, one per result, serials 1–{count:N0} without a gap, {stored:N0} PDFs in the store matching their recorded hash, {mails:N0} e-mails queued"
            : $"FAILED: job issued {issued:N0}, {certificates.Count:N0} certificates, gapless {gapless}, one per result {onePerResult}, {stored:N0} PDFs stored as recorded, {mails:N0} e-mails";
        return (text, holds, certificates.Select(c => c.PdfBytes).ToList());
    }

    private sealed record RenderInput(CertificateFacts Facts, VerificationCode Code, string Url);

    /// <summary>The facts and signed codes of certificates like the issued ones, for the renderers alone.</summary>
    private static async Task<List<RenderInput>> RenderInputsAsync(IServiceProvider services, TestClock clock, int count, CertificateOptions options)
    {
        using var scope = services.CreateScope();
        var (keyId, signingKey) = await scope.ServiceProvider.GetRequiredService<CertificateKeys>().ActiveAsync();
        var issuedOn = clock.Today();
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var number = CertificateNumber.Format(options.OrganisationType, "4103", "31", 999, issuedOn.Year, 4, i + 1);
            var facts = new CertificateFacts(number, Name(i), "居民身份证", IdNumber(i), options.Occupation, null, 4, "四级/中级工", "证书压测评价中心", issuedOn).Checked();
            var code = VerificationCode.Sign(facts, keyId, signingKey);
            return new RenderInput(facts, code, CertificateIssuer.VerifyUrl(PublicBase, code));
        })];
    }

    private static readonly string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳";
    private static readonly string Given = "晓明丽华志强伟芳娜秀英敏静磊洋艳勇军杰娟涛超";

    private static string Name(int i) =>
        i % 17 == 0 ? "欧阳" + Given[i % Given.Length] + Given[(i / 7) % Given.Length] : $"{Surnames[i % 20]}{Given[(i / 20) % Given.Length]}{(i % 3 == 0 ? "" : Given[(i / 3) % Given.Length].ToString())}";

    /// <summary>A valid resident identity number, distinct for every <paramref name="i"/> below 21,000.</summary>
    private static string IdNumber(int i)
    {
        var first17 = $"3101041990{1 + i % 12:D2}{1 + i % 28:D2}{i % 1000:D3}";
        return first17 + ChineseIdNumber.CheckCharacter(first17);
    }

    private static async Task<string> SettingsAsync(IServiceProvider services, DatabaseProvider provider)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        if (provider != DatabaseProvider.PostgreSql)
            return "SQLite in WAL mode with synchronous=NORMAL, a temporary file on the local disk";
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit')";
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"PostgreSQL {reader.GetString(0).Split(' ')[0]} on the same machine (fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)})";
    }

    public static string Markdown(Outcome o, int count, string command)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd} on {ExamDay.Machine()}; Chromium {o.Chromium}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Database: {o.Settings}; documents in a folder on the local disk. {o.OtherCpu}.");
        sb.AppendLine();
        sb.AppendLine("```bash");
        sb.AppendLine(command);
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine("| run | threads | certificates | seconds | certificates/s | CPU-seconds | certificates/s per core | PDF KB min / mean / max |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
        var i = o.Issue;
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| issue end to end: batch job → CertificateIssuer (serial, sign, PDF, store, e-mail) | 1 | {i.Count:N0} | {i.Seconds:N2} | {i.PerSecond:N0} | {i.AppCpu + i.DbCpu:N2} | {i.PerCore:N0} | {SizeText(i.Sizes)} |");
        foreach (var r in new[] { o.Single, o.Parallel, o.Html })
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Threads} | {r.Count:N0} | {r.Seconds:N2} | {r.PerSecond:N0} | {r.CpuSeconds:N2} | {r.PerCore:N0} | {r.SizeText} |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"CPU-seconds: this process{(i.DbCpu > 0 ? " and the database server" : "")} for issuing ({i.AppCpu:N2} + {i.DbCpu:N2}), this process for the PDF component, this process and Chromium's processes for Chromium. " +
            $"Every certificate carries the same {o.PhotoBytes / 1024.0:N1} KB JPEG photo.");
        sb.AppendLine();
        var perCert = 1000 / i.PerSecond;
        var render = 1000 / o.Single.PerSecond;
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Per certificate issued: {perCert:N1} ms, of which the PDF is about {render:N1} ms and the candidate's eligibility {i.EligibilityMs:N2} ms (read for 50 registrations of a session of {count:N0} at once, timed alone); the rest is the database work, signing and the file.");
        if (i.Gc is { } issueGc && o.Single.Gc is { } renderGc)
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"The collector ({(System.Runtime.GCSettings.IsServerGC ? "server GC, the platform's setting" : "workstation GC; the platform runs server GC")}): issuing, {issueGc.Text(i.Count)}; the PDF component alone, {renderGc.Text(o.Single.Count)}.");
        sb.AppendLine();
        var vsWall = o.Single.PerSecond / o.Html.PerSecond;
        var vsCore = o.Single.PerCore / o.Html.PerCore;
        var issueVsCore = i.PerCore / o.Html.PerCore;
        sb.AppendLine("| goal | measured | met |");
        sb.AppendLine("|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| ≥ 150 certificates/s per core, issued end to end | {i.PerCore:N0} (the PDF alone: {o.Single.PerCore:N0}) | {(i.PerCore >= 150 ? "yes" : "no")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| ≤ 100 KB a PDF | largest {i.Sizes.Max() / 1024.0:N1} KB | {(i.Sizes.Max() <= 100 * 1024 ? "yes" : "no")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| ≥ 10× warm Chromium | PDF alone {vsCore:N0}× per core, {vsWall:N0}× one stream each; issued end to end {issueVsCore:N0}× per core | {(vsCore >= 10 && issueVsCore >= 10 ? "yes" : vsCore >= 10 ? "for the PDF; not end to end" : "no")} |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"After the batch: {i.Check}.");
        return sb.ToString();

        static string SizeText(IReadOnlyList<int> s) => $"{s.Min() / 1024.0:N1} / {s.Average() / 1024.0:N1} / {s.Max() / 1024.0:N1}";
    }

    /// <summary>What the runtime's collector did in a run: bytes allocated, collections of each generation, time the threads were paused.</summary>
    public sealed record GcWork(long Allocated, int Gen0, int Gen1, int Gen2, double PausedSeconds)
    {
        public string Text(int count) => string.Create(CultureInfo.InvariantCulture,
            $"{Allocated / 1024.0 / count:N0} KB allocated a certificate, {Gen0:N0} / {Gen1:N0} / {Gen2:N0} collections of generation 0 / 1 / 2, paused {PausedSeconds * 1000:N0} ms");
    }

    /// <summary>
    /// CPU time since the start: of this process, of its descendants (the Playwright driver and Chromium, with the
    /// processes they have reaped), of the PostgreSQL server, and of everything else on the machine.
    /// </summary>
    private sealed class CpuMeter
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly double _self = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        private readonly Snapshot _at = Snapshot.Take();
        private readonly long _allocated = GC.GetTotalAllocatedBytes();
        private readonly int[] _collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        private readonly TimeSpan _paused = GC.GetTotalPauseDuration();

        public static CpuMeter Start() => new();

        /// <summary>What the runtime's collector did since the start: bytes allocated, collections of each generation, time paused.</summary>
        public GcWork Gc => new(GC.GetTotalAllocatedBytes() - _allocated, GC.CollectionCount(0) - _collections[0],
            GC.CollectionCount(1) - _collections[1], GC.CollectionCount(2) - _collections[2], (GC.GetTotalPauseDuration() - _paused).TotalSeconds);

        public double Self => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - _self;
        public double Children => Snapshot.Take().Children(_at);
        public double Postgres => Snapshot.Take().PostgresSince(_at);

        public string OthersText()
        {
            if (!File.Exists("/proc/stat")) return "CPU of other processes not measured";
            var now = Snapshot.Take();
            var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
            var self = Self;
            var mine = self + now.Children(_at) + now.PostgresSince(_at);
            var others = Math.Max(0, now.Busy - _at.Busy - mine);
            return string.Create(CultureInfo.InvariantCulture,
                $"During the {seconds:N0} s of measured runs this process used {self:N0} CPU-seconds, Chromium {now.Children(_at):N0}, the database server {now.PostgresSince(_at):N0}, " +
                $"and other work on the machine {others:N0} ({others / seconds / Environment.ProcessorCount * 100:N0}% of the cores)");
        }

        private sealed record Snapshot(double Busy, Dictionary<int, double> Descendants, Dictionary<int, double> PostgresTicks)
        {
            public double Children(Snapshot before) => Descendants.Sum(p => p.Value - before.Descendants.GetValueOrDefault(p.Key));
            public double PostgresSince(Snapshot before) => PostgresTicks.Sum(p => p.Value - before.PostgresTicks.GetValueOrDefault(p.Key));

            public static Snapshot Take()
            {
                var busy = 0.0;
                if (File.Exists("/proc/stat"))
                {
                    var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                        .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                    busy = (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / 100.0;
                }
                var procs = new List<(int Pid, int Parent, string Name, double Seconds)>();
                foreach (var dir in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
                {
                    if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                    try
                    {
                        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                        var close = stat.LastIndexOf(')');
                        var name = stat[(stat.IndexOf('(') + 1)..close];
                        var fields = stat[(close + 2)..].Split(' ');
                        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)
                            + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
                        procs.Add((pid, int.Parse(fields[1], CultureInfo.InvariantCulture), name, ticks / 100.0)); // USER_HZ
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException) { }
                }
                var self = Environment.ProcessId;
                var parents = procs.ToDictionary(p => p.Pid, p => p.Parent);
                bool Below(int pid)
                {
                    for (var i = 0; i < 64 && parents.TryGetValue(pid, out var parent); i++, pid = parent)
                        if (parent == self) return true;
                    return false;
                }
                return new Snapshot(busy,
                    procs.Where(p => Below(p.Pid)).ToDictionary(p => p.Pid, p => p.Seconds),
                    procs.Where(p => p.Name.StartsWith("postgres", StringComparison.Ordinal)).ToDictionary(p => p.Pid, p => p.Seconds));
            }
        }
    }
}
