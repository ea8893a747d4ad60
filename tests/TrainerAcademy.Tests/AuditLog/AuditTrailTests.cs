using ClosedXML.Excel;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Audit;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Features.AuditLog;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.AuditLog;

/// <summary>
/// The audit log: sign-ins (success and each failure), staff and administrator accounts, examiner grants and revocations
/// are recorded by the action that makes them (the results release, review decisions and certificates are checked in
/// their own features' tests); the log cannot be changed; admins search, page and export it, and nobody else reads it.
/// </summary>
public abstract class AuditTrailTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : AuditTrailTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : AuditTrailTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private async Task<(string Email, string Id)> StaffAsync()
    {
        var w = await factory.WorldAsync();
        var email = TestData.Email("audited-staff");
        await (await w.Admin.PostJsonAsync($"/api/centers/{w.CenterA}/staff", new { email, password = TestWorld.Password, displayName = "审计教务" }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        return (email, await factory.UserIdAsync(email));
    }

    [Fact]
    public async Task A_sign_in_is_recorded_with_the_account_and_the_client_address()
    {
        var w = await factory.WorldAsync();
        var id = await factory.UserIdAsync(w.LearnerEmail);
        var before = (await factory.AuditAsync(AuditActions.SignedIn, id)).Count;

        await TestHttp.LoginAsync(factory.CreateApiClient(), w.LearnerEmail, TestWorld.Password);

        var lines = await factory.AuditAsync(AuditActions.SignedIn, id);
        Assert.Equal(before + 1, lines.Count);
        Assert.Equal(id, lines[^1].ActorId);
        Assert.False(string.IsNullOrEmpty(lines[^1].ClientIp));
        Assert.Equal(AuditTargets.Account, lines[^1].TargetType);
    }

    [Fact]
    public async Task Failed_sign_ins_are_recorded_with_their_reason_though_the_visitor_hears_one_answer()
    {
        var (email, id) = await StaffAsync();
        using (var wrong = await factory.CreateApiClient().PostJsonAsync("/api/auth/login", new { email, password = "not-the-password-1" }))
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var failed = await factory.SingleAuditAsync(AuditActions.SignInFailed, id, id);
        Assert.Contains("wrong password", failed.Detail, StringComparison.Ordinal);

        var unknown = TestData.Email("nobody");
        using (var none = await factory.CreateApiClient().PostJsonAsync("/api/auth/login", new { email = unknown, password = "whatever-it-is-1" }))
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        var line = Assert.Single(await factory.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.ActorName == unknown).ToListAsync()));
        Assert.Equal((AuditActions.SignInFailed, (string?)null, "no such account"), (line.Action, line.ActorId, line.Detail));
    }

    [Fact]
    public async Task Staff_and_administrator_accounts_are_recorded_as_grants_by_whoever_made_them()
    {
        var w = await factory.WorldAsync();
        var (email, id) = await StaffAsync();
        var staffLine = await factory.SingleAuditAsync(AuditActions.StaffCreated, id, await factory.UserIdAsync(w.AdminEmail));
        Assert.Equal(w.CenterA, staffLine.CenterId);
        Assert.Contains(email, staffLine.Detail, StringComparison.Ordinal);

        // The first administrator of an install is made at the command line (AdminCommand): recorded as such.
        var admin = TestData.Email("cli-admin");
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(admin, TestWorld.Password, Roles.Admin, grantedBy: AuditActor.CommandLine);
        var adminLine = await factory.SingleAuditAsync(AuditActions.AdminCreated, await factory.UserIdAsync(admin), null, fromRequest: false);
        Assert.Equal(AuditActor.CommandLine.Name, adminLine.ActorName);

        // A learner's own registration grants nothing and is not a line.
        var learner = TestData.Email("self-registered");
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(learner, TestWorld.Password, Roles.Learner);
        Assert.Empty(await factory.DbAsync(db => db.AuditEntries.Where(e => e.TargetId == db.Users.Where(u => u.Email == learner).Select(u => u.Id).Single()).ToListAsync()));
    }

    [Fact]
    public async Task Granting_changing_and_revoking_the_examiner_permission_are_each_recorded_once()
    {
        var w = await factory.WorldAsync();
        var (_, id) = await StaffAsync();
        var adminId = await factory.UserIdAsync(w.AdminEmail);

        await (await w.Admin.PutJsonAsync($"/api/examiners/{id}", new { scope = "Center" })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await w.Admin.PutJsonAsync($"/api/examiners/{id}", new { scope = "Platform" })).ExpectJsonAsync(HttpStatusCode.OK);
        var grants = await factory.AuditAsync(AuditActions.ExaminerGranted, id);
        Assert.Equal(2, grants.Count);
        Assert.All(grants, g => Assert.Equal(adminId, g.ActorId));
        Assert.Contains("Platform (was Center)", grants[1].Detail, StringComparison.Ordinal);

        await (await w.Admin.DeleteAsync($"/api/examiners/{id}")).ExpectStatusAsync(HttpStatusCode.NoContent);
        await (await w.Admin.DeleteAsync($"/api/examiners/{id}")).ExpectStatusAsync(HttpStatusCode.NoContent);
        await factory.SingleAuditAsync(AuditActions.ExaminerRevoked, id, adminId);
    }

    [Fact]
    public async Task The_log_is_append_only()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        scope.ServiceProvider.GetRequiredService<AuditTrail>().Record(AuditActor.Platform, AuditActions.SignedIn, AuditTargets.Account, "x");
        await db.SaveChangesAsync();
        var line = await db.AuditEntries.OrderByDescending(e => e.Id).FirstAsync();

        db.Entry(line).Property(e => e.Detail).CurrentValue = "changed";
        Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(e => e.Id == line.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        Assert.Null((await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Id == line.Id)).Detail);
    }

    [Fact]
    public async Task Admins_filter_page_and_export_the_log_and_nobody_else_reads_it()
    {
        var w = await factory.WorldAsync();
        var (email, id) = await StaffAsync();
        await (await w.Admin.PutJsonAsync($"/api/examiners/{id}", new { scope = "Center" })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await w.Admin.DeleteAsync($"/api/examiners/{id}")).ExpectStatusAsync(HttpStatusCode.NoContent);

        var byTarget = await (await w.Admin.GetAsync($"/api/audit?targetType=account&targetId={id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, byTarget.GetProperty("total").GetInt32());
        Assert.Equal([AuditActions.ExaminerRevoked, AuditActions.ExaminerGranted, AuditActions.StaffCreated],
            byTarget.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("action").GetString()));
        var byAction = await (await w.Admin.GetAsync($"/api/audit?action={AuditActions.ExaminerRevoked}&targetId={id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, byAction.GetProperty("total").GetInt32());
        var byActor = await (await w.Admin.GetAsync($"/api/audit?actor={Uri.EscapeDataString(w.AdminEmail)}&targetId={id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, byActor.GetProperty("total").GetInt32());
        var paged = await (await w.Admin.GetAsync($"/api/audit?targetId={id}&pageSize=2&page=2")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(AuditActions.StaffCreated, Assert.Single(paged.GetProperty("items").EnumerateArray()).GetProperty("action").GetString());
        var today = factory.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Date;
        var inDates = await (await w.Admin.GetAsync($"/api/audit?targetId={id}&from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, inDates.GetProperty("total").GetInt32());
        var before = await (await w.Admin.GetAsync($"/api/audit?targetId={id}&to={today.AddDays(-1):yyyy-MM-dd}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, before.GetProperty("total").GetInt32());
        await (await w.Admin.GetAsync($"/api/audit?from={today:yyyy-MM-dd}&to={today.AddDays(-1):yyyy-MM-dd}")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        using (var book = new XLWorkbook(new MemoryStream(await (await (await w.Admin.GetAsync($"/api/audit/export?format=xlsx&targetId={id}")).ExpectSuccessAsync()).Content.ReadAsByteArrayAsync())))
        {
            var ws = book.Worksheet(1);
            Assert.Equal("操作", ws.Cell(1, 4).GetString());
            Assert.Equal([AuditActions.ExaminerRevoked, AuditActions.ExaminerGranted, AuditActions.StaffCreated], Enumerable.Range(2, 3).Select(r => ws.Cell(r, 4).GetString()));
            Assert.Contains(email, ws.Cell(4, 8).GetString(), StringComparison.Ordinal);
        }
        var csv = await (await (await w.Admin.GetAsync($"/api/audit/export?format=csv&targetId={id}")).ExpectSuccessAsync()).Content.ReadAsByteArrayAsync();
        using (var reader = CsvReader.Create(csv, new CsvReaderOptions { HasHeader = true }))
        {
            var actions = new List<string>();
            while (reader.Read()) actions.Add(reader.GetString(3));
            Assert.Equal([AuditActions.ExaminerRevoked, AuditActions.ExaminerGranted, AuditActions.StaffCreated], actions);
        }

        var page = factory.CreateBrowserClient();
        await page.SignInOnPageAsync(w.AdminEmail, TestWorld.Password);
        var html = await (await (await page.GetAsync($"/admin/audit?targetId={id}")).ExpectSuccessAsync()).Content.ReadAsStringAsync();
        Assert.Contains("撤销考评员权限", html, StringComparison.Ordinal);
        Assert.Contains("创建机构教务账号", html, StringComparison.Ordinal);

        foreach (var client in new[] { w.StaffA, w.Learner })
        {
            await (await client.GetAsync("/api/audit")).ExpectStatusAsync(HttpStatusCode.Forbidden);
            await (await client.GetAsync("/api/audit/export")).ExpectStatusAsync(HttpStatusCode.Forbidden);
        }
        await (await w.Anonymous.GetAsync("/api/audit")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
    }
}
