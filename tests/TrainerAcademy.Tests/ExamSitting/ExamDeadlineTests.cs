using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Features.ExamSitting;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.ExamSitting;

/// <summary>
/// The server's clock decides: saves are accepted up to the deadline plus the grace (60 s), the deadline job closes
/// the attempt as of its deadline, an accommodation moves the deadline and leaves the old job nothing to do; and
/// racing requests (two starts, many saves of one item) end in one attempt and the newest answer.
/// </summary>
public abstract class ExamDeadlineTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : ExamDeadlineTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : ExamDeadlineTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    private Task<bool> CloseAsync(int attemptId) => factory.JobAsync<AttemptDeadlineJob, bool>((j, ct) => j.CloseAsync(attemptId, ct));

    [Fact]
    public async Task Saves_are_accepted_for_the_grace_after_the_deadline_and_refused_after_it()
    {
        var exam = await factory.SessionAsync();
        var client = exam.Candidate.Client;
        var started = await client.StartedAsync(exam.RegistrationId);
        var id = started.AttemptId();
        var deadline = started.GetProperty("deadline").GetDateTimeOffset();
        Assert.Equal(factory.Clock().GetUtcNow().AddMinutes(90), deadline);

        factory.Clock().SetUtcNow(deadline.AddSeconds(30));
        await (await client.SaveAsync(id, 1, true, 1)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(await CloseAsync(id));

        factory.Clock().SetUtcNow(deadline.AddSeconds(61));
        var gone = await (await client.SaveAsync(id, 1, false, 2)).ExpectProblemAsync(HttpStatusCode.Gone);
        Assert.Equal("attempt.time-up", gone.GetProperty("code").GetString());

        // The refused save closed the attempt as of its deadline; the answer saved in the grace counts.
        var attempt = await factory.AttemptAsync(id);
        Assert.NotEqual(AttemptStatus.InProgress, attempt.Status);
        Assert.True(attempt.AutoSubmitted);
        Assert.Equal(deadline, attempt.SubmittedAt);
        Assert.Equal("true", attempt.Items.Single(i => i.Position == 1).Response);
        var submit = await (await client.SubmitAsync(id)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(submit.GetProperty("autoSubmitted").GetBoolean());
        Assert.False(await CloseAsync(id));
    }

    [Fact]
    public async Task The_deadline_job_is_scheduled_at_start_and_closes_the_attempt_only_when_its_time_is_over()
    {
        var exam = await factory.SessionAsync();
        var started = await exam.Candidate.Client.StartedAsync(exam.RegistrationId);
        var id = started.AttemptId();
        var deadline = started.GetProperty("deadline").GetDateTimeOffset();
        var (_, at) = Assert.Single(factory.ScheduledDeadlineJobs(), j => j.AttemptId == id);
        Assert.InRange(at, deadline.UtcDateTime.AddSeconds(59), deadline.UtcDateTime.AddSeconds(61));

        factory.Clock().SetUtcNow(deadline);
        Assert.False(await CloseAsync(id));
        factory.Clock().SetUtcNow(deadline.AddSeconds(61));
        Assert.True(await CloseAsync(id));
        Assert.False(await CloseAsync(id));

        var attempt = await factory.AttemptAsync(id);
        Assert.Equal(AttemptStatus.Submitted, attempt.Status);
        Assert.True(attempt.AutoSubmitted);
        Assert.Equal(deadline, attempt.SubmittedAt);
        Assert.Single(await factory.EventsAsync(id), e => e.Kind == AttemptEventKind.AutoSubmitted);
        var state = await (await exam.Candidate.Client.GetAsync($"/api/attempts/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Submitted", state.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_sweep_and_any_access_close_an_attempt_whose_job_was_lost()
    {
        var first = await factory.SessionAsync();
        var second = await factory.SessionAsync();
        var a = (await first.Candidate.Client.StartedAsync(first.RegistrationId)).AttemptId();
        var b = (await second.Candidate.Client.StartedAsync(second.RegistrationId)).AttemptId();
        var deadline = (await factory.AttemptAsync(a)).Deadline;

        factory.Clock().SetUtcNow(deadline.AddMinutes(2));
        var state = await (await first.Candidate.Client.GetAsync($"/api/attempts/{a}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Submitted", state.GetProperty("status").GetString());
        Assert.True(await factory.JobAsync<AttemptDeadlineJob, int>((j, ct) => j.SweepAsync(ct)) >= 1);
        Assert.Equal(AttemptStatus.Submitted, (await factory.AttemptAsync(b)).Status);
        Assert.Equal(0, await factory.JobAsync<AttemptDeadlineJob, int>((j, ct) => j.SweepAsync(ct)));
    }

    [Fact]
    public async Task An_accommodation_moves_the_deadline_and_the_old_job_does_nothing()
    {
        var w = await factory.WorldAsync();
        var exam = await factory.SessionAsync();
        var started = await exam.Candidate.Client.StartedAsync(exam.RegistrationId);
        var id = started.AttemptId();
        var oldDeadline = started.GetProperty("deadline").GetDateTimeOffset();

        var granted = await (await w.StaffA.PostJsonAsync($"/api/registrations/{exam.RegistrationId}/accommodation", new { minutes = 30 }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        var newDeadline = granted.GetProperty("deadline").GetDateTimeOffset();
        Assert.Equal(oldDeadline.AddMinutes(30), newDeadline);
        Assert.Equal(2, factory.ScheduledDeadlineJobs().Count(j => j.AttemptId == id));
        await (await w.StaffA.PostJsonAsync($"/api/registrations/{exam.RegistrationId}/accommodation", new { minutes = 500 }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        factory.Clock().SetUtcNow(oldDeadline.AddSeconds(90));
        Assert.False(await CloseAsync(id));
        await (await exam.Candidate.Client.SaveAsync(id, 1, true, 1)).ExpectJsonAsync(HttpStatusCode.OK);
        var state = await (await exam.Candidate.Client.GetAsync($"/api/attempts/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(newDeadline, state.GetProperty("deadline").GetDateTimeOffset());

        factory.Clock().SetUtcNow(newDeadline.AddSeconds(61));
        Assert.True(await CloseAsync(id));
        Assert.Contains(await factory.EventsAsync(id), e => e.Kind == AttemptEventKind.AccommodationGranted);
    }

    [Fact]
    public async Task An_accommodation_never_runs_past_the_window()
    {
        var w = await factory.WorldAsync();
        var exam = await factory.SessionAsync(windowHours: 1.75);
        var id = (await exam.Candidate.Client.StartedAsync(exam.RegistrationId)).AttemptId();
        var granted = await (await w.Admin.PostJsonAsync($"/api/registrations/{exam.RegistrationId}/accommodation", new { minutes = 60 }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(exam.WindowEnd, granted.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal(exam.WindowEnd, (await factory.AttemptAsync(id)).Deadline);
    }

    [Fact]
    public async Task Racing_starts_make_one_attempt()
    {
        var exam = await factory.SessionAsync();
        var outcomes = await EnrollmentKit.BurstAsync([.. Enumerable.Range(0, 8).Select(_ => (Func<Task<HttpResponseMessage>>)(() => exam.Candidate.Client.StartAsync(exam.RegistrationId)))]);

        EnrollmentKit.NoServerErrors(outcomes, factory);
        Assert.All(outcomes, o => Assert.True(o.Status is HttpStatusCode.Created or HttpStatusCode.OK, o.ToString()));
        Assert.Single(outcomes.Select(o => o.Json.GetProperty("attemptId").GetInt32()).Distinct());
        Assert.InRange(outcomes.Count(o => o.Status == HttpStatusCode.Created), 1, 1);
        Assert.Equal(1, await factory.DbAsync(db => db.ExamAttempts.CountAsync(a => a.RegistrationId == exam.RegistrationId)));
    }

    [Fact]
    public async Task Racing_saves_of_one_item_keep_the_highest_revision()
    {
        var exam = await factory.SessionAsync();
        var id = (await exam.Candidate.Client.StartedAsync(exam.RegistrationId)).AttemptId();
        var item = (await factory.AttemptAsync(id)).Items.First(i => i.Type == QuestionType.SingleChoice).Position;
        var tabs = new[] { exam.Candidate.Client, await factory.SignInAsync(exam.Candidate.Email, TestWorld.Password) };
        var letters = "ABCD";

        var outcomes = await EnrollmentKit.BurstAsync([.. Enumerable.Range(1, 12).Select(r =>
            (Func<Task<HttpResponseMessage>>)(() => tabs[r % 2].SaveAsync(id, item, letters[r % 4].ToString(), r)))]);

        EnrollmentKit.NoServerErrors(outcomes, factory);
        Assert.All(outcomes, o => Assert.True(o.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, o.ToString()));
        Assert.Contains(outcomes, o => o.Status == HttpStatusCode.OK && o.Json.GetProperty("savedRevision").GetInt32() == 12);
        var saved = (await factory.AttemptAsync(id)).Items.Single(i => i.Position == item);
        Assert.Equal(12, saved.SavedRevision);
        Assert.Equal(letters[12 % 4].ToString(), saved.Response);
        var savedEvents = (await factory.EventsAsync(id)).Where(e => e.Kind == AttemptEventKind.Saved).ToList();
        Assert.Equal(outcomes.Count(o => o.Status == HttpStatusCode.OK), savedEvents.Count);
    }
}
