using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Data;
using TrainerAcademy.Features.Cohorts;
using TrainerAcademy.Features.Outbox;

namespace TrainerAcademy.Tests.Data;

/// <summary>What a freshly started app holds: the reference data of db/seed/*.json, its versions, the recurring jobs.</summary>
public abstract class ReferenceDataTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : ReferenceDataTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : ReferenceDataTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    [Fact]
    public async Task The_five_levels_are_listed_from_5_to_1_with_their_reference_hours()
    {
        var levels = await (await factory.CreateApiClient().GetAsync("/api/levels")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(
            [(5, 60, "五级/初级工"), (4, 50, "四级/中级工"), (3, 40, "三级/高级工"), (2, 40, "二级/技师"), (1, 30, "一级/高级技师")],
            levels.EnumerateArray().Select(l => (l.GetProperty("level").GetInt32(), l.GetProperty("referenceHours").GetInt32(), l.GetProperty("name").GetString())));
    }

    [Fact]
    public async Task The_seven_work_functions_are_loaded_with_their_levels()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var functions = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().WorkFunctions.AsNoTracking().ToListAsync();

        Assert.Equal(7, functions.Count);
        Assert.Equal(["数据标注", "数据采集和处理", "智能系统运维"], functions.Where(f => f.AppliesTo(5)).Select(f => f.Name).Order());
        Assert.Equal(["业务分析", "培训与指导", "智能系统设计", "智能训练"], functions.Where(f => f.AppliesTo(1)).Select(f => f.Name).Order());
        Assert.All(functions, f => Assert.Equal("4-04-05-05", f.OccupationCode));
    }

    [Fact]
    public async Task Each_reference_data_set_records_the_version_of_its_seed_file()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "db", "seed"), "*.json")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("version").GetString()!);
        Assert.Equal(["application-conditions", "blueprints", "levels", "occupations", "questions", "statutory-calendar", "subsidy-policies", "work-functions"], files.Keys.Order());

        await using var scope = factory.Services.CreateAsyncScope();
        var sets = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().ReferenceDataSets.AsNoTracking().ToDictionaryAsync(s => s.Name, s => s.Version);

        Assert.Equal(files.OrderBy(f => f.Key), sets.OrderBy(s => s.Key));
    }

    [Fact]
    public async Task The_statutory_calendar_is_loaded_with_every_day_of_its_seed_file()
    {
        var seed = TrainerAcademy.Domain.Scheduling.StatutoryCalendarSeed.ReadEmbedded();
        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().StatutoryCalendar.AsNoTracking().ToListAsync();

        Assert.Equal(seed.Items.Count, stored.Count);
        var nationalDay = stored.Single(d => d.Date == new DateOnly(2026, 10, 1));
        Assert.Equal(TrainerAcademy.Domain.Scheduling.CalendarDayKind.PublicHoliday, nationalDay.Kind);
        Assert.Contains(stored, d => d.Date == new DateOnly(2026, 10, 10) && d.Kind == TrainerAcademy.Domain.Scheduling.CalendarDayKind.MakeUpWorkday);
        Assert.Equal(seed.Items.Count(i => i.Provisional), stored.Count(d => d.Provisional));
    }

    [Fact]
    public async Task Loading_the_reference_data_again_changes_nothing()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var applied = await db.ReferenceDataSets.AsNoTracking().ToDictionaryAsync(s => s.Name, s => s.AppliedAt);

        await scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>().SeedAsync();

        Assert.Equal((5, 7, 1), (await db.SkillLevels.CountAsync(), await db.WorkFunctions.CountAsync(), await db.Occupations.CountAsync()));
        Assert.Equal(applied, await db.ReferenceDataSets.AsNoTracking().ToDictionaryAsync(s => s.Name, s => s.AppliedAt));
    }

    [Fact]
    public async Task The_recurring_jobs_are_registered_in_the_job_storage()
    {
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();

        var ids = connection.GetRecurringJobs().Select(j => j.Id).ToList();

        Assert.Contains(CohortStatusJob.Id, ids);
        Assert.Contains(OutboxDispatchJob.Id, ids);
        Assert.Contains(TrainerAcademy.Features.Enrollments.EnrollmentHoldJob.SweepId, ids);
        Assert.Contains(TrainerAcademy.Features.Payments.StripeReconciliationJob.Id, ids);
        Assert.Contains(TrainerAcademy.Features.Timetable.SessionReminderJob.Id, ids);
    }

    [Fact]
    public async Task The_health_check_reports_the_database_healthy()
    {
        using var response = await factory.CreateApiClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_catalog_and_staff_apis()
    {
        var doc = await (await factory.CreateApiClient().GetAsync("/openapi/v1.json")).ExpectJsonAsync(HttpStatusCode.OK);
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/courses", paths);
        Assert.Contains("/api/cohorts", paths);
        Assert.Contains("/api/me/profile", paths);
        Assert.Contains("/api/auth/login", paths);
        Assert.Contains("/api/cohorts/{id}/enrollments", paths);
        Assert.Contains("/api/payments/stripe/webhook", paths);
        Assert.Contains("/api/cohorts/{id}/sessions", paths);

        var bearer = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString()));
        Assert.True(doc.GetProperty("security")[0].TryGetProperty("Bearer", out _), doc.GetProperty("security").ToString());
    }
}
