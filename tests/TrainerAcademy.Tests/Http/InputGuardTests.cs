using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.Http;

/// <summary>
/// NUL characters are refused where they enter (an address, a query string, a form field, a JSON string: 400), and
/// nothing is written with a NUL or longer than its column on either database (a broken rule, 422), so SQLite refuses
/// what PostgreSQL and SQL Server would.
/// </summary>
public abstract class InputGuardTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : InputGuardTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : InputGuardTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    [Fact]
    public async Task A_nul_in_an_address_a_query_or_a_json_string_is_a_400_problem()
    {
        var w = await factory.WorldAsync();
        foreach (var path in new[] { "/api/verify/S0000123?x=%00", "/api/courses?q=a%00b", "/api/result-postings?level=%00" })
        {
            var problem = await (await w.Anonymous.GetAsync(path)).ExpectProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal("input.nul", problem.GetProperty("code").GetString());
        }
        var body = new StringContent("""{ "name": "中心\u0000", "organisationCode": "1234", "provinceCode": "31" }""", System.Text.Encoding.UTF8, "application/json");
        await (await w.Admin.PostAsync("/api/centers", body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.False(await factory.DbAsync(db => db.Centers.AnyAsync(c => c.Name.StartsWith("中心") && c.OrganisationCode == "1234")));
    }

    [Fact]
    public async Task A_nul_in_a_form_field_is_refused_before_the_page_runs()
    {
        var browser = factory.CreateBrowserClient();
        using var response = await browser.SubmitFormAsync("/account/login",
            new Dictionary<string, string> { ["Input.Email"] = "a\0b@example.com", ["Input.Password"] = "x" });
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Nothing_is_written_with_a_nul_or_longer_than_its_column()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var now = DateTimeOffset.UtcNow;

        db.Outbox.Add(new OutboxMessage("someone@example.com", new string('长', 301), "<p>x</p>", now));
        var tooLong = await Assert.ThrowsAsync<RuleViolation>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
        Assert.Equal(("input.too-long", "subject"), (tooLong.Code, tooLong.Field));
        db.ChangeTracker.Clear();

        db.Outbox.Add(new OutboxMessage("someone@example.com", "主题", "<p>x\0</p>", now));
        var nul = await Assert.ThrowsAsync<RuleViolation>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
        Assert.Equal(("input.nul", "htmlBody"), (nul.Code, nul.Field));
        db.ChangeTracker.Clear();

        // A column exactly full is fine, and a change to another column of a row is not held back by its old text.
        var full = new OutboxMessage("someone@example.com", new string('满', 300), "<p>x</p>", now);
        db.Outbox.Add(full);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        full.MarkFailed("timeout");
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        Assert.Equal(300, (await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == full.Id, TestContext.Current.CancellationToken)).Subject.Length);
    }
}
