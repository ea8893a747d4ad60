using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.Jobs;

namespace TrainerAcademy.Tests.ExamSitting;

/// <summary>
/// The real Hangfire server on the real storage: handing in enqueues the grading job, which grades the attempt; the
/// deadline job the start scheduled (already due by the server's own clock here) finds the attempt's time not over
/// and leaves it alone.
/// </summary>
public abstract class ExamJobTests(AcademyFactory factory)
{
    [Collection(nameof(HangfireServerCollection))]
    public sealed class OnSqlite(SqliteJobsFactory f) : ExamJobTests(f), IClassFixture<SqliteJobsFactory>;

    [Collection(nameof(HangfireServerCollection))]
    public sealed class OnPostgreSql : ExamJobTests, IClassFixture<PostgresJobsFactory>
    {
        public OnPostgreSql(PostgresJobsFactory f) : base(f) => TestPostgres.Require();
    }

    [Fact]
    public async Task Handing_in_has_the_hangfire_server_grade_the_attempt()
    {
        var exam = await factory.SessionAsync();
        var client = exam.Candidate.Client;
        var id = (await client.StartedAsync(exam.RegistrationId)).AttemptId();
        var attempt = await factory.AttemptAsync(id);
        var versions = await factory.VersionsAsync();
        var first = attempt.Items.Single(i => i.Position == 1);
        await (await client.SaveAsync(id, 1, ExamSittingKit.CorrectResponse(first, versions[first.QuestionVersionId]), 1)).ExpectJsonAsync(HttpStatusCode.OK);

        // The deadline job (scheduled at a fake-clock time already past by the server's real clock) runs early and does nothing.
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.Equal(AttemptStatus.InProgress, (await factory.AttemptAsync(id)).Status);

        await (await client.SubmitAsync(id)).ExpectJsonAsync(HttpStatusCode.OK);
        var until = DateTime.UtcNow.AddSeconds(30);
        while ((await factory.AttemptAsync(id)).Status != AttemptStatus.Graded && DateTime.UtcNow < until)
            await Task.Delay(200, TestContext.Current.CancellationToken);

        var graded = await factory.AttemptAsync(id);
        Assert.True(graded.Status == AttemptStatus.Graded, $"not graded within 30 s: {graded.Status}{Environment.NewLine}{string.Join(Environment.NewLine, HangfireTestLog.Warnings)}{Environment.NewLine}{factory.LogText}");
        Assert.Equal(first.Points, graded.Score);
        Assert.False(graded.AutoSubmitted);
        Assert.Single(await factory.EventsAsync(id), e => e.Kind == AttemptEventKind.Graded);
    }
}
