using System.Globalization;
using System.Runtime.CompilerServices;
using ClosedXML.Excel;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Features.Attendance;
using TrainerAcademy.Features.Reports;

namespace TrainerAcademy.Tests.Reports;

/// <summary>
/// Every figure of the dashboard checked against <see cref="ReportDataSet"/>, whose totals are known row by row: the funnel,
/// pass rates by month, level, center, cohort and work function, revenue and refunds, each filter, the tables read back
/// from Excel and CSV, and tenancy (staff see their center alone; learners are refused). The SQL restatements of the
/// platform's rules are held to the rules themselves (training completion, the combined outcome).
/// </summary>
public abstract class ReportTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : ReportTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : ReportTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private static readonly ConditionalWeakTable<AcademyFactory, Task<ReportDataSet>> Sets = new();

    private Task<ReportDataSet> DataAsync() => Sets.GetValue(factory, f => ReportDataSet.CreateAsync(f.Services, f.Provider));

    private static string Q(ReportDataSet d, string extra = "", DateOnly? from = null, DateOnly? to = null) =>
        $"from={(from ?? d.From):yyyy-MM-dd}&to={(to ?? d.To):yyyy-MM-dd}" + extra;

    private static int Count(JsonElement row, string stage) => row.GetProperty("counts").GetProperty(stage).GetInt32();

    private static JsonElement Month(JsonElement rows, string key) => rows.EnumerateArray().Single(r => r.GetProperty("key").GetString() == key);

    private static void Stages(JsonElement row, params int[] expected) =>
        Assert.Equal(expected, new[] { "enrolled", "trainingComplete", "assessed", "passed", "certified" }.Select(s => Count(row, s)).ToArray());

    private async Task<HttpClient> StaffOfAsync(int centerId)
    {
        var email = TestData.Email("report-staff");
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(email, TestWorld.Password, Roles.CenterStaff, centerId);
        return await factory.SignInAsync(email, TestWorld.Password);
    }

    [Fact]
    public async Task The_funnel_counts_each_stage_by_month_of_confirmation_and_by_cohort()
    {
        var d = await DataAsync();
        var w = await factory.WorldAsync();
        var funnel = await (await w.Admin.GetAsync($"/api/reports/funnel?{Q(d, $"&centerId={d.CenterX}")}")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(["enrolled", "trainingComplete", "assessed", "passed", "certified", "subsidy-claimed"], funnel.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("key").GetString()));
        Assert.All(funnel.GetProperty("stages").EnumerateArray(), s => Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("howCounted").GetString())));
        var months = funnel.GetProperty("months");
        Assert.Equal(3, months.GetArrayLength());
        // January: 10 level-4 places and 3 level-5; 9 + 3 complete (late by 18 of 180 minutes is exactly 90%); p1–p6 and q1
        // assessed (p7 pending, p10 not complete); p1–p4 and q1 passed; p1–p3 and q1 certified (p4's certificate revoked).
        Stages(Month(months, $"{d.Year}-01"), 13, 12, 7, 5, 4);
        // February: p11–p14, of whom p13 and p14 complete (p11 skipped practice, p12 attended a cancelled session); p13 passed and certified.
        Stages(Month(months, $"{d.Year}-02"), 4, 2, 1, 1, 1);
        Stages(Month(months, $"{d.Year}-03"), 1, 1, 0, 0, 0);
        Stages(funnel.GetProperty("total"), 18, 15, 8, 6, 5);

        var cohorts = funnel.GetProperty("cohorts");
        Assert.Equal(2, cohorts.GetArrayLength());
        Stages(Month(cohorts, d.CohortX4.ToString(CultureInfo.InvariantCulture)), 15, 12, 7, 5, 4);
        Stages(Month(cohorts, d.CohortX5.ToString(CultureInfo.InvariantCulture)), 3, 3, 1, 1, 1);

        // Every center: center Y adds two places in January, both complete, one assessed, passed and certified.
        var all = await (await w.Admin.GetAsync($"/api/reports/funnel?{Q(d)}")).ExpectJsonAsync(HttpStatusCode.OK);
        Stages(Month(all.GetProperty("months"), $"{d.Year}-01"), 15, 14, 8, 6, 5);
        Stages(all.GetProperty("total"), 20, 17, 9, 7, 6);
    }

    [Fact]
    public async Task Pass_rates_count_released_decided_results_by_month_level_center_cohort_and_work_function()
    {
        var d = await DataAsync();
        var w = await factory.WorldAsync();
        var r = await (await w.Admin.GetAsync($"/api/reports/results?{Q(d, $"&centerId={d.CenterX}")}")).ExpectJsonAsync(HttpStatusCode.OK);

        void Rate(JsonElement row, int assessed, int passed, decimal? rate)
        {
            Assert.Equal(assessed, row.GetProperty("assessed").GetInt32());
            Assert.Equal(passed, row.GetProperty("passed").GetInt32());
            Assert.Equal(rate, row.GetProperty("rate").ValueKind == JsonValueKind.Null ? null : row.GetProperty("rate").GetDecimal());
        }
        // February: p1–p6 and p10 at level 4 (p7's skill part is unscored: no result yet) and q1 at level 5; March: p13.
        Rate(r.GetProperty("total"), 9, 7, 77.8m);
        Rate(Month(r.GetProperty("months"), $"{d.Year}-01"), 0, 0, null);
        Rate(Month(r.GetProperty("months"), $"{d.Year}-02"), 8, 6, 75.0m);
        Rate(Month(r.GetProperty("months"), $"{d.Year}-03"), 1, 1, 100.0m);
        Rate(Month(r.GetProperty("levels"), "4"), 8, 6, 75.0m);
        Rate(Month(r.GetProperty("levels"), "5"), 1, 1, 100.0m);
        Rate(Assert.Single(r.GetProperty("centers").EnumerateArray()), 9, 7, 77.8m);
        // Work function A passed on every paper but p13's; B failed on p5's and p6's.
        Rate(Month(r.GetProperty("workFunctions"), d.WorkFunctionA), 9, 8, 88.9m);
        Rate(Month(r.GetProperty("workFunctions"), d.WorkFunctionB), 9, 7, 77.8m);
        // By cohort, from the funnel: of the places, those assessed and those passed.
        Rate(Month(r.GetProperty("cohorts"), d.CohortX4.ToString(CultureInfo.InvariantCulture)), 7, 5, 71.4m);

        var all = await (await w.Admin.GetAsync($"/api/reports/results?{Q(d)}")).ExpectJsonAsync(HttpStatusCode.OK);
        Rate(all.GetProperty("total"), 10, 8, 80.0m);
        Assert.Equal(2, all.GetProperty("centers").GetArrayLength());
    }

    [Fact]
    public async Task Revenue_and_refunds_sum_succeeded_payments_by_month_of_payment()
    {
        var d = await DataAsync();
        var w = await factory.WorldAsync();
        var m = await (await w.Admin.GetAsync($"/api/reports/money?{Q(d, $"&centerId={d.CenterX}")}")).ExpectJsonAsync(HttpStatusCode.OK);

        void Money(JsonElement row, decimal revenue, decimal refunds, int payments)
        {
            Assert.Equal(revenue, row.GetProperty("amounts").GetProperty("revenue").GetDecimal());
            Assert.Equal(refunds, row.GetProperty("amounts").GetProperty("refunds").GetDecimal());
            Assert.Equal(revenue - refunds, row.GetProperty("net").GetDecimal());
            Assert.Equal(payments, row.GetProperty("payments").GetInt32());
        }
        // The mismatched 500 and the pending checkout count for nothing; p10's 1,300 refund counts in January, its payment's month.
        Money(Month(m.GetProperty("months"), $"{d.Year}-01"), 26000m, 1300m, 10);
        Money(Month(m.GetProperty("months"), $"{d.Year}-02"), 10400m, 0m, 4);
        Money(Month(m.GetProperty("months"), $"{d.Year}-03"), 0m, 0m, 0);
        Money(m.GetProperty("total"), 36400m, 1300m, 14);
        Assert.Equal(["revenue", "refunds", "subsidies"], m.GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("key").GetString()));

        var all = await (await w.Admin.GetAsync($"/api/reports/money?{Q(d)}")).ExpectJsonAsync(HttpStatusCode.OK);
        Money(all.GetProperty("total"), 39400m, 1300m, 15);
        Assert.Equal(2, all.GetProperty("centers").GetArrayLength());
    }

    [Fact]
    public async Task The_filters_narrow_every_figure_by_dates_level_and_cohort()
    {
        var d = await DataAsync();
        var w = await factory.WorldAsync();
        var feb = Q(d, $"&centerId={d.CenterX}", new DateOnly(d.Year, 2, 1), new DateOnly(d.Year, 2, 28));
        var funnel = await (await w.Admin.GetAsync($"/api/reports/funnel?{feb}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, funnel.GetProperty("months").GetArrayLength());
        Stages(funnel.GetProperty("total"), 4, 2, 1, 1, 1);
        var results = await (await w.Admin.GetAsync($"/api/reports/results?{feb}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(8, results.GetProperty("total").GetProperty("assessed").GetInt32());
        var money = await (await w.Admin.GetAsync($"/api/reports/money?{feb}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(10400m, money.GetProperty("total").GetProperty("amounts").GetProperty("revenue").GetDecimal());

        var level5 = Q(d, $"&centerId={d.CenterX}&level=5");
        Stages((await (await w.Admin.GetAsync($"/api/reports/funnel?{level5}")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("total"), 3, 3, 1, 1, 1);
        var level5Results = await (await w.Admin.GetAsync($"/api/reports/results?{level5}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, level5Results.GetProperty("total").GetProperty("passed").GetInt32());
        Assert.Equal(0m, (await (await w.Admin.GetAsync($"/api/reports/money?{level5}")).ExpectJsonAsync(HttpStatusCode.OK))
            .GetProperty("total").GetProperty("amounts").GetProperty("revenue").GetDecimal());

        var cohort = Q(d, $"&cohortId={d.CohortX4}");
        Stages((await (await w.Admin.GetAsync($"/api/reports/funnel?{cohort}")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("total"), 15, 12, 7, 5, 4);
        var cohortResults = await (await w.Admin.GetAsync($"/api/reports/results?{cohort}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(8, cohortResults.GetProperty("total").GetProperty("assessed").GetInt32());
        Assert.Equal(6, cohortResults.GetProperty("total").GetProperty("passed").GetInt32());
        Assert.Equal(36400m, (await (await w.Admin.GetAsync($"/api/reports/money?{cohort}")).ExpectJsonAsync(HttpStatusCode.OK))
            .GetProperty("total").GetProperty("amounts").GetProperty("revenue").GetDecimal());

        // Bad filters are the caller's problem, never a 500.
        var reversed = await (await w.Admin.GetAsync($"/api/reports/funnel?from={d.Year}-03-01&to={d.Year}-01-01")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("report.range", reversed.GetProperty("code").GetString());
        await (await w.Admin.GetAsync($"/api/reports/funnel?from={d.Year - 4}-01-01&to={d.Year}-01-01")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await w.Admin.GetAsync($"/api/reports/funnel?level=9")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await w.Admin.GetAsync($"/api/reports/funnel?centerId=999999")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.Admin.GetAsync($"/api/reports/funnel?cohortId=999999")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Staff_see_their_own_center_only_and_learners_are_refused()
    {
        var d = await DataAsync();
        var w = await factory.WorldAsync();
        var staffX = await StaffOfAsync(d.CenterX);

        // Without a center, staff get their own: the same figures as an admin asking for center X.
        var own = await (await staffX.GetAsync($"/api/reports/funnel?{Q(d)}")).ExpectJsonAsync(HttpStatusCode.OK);
        Stages(own.GetProperty("total"), 18, 15, 8, 6, 5);
        var money = await (await staffX.GetAsync($"/api/reports/money?{Q(d)}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(36400m, money.GetProperty("total").GetProperty("amounts").GetProperty("revenue").GetDecimal());
        Assert.Equal(d.CenterX.ToString(CultureInfo.InvariantCulture), Assert.Single(money.GetProperty("centers").EnumerateArray()).GetProperty("key").GetString());
        var results = await (await staffX.GetAsync($"/api/reports/results?{Q(d)}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Single(results.GetProperty("centers").EnumerateArray());

        // Another center, or a cohort of another center, is answered as if it did not exist.
        foreach (var path in new[] { "funnel", "results", "money", "tables/funnel-months" })
        {
            await (await staffX.GetAsync($"/api/reports/{path}?{Q(d, $"&centerId={d.CenterY}")}")).ExpectStatusAsync(HttpStatusCode.NotFound);
            await (await staffX.GetAsync($"/api/reports/{path}?{Q(d, $"&cohortId={d.CohortY4}")}")).ExpectStatusAsync(HttpStatusCode.NotFound);
            await (await w.Learner.GetAsync($"/api/reports/{path}?{Q(d)}")).ExpectStatusAsync(HttpStatusCode.Forbidden);
            await (await w.Anonymous.GetAsync($"/api/reports/{path}?{Q(d)}")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        }

        // The pages: staff at /staff/reports see their center's figures; a learner is turned away from both pages.
        var browser = factory.CreateBrowserClient();
        var staffEmail = TestData.Email("report-page");
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(staffEmail, TestWorld.Password, Roles.CenterStaff, d.CenterY);
        await browser.SignInOnPageAsync(staffEmail, TestWorld.Password);
        var page = await (await browser.GetAsync($"/staff/reports?{Q(d)}")).ExpectSuccessAsync();
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("报表中心 Y" + d.Year, html, StringComparison.Ordinal);
        Assert.DoesNotContain("报表中心 X" + d.Year, html, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"report-chart\"", html, StringComparison.Ordinal);
        await (await browser.GetAsync($"/staff/reports?{Q(d, $"&centerId={d.CenterX}")}")).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await browser.GetAsync("/admin/reports")).ExpectStatusAsync(HttpStatusCode.Redirect);

        var learner = factory.CreateBrowserClient();
        await learner.SignInOnPageAsync(w.LearnerEmail, TestWorld.Password);
        foreach (var path in new[] { "/staff/reports", "/admin/reports" })
        {
            using var refused = await learner.GetAsync(path);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("access-denied", StringComparison.Ordinal) == true,
                $"{path}: {(int)refused.StatusCode}");
        }
    }

    [Fact]
    public async Task The_admin_page_shows_the_figures_charts_and_how_they_are_counted()
    {
        var d = await DataAsync();
        var w = await factory.WorldAsync();
        var browser = factory.CreateBrowserClient();
        await browser.SignInOnPageAsync(w.AdminEmail, TestWorld.Password);
        var html = await (await (await browser.GetAsync($"/admin/reports?{Q(d, $"&centerId={d.CenterX}")}")).ExpectSuccessAsync()).Content.ReadAsStringAsync();

        Assert.Equal(5, System.Text.RegularExpressions.Regex.Matches(html, "<svg class=\"report-chart\"").Count);
        Assert.Contains("<title id=\"chart-funnel-title\">", html, StringComparison.Ordinal);
        Assert.Contains("统计口径", html, StringComparison.Ordinal);
        Assert.Contains("报名确认：", html, StringComparison.Ordinal);
        Assert.Contains("¥36,400.00", html, StringComparison.Ordinal);
        Assert.Contains($"/api/reports/tables/funnel-months?format=xlsx&amp;from={d.From:yyyy-MM-dd}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_table_downloads_as_Excel_and_CSV_with_the_figures_of_the_page()
    {
        var d = await DataAsync();
        var w = await factory.WorldAsync();
        var q = Q(d, $"&centerId={d.CenterX}");

        var xlsx = await (await w.Admin.GetAsync($"/api/reports/tables/funnel-months?format=xlsx&{q}")).ExpectSuccessAsync();
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using (var book = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync())))
        {
            var ws = book.Worksheet(1);
            Assert.Equal("月份", ws.Cell(1, 1).GetString());
            Assert.Equal("报名确认", ws.Cell(1, 2).GetString());
            Assert.Equal($"{d.Year}-01", ws.Cell(2, 1).GetString());
            Assert.Equal([13, 12, 7, 5, 4], Enumerable.Range(2, 5).Select(c => (int)ws.Cell(2, c).GetDouble()));
            Assert.Equal("合计", ws.Cell(5, 1).GetString());
            Assert.Equal([18, 15, 8, 6, 5], Enumerable.Range(2, 5).Select(c => (int)ws.Cell(5, c).GetDouble()));
        }

        var csv = await (await w.Admin.GetAsync($"/api/reports/tables/money-months?format=csv&{q}")).ExpectSuccessAsync();
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        using (var reader = CsvReader.Create(bytes, new CsvReaderOptions { HasHeader = false }))
        {
            var rows = new List<string[]>();
            while (reader.Read()) rows.Add([.. Enumerable.Range(0, 6).Select(reader.GetString)]);
            Assert.Equal(["月份", "收入（元）", "退款（元）", "已发放补贴（元）", "净收入（元）", "付款笔数"], rows[0]);
            Assert.Equal([$"{d.Year}-01", "26000.00", "1300.00", "0.00", "24700.00", "10"], rows[1]);
            Assert.Equal(["合计", "36400.00", "1300.00", "0.00", "35100.00", "14"], rows[4]);
        }

        foreach (var table in ReportTables.Keys)
            foreach (var format in new[] { "xlsx", "csv" })
                await (await w.Admin.GetAsync($"/api/reports/tables/{table}?format={format}&{q}")).ExpectStatusAsync(HttpStatusCode.OK);
        using var work = new XLWorkbook(new MemoryStream(await (await w.Admin.GetAsync($"/api/reports/tables/results-work-functions?{q}")).Content.ReadAsByteArrayAsync()));
        Assert.Equal(9, (int)work.Worksheet(1).Cell(2, 2).GetDouble());
        await (await w.Admin.GetAsync($"/api/reports/tables/nothing?{q}")).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await w.Admin.GetAsync($"/api/reports/tables/funnel-months?format=pdf&{q}")).ExpectStatusAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_sql_completion_and_outcome_agree_with_the_platforms_own_rules()
    {
        var d = await DataAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<TrainerAcademy.Data.AcademyDbContext>();
        var admin = (await factory.WorldAsync()).Admin;
        var filter = new ReportFilter(d.From, d.To, null, null, null, null,
            [new ReportMonth(0, d.Year, 1), new ReportMonth(1, d.Year, 2), new ReportMonth(2, d.Year, 3)]);

        // Training completion: the funnel's SQL against TrainingProgress, place by place.
        var places = await sp.GetRequiredService<ReportData>().Places(filter).ToListAsync();
        Assert.Equal(20, places.Count);
        var progress = sp.GetRequiredService<TrainingProgress>();
        foreach (var place in places)
            Assert.Equal((await progress.ForEnrollmentAsync(place.EnrollmentId)).TrainingComplete, place.Complete);

        // The outcome: the SQL's decided results against CombinedResult.Decide over the same attempts.
        var decided = await sp.GetRequiredService<ReportData>().DecidedResults()
            .Where(r => r.CenterId == d.CenterX || r.CenterId == d.CenterY).ToDictionaryAsync(r => r.RegistrationId, r => r.Passed);
        var registrations = await (from r in db.ExamRegistrations.AsNoTracking()
                                   join s in db.ExamSessions on r.SessionId equals s.Id
                                   where s.CenterId == d.CenterX || s.CenterId == d.CenterY
                                   select new { r.Id, s.Level }).ToListAsync();
        Assert.Equal(11, registrations.Count);
        foreach (var r in registrations)
        {
            var scores = await db.ExamAttempts.AsNoTracking().Where(a => a.RegistrationId == r.Id)
                .Select(a => new { a.Component, a.Status, a.Score, a.PassMark }).ToListAsync();
            var outcome = CombinedResult.Decide(r.Level, scores.Select(a => new ComponentScore(a.Component, a.Status == AttemptStatus.Graded ? a.Score : null, a.PassMark)));
            Assert.Equal(outcome switch { AssessmentOutcome.Passed => true, AssessmentOutcome.Failed => false, _ => (bool?)null },
                decided.TryGetValue(r.Id, out var passed) ? passed : null);
        }
        _ = admin;
    }
}
