using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainerAcademy.Auth;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Domain.Results;
using TrainerAcademy.Features.Account;
using TrainerAcademy.Features.ExamSitting;
using TrainerAcademy.Tests.Domain.Files;
using TrainerAcademy.Tests.Domain.Practical;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.ExamSitting;

/// <summary>
/// The comprehensive review (综合评审) of levels 2 and 1 through the API: admins add a review task and a review blueprint;
/// a new level-2 session takes the blueprint; the candidate starts the review, uploads the work and hands it in; two
/// examiners mark it blind; it is the third component of the result, which passes only with all three.
/// </summary>
public abstract class ComprehensiveReviewApiTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : ComprehensiveReviewApiTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : ComprehensiveReviewApiTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    private static readonly object[] Rubric =
    [
        new { code = "M1", criterion = "背景与目标清楚", points = 20 },
        new { code = "M2", criterion = "技术方案与实施过程完整", points = 50 },
        new { code = "M3", criterion = "效果评估有数据支撑", points = 30 },
    ];

    private static string Tag() => Guid.NewGuid().ToString("N")[..6];

    private static object Task(string code, int level = 2, string component = "Review", string scoring = "Rubric") => new
    {
        code, level, title = "技术总结 " + code, category = "DataAnalysisAndOptimization", scoring, points = 100, minutes = 60,
        instructions = "提交本人主持的智能训练项目技术总结。", rubric = scoring == "Rubric" ? Rubric : null, component,
    };

    private static object Blueprint(string name, int level = 2, string component = "Review") => new
    {
        level, name, durationMinutes = 60, passMark = 60, component,
        lines = new[] { new { category = "DataAnalysisAndOptimization", count = 1, points = 100 } },
    };

    /// <summary>A review task and an active review blueprint of level 2, added by the admin; returns the blueprint's id.</summary>
    private async Task<int> ReviewBlueprintAsync()
    {
        var admin = (await factory.WorldAsync()).Admin;
        var tag = Tag();
        var task = await (await admin.PostJsonAsync("/api/practical-tasks", Task("R-" + tag))).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Review", task.GetProperty("component").GetString());
        var blueprint = await (await admin.PostJsonAsync("/api/skill-blueprints", Blueprint("二级综合评审 " + tag))).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Review", blueprint.GetProperty("component").GetString());
        return blueprint.GetProperty("id").GetInt32();
    }

    private async Task<int> CenterAsync() => await factory.DbAsync(async db =>
    {
        var center = new TrainingCenter("评审中心 " + Tag(), TestData.NextOrganisationCode(), "31", "上海", null);
        db.Centers.Add(center);
        await db.SaveChangesAsync();
        return center.Id;
    });

    private async Task<HttpClient> ExaminerAsync(int centerId)
    {
        var email = TestData.Email("panel");
        string id;
        await using (var s = factory.Services.CreateAsyncScope())
            id = (await s.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(email, TestWorld.Password, Roles.CenterStaff, centerId)).Id;
        await (await (await factory.WorldAsync()).Admin.PutJsonAsync($"/api/examiners/{id}", new { scope = "Center" })).ExpectJsonAsync(HttpStatusCode.OK);
        return await factory.SignInAsync(email, TestWorld.Password);
    }

    private static async Task MarkAsync(HttpClient examiner, int sessionId, decimal m1, decimal m2, decimal m3)
    {
        var script = await (await examiner.PostJsonAsync("/api/marking/claims", new { sessionId })).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Contains("项目背景", script.GetProperty("answer").GetProperty("text").GetString());
        Assert.Equal(3, script.GetProperty("rubric").GetArrayLength());
        await (await examiner.PostJsonAsync($"/api/marking/claims/{script.GetProperty("markId").GetInt32()}/submit",
            new { lines = new[] { new { code = "M1", points = m1 }, new { code = "M2", points = m2 }, new { code = "M3", points = m3 } } }))
            .ExpectJsonAsync(HttpStatusCode.OK);
    }

    private static async Task<JsonElement> ResultAsync(HttpClient client, int sessionId)
    {
        var all = await (await client.GetAsync("/api/me/results")).ExpectJsonAsync(HttpStatusCode.OK);
        return Assert.Single(all.EnumerateArray(), r => r.GetProperty("sessionId").GetInt32() == sessionId);
    }

    [Fact]
    public async Task Review_tasks_and_blueprints_are_for_levels_2_and_1_and_a_new_level_2_session_takes_the_review_blueprint()
    {
        var w = await factory.WorldAsync();
        var tag = Tag();
        var wrongLevel = await (await w.Admin.PostJsonAsync("/api/practical-tasks", Task("R3-" + tag, level: 3))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("practical.review-level", wrongLevel.GetProperty("code").GetString());
        var platformScored = await (await w.Admin.PostJsonAsync("/api/practical-tasks",
            new { code = "RP-" + tag, level = 2, title = "评审", category = "DataAnalysisAndOptimization", scoring = "TextClassification", points = 100, minutes = 60,
                instructions = "x", content = JsonDocument.Parse(PracticalTaskSamples.Classification).RootElement, component = "Review" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("practical-task.review-rubric", platformScored.GetProperty("code").GetString());
        var blueprint3 = await (await w.Admin.PostJsonAsync("/api/skill-blueprints", Blueprint("三级评审 " + tag, level: 3))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("practical.review-level", blueprint3.GetProperty("code").GetString());

        // A review blueprint is filled by review tasks only: a skill task of the same category and points does not count.
        await (await w.Admin.PostJsonAsync("/api/practical-tasks", Task("S-" + tag, component: "Skill"))).ExpectJsonAsync(HttpStatusCode.Created);
        var before = await factory.DbAsync(db => db.PracticalTasks.CountAsync(t => t.Level == 2 && t.Component == AssessmentComponent.Review && t.Active));
        if (before == 0)
        {
            var short_ = await (await w.Admin.PostJsonAsync("/api/skill-blueprints", Blueprint("空评审 " + tag))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("skill-blueprint.pool-short", short_.GetProperty("code").GetString());
        }
        var id = await ReviewBlueprintAsync();
        var fixedComponent = await (await w.Admin.PutJsonAsync($"/api/skill-blueprints/{id}", Blueprint("改为技能 " + tag, component: "Skill")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("skill-blueprint.component-fixed", fixedComponent.GetProperty("code").GetString());
        var listed = await (await w.Admin.GetAsync("/api/skill-blueprints?level=2")).ExpectJsonAsync(HttpStatusCode.OK);
        var row = Assert.Single(listed.EnumerateArray(), b => b.GetProperty("id").GetInt32() == id);
        Assert.True(row.GetProperty("inForce").GetBoolean());
        Assert.Equal("Review", row.GetProperty("component").GetString());

        // The level's theory blueprint, which any new session needs (its lines are not what this test is about).
        await factory.DbAsync(async db =>
        {
            db.ExamBlueprints.Add(new ExamBlueprint(2, "二级理论 " + tag, 90, 60m, ExamSittingKit.Lines, factory.Clock!.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        var start = factory.Clock!.GetUtcNow().AddDays(20);
        var created = await (await w.StaffA.PostJsonAsync("/api/exam-sessions", new
        {
            level = 2, title = "二级考试 " + tag, mode = "Online", capacity = 20,
            windowStart = start, windowEnd = start.AddHours(6), registrationDeadline = start.AddDays(-2),
        })).ExpectJsonAsync(HttpStatusCode.Created);
        var sessionId = created.GetProperty("id").GetInt32();
        Assert.Equal(id, await factory.DbAsync(db => db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.ReviewBlueprintId).SingleAsync()));
    }

    [Fact]
    public async Task The_candidate_hands_in_the_review_examiners_mark_it_and_the_level_2_result_passes_only_with_all_three_parts()
    {
        var w = await factory.WorldAsync();
        var center = await CenterAsync();
        var examiners = new[] { await ExaminerAsync(center), await ExaminerAsync(center) };
        var exam = await SkillAttemptTests.SkillSessionAsync(factory, centerId: center);
        var client = exam.Candidate.Client;

        // The session holds no review yet: level 4.
        var refused = await (await client.StartAsync(exam.RegistrationId, "review")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("attempt.review-unavailable", refused.GetProperty("code").GetString());

        // Theory and skill sat and graded; then the session is the level-2 sitting it stands for, with its review blueprint.
        var theory = (await client.StartedAsync(exam.RegistrationId)).AttemptId();
        var attempt = await factory.AttemptAsync(theory);
        var versions = await factory.VersionsAsync();
        foreach (var question in attempt.Items)
            await (await client.SaveAsync(theory, question.Position, ExamSittingKit.CorrectResponse(question, versions[question.QuestionVersionId]), 1))
                .ExpectJsonAsync(HttpStatusCode.OK);
        await (await client.SubmitAsync(theory)).ExpectJsonAsync(HttpStatusCode.OK);
        var skill = (await (await client.StartAsync(exam.RegistrationId, "skill")).ExpectJsonAsync(HttpStatusCode.Created)).AttemptId();
        await SkillAttemptTests.AnswerAllAsync(factory, client, skill);
        await (await client.SubmitAsync(skill)).ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var id in new[] { theory, skill })
            Assert.True(await factory.JobAsync<AttemptGradingJob, bool>((j, ct) => j.GradeAsync(id, ct)));
        var reviewBlueprint = await ReviewBlueprintAsync();
        await factory.DbAsync(db => db.ExamSessions.Where(s => s.Id == exam.SessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Level, 2).SetProperty(x => x.ReviewBlueprintId, reviewBlueprint)));

        var pending = await ResultAsync(client, exam.SessionId);
        Assert.Equal(["Theory", "Skill", "Review"], pending.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("component").GetString()));
        Assert.Equal("Pending", pending.GetProperty("outcome").GetString());
        var registration = await (await client.GetAsync($"/api/registrations/{exam.RegistrationId}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(registration.GetProperty("hasReview").GetBoolean());

        // The review: one examiner-scored task of 100 points, with the work uploaded and named in the answer.
        var paper = await (await client.StartAsync(exam.RegistrationId, "review")).ExpectJsonAsync(HttpStatusCode.Created);
        var reviewId = paper.AttemptId();
        var task = Assert.Single(paper.GetProperty("tasks").EnumerateArray());
        Assert.Equal("Rubric", task.GetProperty("scoring").GetString());
        Assert.Equal(100m, task.GetProperty("points").GetDecimal());
        ExamSittingKit.NoSecrets(paper.GetRawText(), "the review paper");
        Assert.Equal(reviewId, (await (await client.StartAsync(exam.RegistrationId, "review")).ExpectJsonAsync(HttpStatusCode.OK)).AttemptId());
        var item = task.GetProperty("itemId").GetInt32();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(SampleFiles.Pdf(8000));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "技术总结.pdf");
        var uploaded = await (await client.PostAsync($"/api/attempts/{reviewId}/tasks/{item}/files", form)).ExpectJsonAsync(HttpStatusCode.Created);
        var answer = JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            text = "项目背景：客服意图识别模型的训练与效果优化……",
            files = new[] { new { id = uploaded.GetProperty("id").GetString(), name = "技术总结.pdf" } },
        })).RootElement;
        await (await client.SaveAsync(reviewId, item, answer, 1)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await client.SubmitAsync(reviewId)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(await factory.JobAsync<AttemptGradingJob, bool>((j, ct) => j.GradeAsync(reviewId, ct)));
        var handedIn = await factory.AttemptAsync(reviewId);
        Assert.Equal((AssessmentComponent.Review, AttemptStatus.Submitted, (decimal?)null), (handedIn.Component, handedIn.Status, handedIn.Score));

        // Two examiners mark it blind, 4 points apart (under 15% of 100): the mean is the review's score.
        await MarkAsync(examiners[0], exam.SessionId, 16, 40, 24);
        await MarkAsync(examiners[1], exam.SessionId, 15, 38, 23);
        var marked = await factory.AttemptAsync(reviewId);
        Assert.Equal((AttemptStatus.Graded, (decimal?)78m, (bool?)true), (marked.Status, marked.Score, marked.Passed));

        factory.Clock().SetUtcNow(exam.WindowEnd.AddMinutes(5));
        await (await w.Admin.PostAsync($"/api/exam-sessions/{exam.SessionId}/release-results", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var fresh = await factory.SignInAsync(exam.Candidate.Email, TestWorld.Password);
        var released = await ResultAsync(fresh, exam.SessionId);
        var review = released.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("component").GetString() == "Review");
        Assert.Equal(78m, review.GetProperty("score").GetDecimal());
        Assert.Equal("Passed", released.GetProperty("outcome").GetString());

        // A review score changed below the pass mark on review (复核) fails the whole result.
        await factory.DbAsync(db => db.ExamAttempts.Where(a => a.Id == reviewId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Score, 55m).SetProperty(a => a.Passed, false)));
        Assert.Equal("Failed", (await ResultAsync(fresh, exam.SessionId)).GetProperty("outcome").GetString());
    }
}
