using Microsoft.EntityFrameworkCore;
using ClosedXML.Excel;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Domain.Attendance;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Attendance;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.Attendances;

/// <summary>Staff take a session's attendance; the hours a place attended decide whether its training is complete; staff export a cohort's attendance.</summary>
public abstract class AttendanceRosterTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteEnrollmentClockFactory f) : AttendanceRosterTests(f), IClassFixture<SqliteEnrollmentClockFactory>;

    public sealed class OnPostgreSql : AttendanceRosterTests, IClassFixture<PostgresEnrollmentClockFactory>
    {
        public OnPostgreSql(PostgresEnrollmentClockFactory f) : base(f) => TestPostgres.Require();
    }

    private static string Url(int sessionId) => $"/api/sessions/{sessionId}/attendance";

    private static object Mark(int enrollmentId, string status, int? minutesMissed = null) => new { enrollmentId, status, minutesMissed };

    private async Task<(AttendanceClass Class, int SessionId)> StartedSessionAsync(int learners = 3)
    {
        var k = await factory.ClassAsync(learners);
        return (k, await factory.SessionAsync(k.CohortId, factory.Now().AddMinutes(-60), 180));
    }

    [Fact]
    public async Task Staff_mark_a_started_session_and_a_later_save_changes_only_the_marks_it_names()
    {
        var w = await factory.WorldAsync();
        var (k, session) = await StartedSessionAsync();

        var before = await (await w.StaffA.GetAsync(Url(session))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(before.GetProperty("canMark").GetBoolean());
        Assert.Equal(k.EnrollmentIds.Order(), before.GetProperty("learners").EnumerateArray().Select(l => l.GetProperty("enrollmentId").GetInt32()).Order());
        Assert.All(before.GetProperty("learners").EnumerateArray(), l => Assert.Equal(JsonValueKind.Null, l.GetProperty("status").ValueKind));

        var saved = await (await w.StaffA.PutJsonAsync(Url(session), new
        {
            marks = new[] { Mark(k.EnrollmentIds[0], "present"), Mark(k.EnrollmentIds[1], "late", 15), Mark(k.EnrollmentIds[2], "Absent", 30) },
        })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, saved.GetProperty("learners").EnumerateArray().Count(l => l.GetProperty("status").ValueKind == JsonValueKind.String));

        var records = await factory.RecordsAsync(session);
        Assert.Equal([AttendanceStatus.Present, AttendanceStatus.Late, AttendanceStatus.Absent], records.Select(r => r.Status));
        Assert.Equal([0, 15, 0], records.Select(r => r.MinutesMissed));
        Assert.All(records, r => Assert.Equal(AttendanceSource.Roster, r.Source));

        await (await w.StaffA.PutJsonAsync(Url(session), new { marks = new[] { Mark(k.EnrollmentIds[2], "excused") } })).ExpectJsonAsync(HttpStatusCode.OK);
        records = await factory.RecordsAsync(session);
        Assert.Equal([AttendanceStatus.Present, AttendanceStatus.Late, AttendanceStatus.Excused], records.Select(r => r.Status));
    }

    [Fact]
    public async Task One_bad_mark_refuses_the_whole_save_names_the_mark_and_stores_nothing()
    {
        var w = await factory.WorldAsync();
        var (k, session) = await StartedSessionAsync();
        var other = await factory.ClassAsync(1);

        async Task Refused(object[] marks, string code, string field)
        {
            var problem = await (await w.StaffA.PutJsonAsync(Url(session), new { marks })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal(code, problem.GetProperty("code").GetString());
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name {field}: {problem}");
        }

        await Refused([Mark(k.EnrollmentIds[0], "present"), Mark(k.EnrollmentIds[1], "late", 0)], "attendance.minutesMissed", "marks[1].minutesMissed");
        await Refused([Mark(k.EnrollmentIds[0], "present"), Mark(k.EnrollmentIds[1], "leftEarly", 180)], "attendance.minutesMissed", "marks[1].minutesMissed");
        await Refused([Mark(k.EnrollmentIds[0], "present"), Mark(k.EnrollmentIds[1], "sleeping")], "attendance.status", "marks[1].status");
        await Refused([Mark(k.EnrollmentIds[0], "present"), Mark(k.EnrollmentIds[1], "3")], "attendance.status", "marks[1].status");
        await Refused([Mark(k.EnrollmentIds[0], "present"), Mark(other.EnrollmentIds[0], "present")], "attendance.unknown-learner", "marks[1].enrollmentId");
        await Refused([Mark(k.EnrollmentIds[0], "present"), Mark(k.EnrollmentIds[0], "absent")], "attendance.duplicate-mark", "marks[1].enrollmentId");
        await (await w.StaffA.PutJsonAsync(Url(session), new { marks = Array.Empty<object>() })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await w.StaffA.SendRawAsync(HttpMethod.Put, Url(session), "{\"marks\": [ { \"enrollmentId\": \"x\" } ]}")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty(await factory.RecordsAsync(session));
    }

    [Fact]
    public async Task Marks_are_refused_before_the_session_starts_and_for_a_cancelled_session()
    {
        var w = await factory.WorldAsync();
        var k = await factory.ClassAsync(1);
        var later = await factory.SessionAsync(k.CohortId, factory.Now().AddHours(2), 120);
        var cancelled = await factory.SessionAsync(k.CohortId, factory.Now().AddHours(-2), 60, cancelled: true);
        var marks = new { marks = new[] { Mark(k.EnrollmentIds[0], "present") } };

        Assert.False((await (await w.StaffA.GetAsync(Url(later))).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("canMark").GetBoolean());
        Assert.Equal("attendance.not-started",
            (await (await w.StaffA.PutJsonAsync(Url(later), marks)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        Assert.Equal("attendance.session-cancelled",
            (await (await w.StaffA.PutJsonAsync(Url(cancelled), marks)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        Assert.Empty(await factory.RecordsAsync(later));
        Assert.Empty(await factory.RecordsAsync(cancelled));
    }

    [Fact]
    public async Task Another_centers_staff_get_404_a_learner_403_anonymous_401_and_an_admin_may_mark()
    {
        var w = await factory.WorldAsync();
        var (k, session) = await StartedSessionAsync(1);
        var marks = new { marks = new[] { Mark(k.EnrollmentIds[0], "present") } };

        await (await w.StaffB.GetAsync(Url(session))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.PutJsonAsync(Url(session), marks)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffA.GetAsync(Url(999_999))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await k.Learners[0].Client.GetAsync(Url(session))).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await k.Learners[0].Client.PutJsonAsync(Url(session), marks)).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.Anonymous.PutJsonAsync(Url(session), marks)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await w.StaffB.GetAsync($"/api/cohorts/{k.CohortId}/attendance.xlsx")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await k.Learners[0].Client.GetAsync($"/api/cohorts/{k.CohortId}/attendance.csv")).ExpectStatusAsync(HttpStatusCode.Forbidden);
        Assert.Empty(await factory.RecordsAsync(session));

        await (await w.Admin.PutJsonAsync(Url(session), marks)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Single(await factory.RecordsAsync(session));
    }

    [Fact]
    public async Task The_roster_page_lists_the_learners_and_saves_the_marks_of_its_form()
    {
        var w = await factory.WorldAsync();
        var (k, session) = await StartedSessionAsync(2);
        var staff = factory.CreateBrowserClient();
        await (await staff.SignInOnPageAsync(w.StaffAEmail, TestWorld.Password)).ExpectStatusAsync(HttpStatusCode.Redirect);

        var page = await staff.GetDocumentAsync($"/staff/sessions/{session}/attendance");
        Assert.Equal(2, page.QuerySelectorAll(".mark-row").Length);
        Assert.Equal(10, page.QuerySelectorAll(".mark-row input[type=radio]").Length);

        var response = await staff.SubmitFormAsync($"/staff/sessions/{session}/attendance", new Dictionary<string, string>
        {
            ["Marks[0].EnrollmentId"] = k.EnrollmentIds[0].ToString(), ["Marks[0].Status"] = "leftEarly", ["Marks[0].MinutesMissed"] = "20",
            ["Marks[1].EnrollmentId"] = k.EnrollmentIds[1].ToString(),
        });
        await response.ExpectStatusAsync(HttpStatusCode.Redirect);
        var record = Assert.Single(await factory.RecordsAsync(session));
        Assert.Equal((k.EnrollmentIds[0], AttendanceStatus.LeftEarly, 20), (record.EnrollmentId, record.Status, record.MinutesMissed));

        var refused = await staff.SubmitFormAsync($"/staff/sessions/{session}/attendance", new Dictionary<string, string>
        {
            ["Marks[0].EnrollmentId"] = k.EnrollmentIds[0].ToString(), ["Marks[0].Status"] = "late",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("迟到或早退的缺课分钟数", await refused.Content.ReadAsStringAsync());
        Assert.Equal(AttendanceStatus.LeftEarly, Assert.Single(await factory.RecordsAsync(session)).Status);

        await (await w.StaffB.GetAsync($"/staff/sessions/{session}/attendance")).ExpectStatusAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(108, true)]
    [InlineData(109, false)]
    public async Task Training_is_complete_at_exactly_ninety_percent_of_the_theory_and_the_practice_hours(int theoryMinutesMissed, bool complete)
    {
        // The course has 18 theory hours (1,080 minutes: 972 make 90%) and 42 practice hours (2,520 minutes: 2,268).
        var w = await factory.WorldAsync();
        var k = await factory.ClassAsync(2);
        var day = new DateTimeOffset(2025, 6, 7, 1, 0, 0, TimeSpan.Zero);
        var theory = new[] { await factory.SessionAsync(k.CohortId, day, 540), await factory.SessionAsync(k.CohortId, day.AddDays(1), 540) };
        var practice = new List<int>();
        for (var i = 0; i < 4; i++) practice.Add(await factory.SessionAsync(k.CohortId, day.AddDays(7 + i), 630, SessionKind.Practice));
        var cancelled = await factory.SessionAsync(k.CohortId, day.AddDays(20), 540, cancelled: true);

        var place = k.EnrollmentIds[0];
        await factory.MarkAsync(theory[0], place, AttendanceStatus.Present);
        await factory.MarkAsync(theory[1], place, AttendanceStatus.Late, theoryMinutesMissed);
        await factory.MarkAsync(cancelled, place, AttendanceStatus.Present);
        for (var i = 0; i < 3; i++) await factory.MarkAsync(practice[i], place, AttendanceStatus.Present);
        await factory.MarkAsync(practice[3], place, AttendanceStatus.LeftEarly, 252);
        await factory.MarkAsync(practice[0], k.EnrollmentIds[1], AttendanceStatus.Absent);

        var view = await (await k.Learners[0].Client.GetAsync($"/api/enrollments/{place}/attendance")).ExpectJsonAsync(HttpStatusCode.OK);
        var progress = view.GetProperty("progress");
        Assert.Equal(1080 - theoryMinutesMissed, progress.GetProperty("theory").GetProperty("minutesAttended").GetInt32());
        Assert.Equal(1080, progress.GetProperty("theory").GetProperty("minutesRequired").GetInt32());
        Assert.Equal(2268, progress.GetProperty("practice").GetProperty("minutesAttended").GetInt32());
        Assert.True(progress.GetProperty("practice").GetProperty("reached").GetBoolean());
        Assert.Equal(complete, progress.GetProperty("trainingComplete").GetBoolean());
        Assert.Equal(7, view.GetProperty("sessions").GetArrayLength());

        await using var scope = factory.Services.CreateAsyncScope();
        var tally = scope.ServiceProvider.GetRequiredService<TrainingProgress>();
        Assert.Equal(complete, await tally.IsTrainingCompleteAsync(k.Learners[0].Id, 5, TestContext.Current.CancellationToken));
        Assert.False(await tally.IsTrainingCompleteAsync(k.Learners[0].Id, 4, TestContext.Current.CancellationToken));
        Assert.False(await tally.IsTrainingCompleteAsync(k.Learners[1].Id, 5, TestContext.Current.CancellationToken));

        // A place is its learner's and its center's: another learner and another center get 404.
        await (await k.Learners[1].Client.GetAsync($"/api/enrollments/{place}/attendance")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffB.GetAsync($"/api/enrollments/{place}/attendance")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.StaffA.GetAsync($"/api/enrollments/{place}/attendance")).ExpectJsonAsync(HttpStatusCode.OK);
        var learnerPage = factory.CreateBrowserClient();
        await (await learnerPage.SignInOnPageAsync(k.Learners[0].Email, TestWorld.Password)).ExpectStatusAsync(HttpStatusCode.Redirect);
        var page = await learnerPage.GetDocumentAsync($"/enrollments/{place}/attendance");
        Assert.Equal(complete, page.QuerySelector("[data-testid=training-complete]") is not null);
        Assert.NotNull((await learnerPage.GetDocumentAsync($"/enrollments/{place}")).QuerySelector("[data-testid=attendance-link]"));
        await (await learnerPage.GetAsync($"/enrollments/{k.EnrollmentIds[1]}/attendance")).ExpectStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Staff_export_a_cohorts_attendance_as_Excel_and_CSV_with_a_row_per_learner_and_a_column_per_session()
    {
        var w = await factory.WorldAsync();
        var k = await factory.ClassAsync(2);
        var day = new DateTimeOffset(2025, 9, 6, 1, 0, 0, TimeSpan.Zero);
        var first = await factory.SessionAsync(k.CohortId, day, 180);
        var second = await factory.SessionAsync(k.CohortId, day.AddDays(1), 240, SessionKind.Practice);
        await factory.SessionAsync(k.CohortId, day.AddDays(2), 180, cancelled: true);
        await factory.MarkAsync(first, k.EnrollmentIds[0], AttendanceStatus.Present);
        await factory.MarkAsync(second, k.EnrollmentIds[0], AttendanceStatus.Late, 15);
        await factory.MarkAsync(first, k.EnrollmentIds[1], AttendanceStatus.Excused);

        var xlsx = await (await w.StaffA.GetAsync($"/api/cohorts/{k.CohortId}/attendance.xlsx")).ExpectSuccessAsync();
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var book = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var sheet = book.Worksheet(1);
        var headers = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        Assert.Equal(7, headers.Count);
        Assert.Equal(["姓名", "邮箱"], headers.Take(2));
        Assert.Equal(["理论学时", "实训学时", "培训完成"], headers.Skip(4));
        Assert.Contains("理论", headers[2]);
        Assert.Contains("实训", headers[3]);
        var rows = Enumerable.Range(2, 2).Select(r => sheet.Row(r).Cells(1, 7).Select(c => c.GetString()).ToList()).ToList();
        var firstLearner = rows.Single(r => r[1] == k.Learners[0].Email);
        Assert.Equal(["出勤", "迟到 15 分钟", "3", "3.8", "否"], firstLearner.Skip(2));
        var secondLearner = rows.Single(r => r[1] == k.Learners[1].Email);
        Assert.Equal(["请假", "", "0", "0", "否"], secondLearner.Skip(2));

        var csv = await (await w.StaffA.GetAsync($"/api/cohorts/{k.CohortId}/attendance.csv")).ExpectSuccessAsync();
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = new List<string[]>();
        using (var reader = CsvReader.Create(await csv.Content.ReadAsByteArrayAsync(), new CsvReaderOptions { HasHeader = false }))
            while (reader.Read())
                lines.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        Assert.Equal(3, lines.Count);
        Assert.Equal(headers, lines[0]);
        Assert.Equal(["出勤", "迟到 15 分钟", "3.0", "3.8", "否"], lines.Single(l => l[1] == k.Learners[0].Email).Skip(2));
    }

    [Fact]
    public async Task A_name_that_would_start_a_formula_is_exported_as_text_with_a_leading_apostrophe()
    {
        var w = await factory.WorldAsync();
        var k = await factory.ClassAsync(2);
        const string name = "=HYPERLINK(\"http://evil.example\",\"张三\")";
        await factory.DbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == k.Learners[0].Id);
            user.DisplayName = name;
            return await db.SaveChangesAsync();
        });
        await factory.SessionAsync(k.CohortId, new DateTimeOffset(2025, 9, 6, 1, 0, 0, TimeSpan.Zero), 180);

        var xlsx = await (await w.StaffA.GetAsync($"/api/cohorts/{k.CohortId}/attendance.xlsx")).ExpectSuccessAsync();
        using var book = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var row = Enumerable.Range(2, 2).Select(r => book.Worksheet(1).Row(r)).Single(r => r.Cell(2).GetString() == k.Learners[0].Email);
        Assert.Equal("'" + name, row.Cell(1).GetString());
        Assert.False(row.Cell(1).HasFormula);

        var csv = await (await w.StaffA.GetAsync($"/api/cohorts/{k.CohortId}/attendance.csv")).ExpectSuccessAsync();
        using var reader = CsvReader.Create(await csv.Content.ReadAsByteArrayAsync(), new CsvReaderOptions { HasHeader = false });
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        Assert.Contains("'" + name, names);
        Assert.DoesNotContain(name, names);
    }
}
