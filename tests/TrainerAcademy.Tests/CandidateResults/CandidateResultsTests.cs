using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.ExamSitting;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.ExamSitting;

namespace TrainerAcademy.Tests.CandidateResults;

/// <summary>
/// <c>GET /api/me/results</c>: each component the level requires, no score before release, the combined outcome, and
/// the posting counted in working days on the stored statutory calendar from the day of release.
/// </summary>
public abstract class CandidateResultsTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : CandidateResultsTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : CandidateResultsTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    private async Task<(ExamSetup Exam, int Theory, int Skill)> SitBothAsync(bool theoryRight)
    {
        var exam = await SkillAttemptTests.SkillSessionAsync(factory);
        var client = exam.Candidate.Client;
        var theory = (await client.StartedAsync(exam.RegistrationId)).AttemptId();
        var attempt = await factory.AttemptAsync(theory);
        var versions = await factory.VersionsAsync();
        foreach (var item in attempt.Items)
        {
            var version = versions[item.QuestionVersionId];
            var response = theoryRight ? ExamSittingKit.CorrectResponse(item, version) : ExamSittingKit.WrongResponse(item, version);
            await (await client.SaveAsync(theory, item.Position, response, 1)).ExpectJsonAsync(HttpStatusCode.OK);
        }
        await (await client.SubmitAsync(theory)).ExpectJsonAsync(HttpStatusCode.OK);
        var skill = (await (await client.StartAsync(exam.RegistrationId, "skill")).ExpectJsonAsync(HttpStatusCode.Created)).AttemptId();
        await SkillAttemptTests.AnswerAllAsync(factory, client, skill);
        await (await client.SubmitAsync(skill)).ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var id in new[] { theory, skill })
            Assert.True(await factory.JobAsync<AttemptGradingJob, bool>((j, ct) => j.GradeAsync(id, ct)));
        return (exam, theory, skill);
    }

    private static async Task<JsonElement> ResultAsync(HttpClient client, int sessionId)
    {
        var all = await (await client.GetAsync("/api/me/results")).ExpectJsonAsync(HttpStatusCode.OK);
        return Assert.Single(all.EnumerateArray(), r => r.GetProperty("sessionId").GetInt32() == sessionId);
    }

    private static JsonElement Component(JsonElement result, string name) =>
        result.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("component").GetString() == name);

    [Fact]
    public async Task Results_show_each_component_only_once_released_and_are_posted_for_five_working_days_of_the_stored_calendar()
    {
        var (passing, _, _) = await SitBothAsync(theoryRight: true);
        var (failing, _, _) = await SitBothAsync(theoryRight: false);

        var before = await ResultAsync(passing.Candidate.Client, passing.SessionId);
        Assert.False(before.GetProperty("released").GetBoolean());
        Assert.Equal("Pending", before.GetProperty("outcome").GetString());
        Assert.Equal(["Theory", "Skill"], before.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("component").GetString()));
        Assert.Equal(JsonValueKind.Null, Component(before, "Skill").GetProperty("score").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("posting").ValueKind);

        // Released on Friday 2026-03-06 at 10:00 in Beijing (in the month the test clock starts in, so the clients'
        // sign-ins hold): that Friday and the next four working days.
        var w = await factory.WorldAsync();
        factory.Clock().SetUtcNow(new DateTimeOffset(2026, 3, 6, 2, 0, 0, TimeSpan.Zero));
        await (await w.Admin.PostAsync($"/api/exam-sessions/{passing.SessionId}/release-results", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var passed = await ResultAsync(passing.Candidate.Client, passing.SessionId);
        Assert.Equal("Passed", passed.GetProperty("outcome").GetString());
        Assert.Equal(100m, Component(passed, "Theory").GetProperty("score").GetDecimal());
        Assert.Equal(96.67m, Component(passed, "Skill").GetProperty("score").GetDecimal());
        var posting = passed.GetProperty("posting");
        Assert.Equal("2026-03-06", posting.GetProperty("firstDay").GetString());
        Assert.Equal("2026-03-12", posting.GetProperty("lastDay").GetString());
        Assert.Equal("2026-03-13", posting.GetProperty("eligibleFrom").GetString());
        Assert.Equal(5, posting.GetProperty("workingDays").GetInt32());
        Assert.True(posting.GetProperty("postedToday").GetBoolean());

        // Another session released two weeks later, with a holiday on Monday 23 March and a make-up working day on
        // Saturday 21 March stored in the calendar: the posting works the Saturday and skips the Monday.
        await factory.DbAsync(async db =>
        {
            db.StatutoryCalendar.Add(new StatutoryCalendarEntry(new CalendarDay(new DateOnly(2026, 3, 23), CalendarDayKind.PublicHoliday, "测试假日"), false));
            db.StatutoryCalendar.Add(new StatutoryCalendarEntry(new CalendarDay(new DateOnly(2026, 3, 21), CalendarDayKind.MakeUpWorkday, "测试调休"), false));
            return await db.SaveChangesAsync();
        });
        factory.Clock().SetUtcNow(new DateTimeOffset(2026, 3, 20, 2, 0, 0, TimeSpan.Zero));
        await (await w.Admin.PostAsync($"/api/exam-sessions/{failing.SessionId}/release-results", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var failed = await ResultAsync(failing.Candidate.Client, failing.SessionId);
        Assert.Equal("Failed", failed.GetProperty("outcome").GetString());
        Assert.False(Component(failed, "Theory").GetProperty("passed").GetBoolean());
        Assert.True(Component(failed, "Skill").GetProperty("passed").GetBoolean());
        Assert.Equal("2026-03-26", failed.GetProperty("posting").GetProperty("lastDay").GetString());
        Assert.Equal("2026-03-27", failed.GetProperty("posting").GetProperty("eligibleFrom").GetString());

        // Each learner sees only their own results; the page shows the same.
        await (await w.Anonymous.GetAsync("/api/me/results")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain((await (await passing.Candidate.Client.GetAsync("/api/me/results")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray(),
            r => r.GetProperty("sessionId").GetInt32() == failing.SessionId);
        var page = await passing.Candidate.Client.GetStringAsync("/exams/results", TestContext.Current.CancellationToken);
        Assert.Contains("2026-03-12", page);
        Assert.Contains("96.67", page);
    }
}
