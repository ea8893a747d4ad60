using TrainerAcademy.Tests.ExamSitting;

namespace TrainerAcademy.Tests.Account;

/// <summary>
/// <c>GET /api/me/data</c>: the signed-in person downloads everything the platform holds about them, and only that.
/// </summary>
public abstract class MyDataTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : MyDataTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : MyDataTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    [Fact]
    public async Task A_learner_downloads_their_own_account_profile_and_exam_records_and_nobody_elses()
    {
        var w = await factory.WorldAsync();
        var exam = await factory.SessionAsync();
        var client = exam.Candidate.Client;
        await (await client.PutJsonAsync("/api/me/profile", new { realName = "王数据", idType = "ResidentIdCard", phone = "13800138000", acceptPrivacyNotice = true }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        var attempt = (await client.StartedAsync(exam.RegistrationId)).AttemptId();
        var other = await factory.SessionAsync();

        using var response = await client.GetAsync("/api/me/data");
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var data = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(exam.Candidate.Email, data.GetProperty("account").GetProperty("email").GetString());
        Assert.Equal("王数据", data.GetProperty("profile").GetProperty("realName").GetString());
        Assert.Equal("13800138000", data.GetProperty("profile").GetProperty("phone").GetString());
        var registration = Assert.Single(data.GetProperty("examRegistrations").EnumerateArray());
        Assert.Equal(exam.RegistrationId, registration.GetProperty("id").GetInt32());
        Assert.Equal("InProgress", Assert.Single(registration.GetProperty("attempts").EnumerateArray()).GetProperty("status").GetString());
        var body = data.GetRawText();
        Assert.DoesNotContain(other.Candidate.Email, body);
        Assert.DoesNotContain(other.Candidate.Id, body);
        Assert.True(attempt > 0);

        await (await w.Anonymous.GetAsync("/api/me/data")).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        var mine = await (await other.Candidate.Client.GetAsync("/api/me/data")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(other.RegistrationId, Assert.Single(mine.GetProperty("examRegistrations").EnumerateArray()).GetProperty("id").GetInt32());
    }
}
