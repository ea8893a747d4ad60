using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Scheduling;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Features.ExamSitting;
using TrainerAcademy.Tests.Enrollments;
using TrainerAcademy.Tests.ExamSitting;

namespace TrainerAcademy.Tests.Marking;

/// <summary>
/// Examiners through the API: admins grant the permission; examiners claim anonymous scripts from their queue and mark
/// them blind, two marks per script and a third when they differ over the threshold (15% of the task's 25 points: 3.75);
/// agreed marks score the written task and grade the paper; conflicts of interest keep scripts away; every mark is audited.
/// Each test makes a center of its own, so its examiners' queues hold only its own scripts.
/// </summary>
public abstract class MarkingTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : MarkingTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : MarkingTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    private sealed record Examiner(string Id, string Email, HttpClient Client);

    private sealed record Sitting(ExamSetup Exam, int AttemptId, int CenterId);

    private async Task<int> CenterAsync() => await factory.DbAsync(async db =>
    {
        var center = new TrainingCenter("评分中心 " + Guid.NewGuid().ToString("N")[..6], TestData.NextOrganisationCode(), "31", "上海", null);
        db.Centers.Add(center);
        await db.SaveChangesAsync();
        return center.Id;
    });

    private async Task<Examiner> StaffAsync(int centerId, string? scope = "Center")
    {
        var email = TestData.Email("examiner");
        string id;
        await using (var s = factory.Services.CreateAsyncScope())
            id = (await s.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(email, TestWorld.Password, Roles.CenterStaff, centerId)).Id;
        if (scope is not null)
        {
            var w = await factory.WorldAsync();
            await (await w.Admin.PutJsonAsync($"/api/examiners/{id}", new { scope })).ExpectJsonAsync(HttpStatusCode.OK);
        }
        return new Examiner(id, email, await factory.SignInAsync(email, TestWorld.Password));
    }

    /// <summary>A candidate of <paramref name="centerId"/> who wrote the outline, handed the skill paper in and had the platform score the rest.</summary>
    private async Task<Sitting> SittingAsync(int centerId, bool externalOnly = false, string outline = "一、培训目标\n二、课程安排\n三、考核方式")
    {
        var exam = await SkillAttemptTests.SkillSessionAsync(factory, written: true, centerId: centerId);
        if (externalOnly)
            await factory.DbAsync(db => db.ExamSessions.Where(s => s.Id == exam.SessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExternalExaminersOnly, true)));
        var client = exam.Candidate.Client;
        var paper = await (await client.StartAsync(exam.RegistrationId, "skill")).ExpectJsonAsync(HttpStatusCode.Created);
        var id = paper.AttemptId();
        var written = paper.GetProperty("tasks").EnumerateArray().First(t => t.GetProperty("scoring").GetString() == "Rubric");
        await (await client.SaveAsync(id, written.GetProperty("itemId").GetInt32(), new { text = outline }, 1)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await client.SubmitAsync(id)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(await factory.JobAsync<AttemptGradingJob, bool>((j, ct) => j.GradeAsync(id, ct)));
        return new Sitting(exam, id, centerId);
    }

    private static Task<HttpResponseMessage> ClaimAsync(Examiner e, int? sessionId = null) =>
        e.Client.PostJsonAsync("/api/marking/claims", new { sessionId });

    private static async Task<JsonElement> ClaimedAsync(Examiner e, int? sessionId = null) =>
        await (await ClaimAsync(e, sessionId)).ExpectJsonAsync(HttpStatusCode.Created);

    /// <summary>Scores M1, M2, M3 (10, 10, 5 points) as given.</summary>
    private static Task<HttpResponseMessage> MarkAsync(Examiner e, JsonElement script, decimal m1, decimal m2, decimal m3, string? comment = null) =>
        e.Client.PostJsonAsync($"/api/marking/claims/{script.GetProperty("markId").GetInt32()}/submit",
            new { lines = new[] { new { code = "M1", points = m1 }, new { code = "M2", points = m2 }, new { code = "M3", points = m3 } }, comment });

    private Task<AttemptTask> WrittenTaskAsync(int attemptId) =>
        factory.DbAsync(db => db.AttemptTasks.AsNoTracking().SingleAsync(t => t.AttemptId == attemptId && t.Scoring == PracticalScoringKind.Rubric));

    [Fact]
    public async Task Two_examiners_mark_blind_and_their_agreed_mark_scores_the_task_and_grades_the_paper()
    {
        var center = await CenterAsync();
        var first = await StaffAsync(center);
        var second = await StaffAsync(center);
        var sitting = await SittingAsync(center);
        var before = await factory.AttemptAsync(sitting.AttemptId);
        Assert.Equal(AttemptStatus.Submitted, before.Status);

        var queue = await (await first.Client.GetAsync("/api/marking/queue")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, queue.GetProperty("waiting").EnumerateArray().Sum(l => l.GetProperty("scripts").GetInt32()));

        var script = await ClaimedAsync(first);
        Assert.Equal(1, script.GetProperty("round").GetInt32());
        Assert.Contains("培训目标", script.GetProperty("answer").GetProperty("text").GetString());
        Assert.Equal(3, script.GetProperty("rubric").GetArrayLength());
        var body = script.GetRawText();
        Assert.DoesNotContain(sitting.Exam.Candidate.Id, body);
        Assert.DoesNotContain(sitting.Exam.Candidate.Email, body);
        Assert.DoesNotContain("registration", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ticket", body, StringComparison.OrdinalIgnoreCase);
        // Claiming again gives the script already held.
        Assert.Equal(script.GetProperty("markId").GetInt32(), (await ClaimedAsync(first)).GetProperty("markId").GetInt32());

        var submitted = await (await MarkAsync(first, script, 8, 7.5m, 4, "目标清楚")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(19.5m, submitted.GetProperty("total").GetDecimal());
        // Nobody marks a script twice: the first examiner's queue is now empty.
        await (await ClaimAsync(first)).ExpectStatusAsync(HttpStatusCode.NoContent);
        Assert.Null((await WrittenTaskAsync(sitting.AttemptId)).Awarded);

        var blind = await ClaimedAsync(second);
        Assert.Equal(2, blind.GetProperty("round").GetInt32());
        Assert.DoesNotContain("目标清楚", blind.GetRawText());
        Assert.DoesNotContain("19.5", blind.GetRawText());
        await (await MarkAsync(second, blind, 7, 7, 3)).ExpectJsonAsync(HttpStatusCode.OK);

        var task = await WrittenTaskAsync(sitting.AttemptId);
        Assert.Equal(18.25m, task.Awarded); // the mean of 19.5 and 17, 2.5 apart
        Assert.Equal([7.5m, 7.25m, 3.5m], task.Breakdown.Select(l => l.Value));
        var graded = await factory.AttemptAsync(sitting.AttemptId);
        Assert.Equal(AttemptStatus.Graded, graded.Status);
        var platform = (await factory.DbAsync(db => db.AttemptTasks.AsNoTracking().Where(t => t.AttemptId == sitting.AttemptId && t.Scoring != PracticalScoringKind.Rubric)
            .Select(t => t.Awarded).ToListAsync())).Sum();
        Assert.Equal(platform + 18.25m, graded.Score);

        var events = await factory.EventsAsync(sitting.AttemptId);
        Assert.Equal(2, events.Count(e => e.Kind == AttemptEventKind.Marked));
        Assert.Contains(events, e => e.Kind == AttemptEventKind.Marked && e.Detail!.Contains(first.Email) && e.Detail.Contains("19.5"));
        Assert.Contains(events, e => e.Kind == AttemptEventKind.MarksAgreed && e.Detail!.StartsWith("18.25", StringComparison.Ordinal));

        // The paper no longer holds the release back.
        factory.Clock().SetUtcNow(sitting.Exam.WindowEnd.AddMinutes(5));
        var w = await factory.WorldAsync();
        await (await w.Admin.PostAsync($"/api/exam-sessions/{sitting.Exam.SessionId}/release-results", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var mine = await (await second.Client.GetAsync("/api/marking/marked")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(17m, Assert.Single(mine.EnumerateArray()).GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task The_examiner_reads_the_files_the_answer_names_and_nobody_else_reads_them_through_the_script()
    {
        var center = await CenterAsync();
        var first = await StaffAsync(center);
        var second = await StaffAsync(center);
        var exam = await SkillAttemptTests.SkillSessionAsync(factory, written: true, centerId: center);
        var client = exam.Candidate.Client;
        var paper = await (await client.StartAsync(exam.RegistrationId, "skill")).ExpectJsonAsync(HttpStatusCode.Created);
        var attemptId = paper.AttemptId();
        var written = paper.GetProperty("tasks").EnumerateArray().First(t => t.GetProperty("scoring").GetString() == "Rubric").GetProperty("itemId").GetInt32();
        var pdf = Domain.Files.SampleFiles.Pdf(3000);
        var upload = new ByteArrayContent(pdf);
        upload.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        using (var form = new MultipartFormDataContent { { upload, "file", "大纲.pdf" } })
        {
            var attached = await (await client.PostAsync($"/api/attempts/{attemptId}/tasks/{written}/files", form)).ExpectJsonAsync(HttpStatusCode.Created);
            var fileId = attached.GetProperty("id").GetString()!;
            await (await client.SaveAsync(attemptId, written, new { text = "", files = new[] { new { id = fileId, name = "大纲.pdf" } } }, 1)).ExpectJsonAsync(HttpStatusCode.OK);
        }
        var kept = await (await client.PostAsync($"/api/attempts/{attemptId}/tasks/{written}/files", new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "未附.pdf" } }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        await (await client.SubmitAsync(attemptId)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(await factory.JobAsync<AttemptGradingJob, bool>((j, ct) => j.GradeAsync(attemptId, ct)));

        var script = await ClaimedAsync(first);
        var file = Assert.Single(script.GetProperty("answer").GetProperty("files").EnumerateArray());
        Assert.Equal("大纲.pdf", file.GetProperty("name").GetString());
        var url = $"/api/marking/claims/{script.GetProperty("markId").GetInt32()}/files/{file.GetProperty("id").GetString()}";
        using (var read = await first.Client.GetAsync(url))
        {
            await read.ExpectStatusAsync(HttpStatusCode.OK);
            Assert.Equal(pdf, await read.Content.ReadAsByteArrayAsync());
        }
        // An upload the answer does not name, another examiner, and an unknown file are not found.
        await (await first.Client.GetAsync($"/api/marking/claims/{script.GetProperty("markId").GetInt32()}/files/{kept.GetProperty("id").GetString()}"))
            .ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await second.Client.GetAsync(url)).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await first.Client.GetAsync($"/api/marking/claims/{script.GetProperty("markId").GetInt32()}/files/{Guid.NewGuid()}")).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await exam.Candidate.Client.GetAsync(url)).ExpectStatusAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Marks_that_differ_over_the_threshold_go_to_a_third_examiner_whose_mark_settles_the_score()
    {
        var center = await CenterAsync();
        var examiners = new[] { await StaffAsync(center), await StaffAsync(center), await StaffAsync(center) };
        var sitting = await SittingAsync(center);
        await (await MarkAsync(examiners[0], await ClaimedAsync(examiners[0]), 9, 9, 4)).ExpectJsonAsync(HttpStatusCode.OK);   // 22
        await (await MarkAsync(examiners[1], await ClaimedAsync(examiners[1]), 5, 6, 2)).ExpectJsonAsync(HttpStatusCode.OK);   // 13
        Assert.Null((await WrittenTaskAsync(sitting.AttemptId)).Awarded);
        Assert.Contains(await factory.EventsAsync(sitting.AttemptId), e => e.Kind == AttemptEventKind.ThirdMarkerNeeded);

        var w = await factory.WorldAsync();
        var progress = await (await w.Admin.GetAsync($"/api/exam-sessions/{sitting.Exam.SessionId}/marking")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, progress.GetProperty("awaitingThirdMark").GetInt32());
        Assert.Equal(0, progress.GetProperty("agreed").GetInt32());
        var queue = await (await examiners[2].Client.GetAsync("/api/marking/queue")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, queue.GetProperty("waiting")[0].GetProperty("thirdMarks").GetInt32());

        var third = await ClaimedAsync(examiners[2]);
        Assert.Equal(3, third.GetProperty("round").GetInt32());
        await (await MarkAsync(examiners[2], third, 9, 8, 4)).ExpectJsonAsync(HttpStatusCode.OK);  // 21: closest to 22
        Assert.Equal(21.5m, (await WrittenTaskAsync(sitting.AttemptId)).Awarded);
        Assert.Equal(AttemptStatus.Graded, (await factory.AttemptAsync(sitting.AttemptId)).Status);
        progress = await (await w.Admin.GetAsync($"/api/exam-sessions/{sitting.Exam.SessionId}/marking")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, progress.GetProperty("agreed").GetInt32());
        // The first two examiners cannot take it again, and nobody needs to.
        foreach (var e in examiners) await (await ClaimAsync(e, sitting.Exam.SessionId)).ExpectStatusAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task An_examiner_never_gets_a_candidate_they_taught()
    {
        var center = await CenterAsync();
        var teacher = await StaffAsync(center);
        var colleague = await StaffAsync(center);
        var sitting = await SittingAsync(center);
        await factory.DbAsync(async db =>
        {
            // The examiner is also an instructor (the same e-mail, another case) of a cohort the candidate enrolled in.
            var venue = new Venue(center, "教室 1", 30, null);
            var instructor = new Instructor(center, "李老师", 2, teacher.Email.ToUpperInvariant());
            var course = new Course(center, Course.AiTrainerOccupation, 4, "四级周末班 " + Guid.NewGuid().ToString("N")[..4], 15, 35, 3200m, null, TheoryShareBand.Default);
            db.AddRange(venue, instructor, course);
            await db.SaveChangesAsync();
            var cohort = new Cohort(course, factory.NextSaturday(), WeekendPattern.Both, [TimeSlot.Parse("09:00-12:00")], 20, venue);
            cohort.Open();
            db.Cohorts.Add(cohort);
            await db.SaveChangesAsync();
            db.CohortSessions.Add(new CohortSession(cohort.Id, center,
                new PlannedSession(1, factory.NextSaturday(), new TimeOnly(9, 0), new TimeOnly(12, 0), SessionKind.Theory, venue.Id, instructor.Id)));
            db.Enrollments.Add(Enrollment.OnWaitlist(cohort, sitting.Exam.Candidate.Id, 3200m, factory.Clock().GetUtcNow()));
            return await db.SaveChangesAsync();
        });

        await (await ClaimAsync(teacher)).ExpectStatusAsync(HttpStatusCode.NoContent);
        var queue = await (await teacher.Client.GetAsync("/api/marking/queue")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, queue.GetProperty("waiting").GetArrayLength());
        await ClaimedAsync(colleague);
    }

    [Fact]
    public async Task A_session_that_asks_for_external_examiners_is_marked_only_from_other_centers()
    {
        var center = await CenterAsync();
        var elsewhere = await CenterAsync();
        var own = await StaffAsync(center, "Platform");
        var outsideGrant = await StaffAsync(elsewhere, "Center");
        var external = await StaffAsync(elsewhere, "Platform");
        var sitting = await SittingAsync(center, externalOnly: true);

        await (await ClaimAsync(own, sitting.Exam.SessionId)).ExpectStatusAsync(HttpStatusCode.NoContent);
        await (await ClaimAsync(outsideGrant, sitting.Exam.SessionId)).ExpectStatusAsync(HttpStatusCode.NoContent);
        var script = await ClaimedAsync(external, sitting.Exam.SessionId);
        Assert.Equal(1, script.GetProperty("round").GetInt32());
    }

    [Fact]
    public async Task Only_examiners_mark_and_only_admins_grant()
    {
        var w = await factory.WorldAsync();
        var center = await CenterAsync();
        var notYet = await StaffAsync(center, scope: null);
        foreach (var (client, status) in new[] { (w.Anonymous, HttpStatusCode.Unauthorized), (w.Learner, HttpStatusCode.Forbidden), (notYet.Client, HttpStatusCode.Forbidden), (w.Admin, HttpStatusCode.Forbidden) })
        {
            await (await client.GetAsync("/api/marking/queue")).ExpectStatusAsync(status);
            await (await client.PostJsonAsync("/api/marking/claims", new { })).ExpectStatusAsync(status);
        }
        foreach (var client in new[] { w.Learner, w.StaffA, notYet.Client })
        {
            await (await client.GetAsync("/api/examiners")).ExpectStatusAsync(HttpStatusCode.Forbidden);
            await (await client.PutJsonAsync($"/api/examiners/{notYet.Id}", new { scope = "Center" })).ExpectStatusAsync(HttpStatusCode.Forbidden);
        }
        var list = await (await w.Admin.GetAsync("/api/examiners")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), a => a.GetProperty("email").GetString() == notYet.Email && a.GetProperty("scope").ValueKind == JsonValueKind.Null);

        // Bad grants: a learner account, an unknown account, no scope, a scope that does not exist.
        var learnerId = await factory.DbAsync(db => db.Users.Where(u => u.Email == w.LearnerEmail).Select(u => u.Id).SingleAsync());
        Assert.Equal("examiner.not-staff", (await (await w.Admin.PutJsonAsync($"/api/examiners/{learnerId}", new { scope = "Center" })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        await (await w.Admin.PutJsonAsync("/api/examiners/no-such-user", new { scope = "Center" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.Admin.PutJsonAsync($"/api/examiners/{notYet.Id}", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await w.Admin.PutJsonAsync($"/api/examiners/{notYet.Id}", new { scope = "Everywhere" })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var granted = await (await w.Admin.PutJsonAsync($"/api/examiners/{notYet.Id}", new { scope = "Center" })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Center", granted.GetProperty("scope").GetString());
        await (await notYet.Client.GetAsync("/api/marking/queue")).ExpectJsonAsync(HttpStatusCode.OK);

        // A script held by one examiner is nobody else's to read, submit or give back.
        var other = await StaffAsync(center);
        await SittingAsync(center);
        var script = await ClaimedAsync(notYet);
        var markId = script.GetProperty("markId").GetInt32();
        await (await other.Client.GetAsync($"/api/marking/claims/{markId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await other.Client.DeleteAsync($"/api/marking/claims/{markId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await MarkAsync(other, script, 1, 1, 1)).ExpectProblemAsync(HttpStatusCode.NotFound);
        // Staff of another center do not see this session's marking; a revoked examiner is refused at once.
        await (await w.StaffA.GetAsync($"/api/exam-sessions/{(await factory.DbAsync(db => db.ScriptMarks.Where(m => m.Id == markId).Select(m => m.SessionId).SingleAsync()))}/marking"))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await w.Admin.DeleteAsync($"/api/examiners/{notYet.Id}")).ExpectStatusAsync(HttpStatusCode.NoContent);
        await (await notYet.Client.GetAsync($"/api/marking/claims/{markId}")).ExpectStatusAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_bad_mark_is_refused_whole_and_a_submitted_mark_is_final()
    {
        var center = await CenterAsync();
        var examiner = await StaffAsync(center);
        var sitting = await SittingAsync(center);
        var script = await ClaimedAsync(examiner);
        var url = $"/api/marking/claims/{script.GetProperty("markId").GetInt32()}/submit";
        foreach (var (lines, code) in new (object[], string)[]
                 {
                     ([new { code = "M1", points = 10.5m }, new { code = "M2", points = 1m }, new { code = "M3", points = 1m }], "marking.line-points"),
                     ([new { code = "M1", points = 1.25m }, new { code = "M2", points = 1m }, new { code = "M3", points = 1m }], "marking.line-points"),
                     ([new { code = "M1", points = 1m }, new { code = "M2", points = 1m }], "marking.line-missing"),
                     ([new { code = "M1", points = 1m }, new { code = "M2", points = 1m }, new { code = "M3", points = 1m }, new { code = "M4", points = 1m }], "marking.line-unknown"),
                 })
        {
            var refused = await (await examiner.Client.PostJsonAsync(url, new { lines })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal(code, refused.GetProperty("code").GetString());
        }
        await (await examiner.Client.PostJsonAsync(url, new { })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await examiner.Client.SendRawAsync(HttpMethod.Post, url, "{\"lines\": \"all ten\"}")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await examiner.Client.PostJsonAsync(url, new { lines = new[] { new { code = "M1", points = 1m } }, comment = new string('长', 2001) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.DoesNotContain(await factory.EventsAsync(sitting.AttemptId), e => e.Kind == AttemptEventKind.Marked);

        await (await MarkAsync(examiner, script, 5, 5, 5)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("marking.submitted", (await (await MarkAsync(examiner, script, 1, 1, 1)).ExpectProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        Assert.Equal("marking.submitted", (await (await examiner.Client.DeleteAsync($"/api/marking/claims/{script.GetProperty("markId").GetInt32()}"))
            .ExpectProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        var stored = await factory.DbAsync(db => db.ScriptMarks.AsNoTracking().SingleAsync(m => m.AttemptId == sitting.AttemptId));
        Assert.Equal(15m, stored.Total);
    }

    [Fact]
    public async Task A_claim_held_too_long_goes_back_to_the_queue_and_one_given_back_is_free_at_once()
    {
        var center = await CenterAsync();
        var slow = await StaffAsync(center);
        var other = await StaffAsync(center);
        var third = await StaffAsync(center);
        var sitting = await SittingAsync(center);
        var script = await ClaimedAsync(slow);
        Assert.Equal(2, (await ClaimedAsync(other)).GetProperty("round").GetInt32());
        await (await ClaimAsync(third)).ExpectStatusAsync(HttpStatusCode.NoContent);

        factory.Clock().Advance(TimeSpan.FromMinutes(61));
        var taken = await ClaimedAsync(third);
        Assert.Equal(1, taken.GetProperty("round").GetInt32());
        Assert.Equal("marking.claim-lapsed", (await (await MarkAsync(slow, script, 1, 1, 1)).ExpectProblemAsync(HttpStatusCode.Gone)).GetProperty("code").GetString());

        // The other examiner's hold lapsed too, but giving it back works the same way: the round is free again.
        var held = await ClaimedAsync(other);
        await (await other.Client.DeleteAsync($"/api/marking/claims/{held.GetProperty("markId").GetInt32()}")).ExpectStatusAsync(HttpStatusCode.NoContent);
        Assert.Equal(2, (await ClaimedAsync(slow)).GetProperty("round").GetInt32());
        Assert.Equal(2, await factory.DbAsync(db => db.ScriptMarks.CountAsync(m => m.AttemptId == sitting.AttemptId)));
    }

    [Fact]
    public async Task Examiners_claiming_and_submitting_at_once_never_share_a_round_and_never_lose_a_mark()
    {
        var center = await CenterAsync();
        var examiners = new List<Examiner>();
        for (var i = 0; i < 4; i++) examiners.Add(await StaffAsync(center));
        var sitting = await SittingAsync(center);

        var claims = await EnrollmentKit.BurstAsync([.. examiners.Select(e => (Func<Task<HttpResponseMessage>>)(() => ClaimAsync(e, sitting.Exam.SessionId)))]);
        EnrollmentKit.NoServerErrors(claims, factory);
        Assert.Equal(2, claims.Count(c => c.Status == HttpStatusCode.Created));
        Assert.Equal(2, claims.Count(c => c.Status == HttpStatusCode.NoContent));
        var holders = examiners.Where((e, i) => claims[i].Status == HttpStatusCode.Created).ToList();
        var scripts = claims.Where(c => c.Status == HttpStatusCode.Created).Select(c => JsonDocument.Parse(c.Body).RootElement).ToList();
        Assert.Equal([1, 2], scripts.Select(s => s.GetProperty("round").GetInt32()).Order());

        var marks = await EnrollmentKit.BurstAsync([
            () => MarkAsync(holders[0], scripts[0], 8, 8, 4),
            () => MarkAsync(holders[1], scripts[1], 8, 7, 4),
        ]);
        EnrollmentKit.NoServerErrors(marks, factory);
        Assert.All(marks, m => Assert.Equal(HttpStatusCode.OK, m.Status));
        // Whichever landed second saw the first: the two marks were judged together.
        Assert.Equal(19.5m, (await WrittenTaskAsync(sitting.AttemptId)).Awarded);
        Assert.Equal(AttemptStatus.Graded, (await factory.AttemptAsync(sitting.AttemptId)).Status);
        Assert.Single(await factory.EventsAsync(sitting.AttemptId), e => e.Kind == AttemptEventKind.MarksAgreed);
    }
}
