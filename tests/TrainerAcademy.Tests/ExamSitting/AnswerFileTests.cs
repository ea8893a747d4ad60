using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Tests.Domain.Files;
using TrainerAcademy.Tests.Enrollments;

namespace TrainerAcademy.Tests.ExamSitting;

/// <summary>
/// Files for written tasks through the API: uploaded by the candidate while the attempt takes saves, attached to the
/// answer with a revision, read by the candidate, the center's staff and admins only; bad uploads refused with a problem.
/// </summary>
public abstract class AnswerFileTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteExamFactory f) : AnswerFileTests(f), IClassFixture<SqliteExamFactory>;

    public sealed class OnPostgreSql : AnswerFileTests, IClassFixture<PostgresExamFactory>
    {
        public OnPostgreSql(PostgresExamFactory f) : base(f) => TestPostgres.Require();
    }

    private sealed record Paper(ExamSetup Exam, int AttemptId, int Written, int PlatformScored)
    {
        public HttpClient Client => Exam.Candidate.Client;
        public string Files => $"/api/attempts/{AttemptId}/tasks/{Written}/files";
    }

    private async Task<Paper> StartAsync()
    {
        var exam = await SkillAttemptTests.SkillSessionAsync(factory, written: true);
        var skill = await (await exam.Candidate.Client.StartAsync(exam.RegistrationId, "skill")).ExpectJsonAsync(HttpStatusCode.Created);
        int Item(bool written) => skill.GetProperty("tasks").EnumerateArray()
            .First(t => (t.GetProperty("scoring").GetString() == nameof(PracticalScoringKind.Rubric)) == written).GetProperty("itemId").GetInt32();
        return new Paper(exam, skill.AttemptId(), Item(written: true), Item(written: false));
    }

    private static MultipartFormDataContent Form(byte[] bytes, string name, string field = "file")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, field, name } };
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, string url, byte[] bytes, string name, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var form = Form(bytes, name);
        var response = await client.PostAsync(url, form);
        return expected == HttpStatusCode.Created ? await response.ExpectJsonAsync(expected) : await response.ExpectProblemAsync(expected);
    }

    private static string Answer(string text, params (string Id, string Name)[] files) =>
        JsonSerializer.Serialize(new { text, files = files.Select(f => new { id = f.Id, name = f.Name }) });

    private static Task<HttpResponseMessage> SaveAsync(Paper paper, string answer, int revision) =>
        paper.Client.SaveAsync(paper.AttemptId, paper.Written, JsonDocument.Parse(answer).RootElement, revision);

    [Fact]
    public async Task A_candidate_uploads_a_file_attaches_it_with_the_next_revision_and_staff_of_the_center_and_admins_read_it()
    {
        var w = await factory.WorldAsync();
        var paper = await StartAsync();
        var pdf = SampleFiles.Pdf(5000);

        var uploaded = await UploadAsync(paper.Client, paper.Files, pdf, "培训大纲.pdf");
        var id = uploaded.GetProperty("id").GetString()!;
        Assert.Equal("培训大纲.pdf", uploaded.GetProperty("name").GetString());
        Assert.Equal("application/pdf", uploaded.GetProperty("contentType").GetString());
        Assert.Equal(5000, uploaded.GetProperty("length").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), uploaded.GetProperty("sha256").GetString());
        var url = $"{paper.Files}/{id}";
        Assert.Equal(url, uploaded.GetProperty("url").GetString());

        // Not yet attached: the candidate reads their own upload; staff see only what an answer names.
        await (await w.StaffA.GetAsync(url)).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await paper.Client.SaveAsync(paper.AttemptId, paper.Written, new { text = "提纲见附件" }, 1)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await SaveAsync(paper, Answer("提纲见附件", (id, "改名.exe")), 2)).ExpectJsonAsync(HttpStatusCode.OK);
        var stored = await factory.DbAsync(db => db.AttemptTasks.AsNoTracking().SingleAsync(t => t.AttemptId == paper.AttemptId && t.Position == paper.Written));
        Assert.Equal($"{{\"text\":\"提纲见附件\",\"files\":[{{\"id\":\"{id}\",\"name\":\"培训大纲.pdf\"}}]}}", stored.Response);
        Assert.Equal(2, stored.SavedRevision);
        var stale = await (await SaveAsync(paper, Answer("旧的"), 2)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("answer.stale", stale.GetProperty("code").GetString());

        foreach (var reader in new[] { paper.Client, w.StaffA, w.Admin })
        {
            using var file = await reader.GetAsync(url);
            await file.ExpectStatusAsync(HttpStatusCode.OK);
            Assert.Equal(pdf, await file.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/pdf", file.Content.Headers.ContentType!.MediaType);
            Assert.Equal("attachment", file.Content.Headers.ContentDisposition!.DispositionType);
        }
        var other = await factory.LearnerAsync();
        await (await w.StaffB.GetAsync(url)).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await other.Client.GetAsync(url)).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await w.Learner.GetAsync(url)).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await w.Anonymous.GetAsync(url)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
        await (await paper.Client.GetAsync($"/api/attempts/{paper.AttemptId}/tasks/{paper.PlatformScored}/files/{id}")).ExpectStatusAsync(HttpStatusCode.OK);
        await (await w.StaffA.GetAsync($"/api/attempts/{paper.AttemptId}/tasks/{paper.PlatformScored}/files/{id}")).ExpectStatusAsync(HttpStatusCode.NotFound);
        await (await paper.Client.GetAsync($"{paper.Files}/{Guid.NewGuid()}")).ExpectStatusAsync(HttpStatusCode.NotFound);

        var audit = await factory.EventsAsync(paper.AttemptId);
        Assert.Single(audit, e => e.Kind == AttemptEventKind.FileUploaded && e.Position == paper.Written && e.Detail!.StartsWith(id, StringComparison.Ordinal));

        // Taking the file off the answer is a save like any other: staff no longer read it.
        await (await SaveAsync(paper, Answer("提纲见正文"), 3)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await w.StaffA.GetAsync(url)).ExpectStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_uploads_are_refused_with_a_problem_and_nothing_is_stored()
    {
        var w = await factory.WorldAsync();
        var paper = await StartAsync();
        var before = await factory.DbAsync(db => db.StoredFiles.CountAsync());

        async Task<string> Refused(byte[] bytes, string name) =>
            (await UploadAsync(paper.Client, paper.Files, bytes, name, HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString()!;

        Assert.Equal("file.empty", await Refused([], "空.pdf"));
        Assert.Equal("file.too-large", await Refused(SampleFiles.Pdf(10 * 1024 * 1024 + 1), "大.pdf"));
        Assert.Equal("file.content", await Refused(SampleFiles.Png(), "伪装.pdf"));
        Assert.Equal("file.content", await Refused(SampleFiles.Zip("a.txt"), "伪装.docx"));
        Assert.Equal("file.type", await Refused(Encoding.UTF8.GetBytes("<script>alert(1)</script>"), "page.html"));
        var problem = await UploadAsync(paper.Client, paper.Files, SampleFiles.Png(), "伪装.pdf", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("文件内容与其扩展名所示的类型不符。", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));

        using var noFile = Form(SampleFiles.Pdf(), "a.pdf", field: "other");
        var missing = await (await paper.Client.PostAsync(paper.Files, noFile)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("file.missing", missing.GetProperty("code").GetString());
        using var json = await paper.Client.PostJsonAsync(paper.Files, new { text = "not a file" });
        Assert.True((int)json.StatusCode is >= 400 and < 500, $"{(int)json.StatusCode}");

        var cleaning = await UploadAsync(paper.Client, $"/api/attempts/{paper.AttemptId}/tasks/{paper.PlatformScored}/files", SampleFiles.Pdf(), "a.pdf",
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal("answer.file-not-written", cleaning.GetProperty("code").GetString());
        var other = await factory.LearnerAsync();
        await UploadAsync(other.Client, paper.Files, SampleFiles.Pdf(), "a.pdf", HttpStatusCode.NotFound);
        await UploadAsync(paper.Client, $"/api/attempts/{paper.AttemptId}/tasks/99/files", SampleFiles.Pdf(), "a.pdf", HttpStatusCode.NotFound);
        using (var anonymous = Form(SampleFiles.Pdf(), "a.pdf"))
            await (await w.Anonymous.PostAsync(paper.Files, anonymous)).ExpectStatusAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(before, await factory.DbAsync(db => db.StoredFiles.CountAsync()));
    }

    [Fact]
    public async Task An_answer_naming_someone_else_s_file_or_an_unknown_one_is_refused_and_the_saved_answer_stays()
    {
        var mine = await StartAsync();
        var theirs = await StartAsync();
        var theirFile = (await UploadAsync(theirs.Client, theirs.Files, SampleFiles.Docx(), "别人的方案.docx")).GetProperty("id").GetString()!;
        await (await mine.Client.SaveAsync(mine.AttemptId, mine.Written, new { text = "我的答案" }, 1)).ExpectJsonAsync(HttpStatusCode.OK);

        var refused = await (await SaveAsync(mine, Answer("抄", (theirFile, "我的.docx")), 2)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("answer.file-unknown", refused.GetProperty("code").GetString());
        var unknown = await (await SaveAsync(mine, Answer("抄", (Guid.NewGuid().ToString(), "x.pdf")), 2)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("answer.file-unknown", unknown.GetProperty("code").GetString());
        // Their own file, uploaded for their own paper, is not readable through mine either.
        await (await mine.Client.GetAsync($"{mine.Files}/{theirFile}")).ExpectStatusAsync(HttpStatusCode.NotFound);

        var stored = await factory.DbAsync(db => db.AttemptTasks.AsNoTracking().SingleAsync(t => t.AttemptId == mine.AttemptId && t.Position == mine.Written));
        Assert.Equal("{\"text\":\"我的答案\"}", stored.Response);
        Assert.Equal(1, stored.SavedRevision);
    }

    [Fact]
    public async Task Uploads_follow_the_deadline_and_the_hand_in_as_saves_do()
    {
        var paper = await StartAsync();
        var attempt = await factory.DbAsync(db => db.ExamAttempts.AsNoTracking().SingleAsync(a => a.Id == paper.AttemptId));

        // Within the grace after the deadline an upload still lands; after it, 410.
        factory.Clock().SetUtcNow(attempt.Deadline.AddSeconds(30));
        await UploadAsync(paper.Client, paper.Files, SampleFiles.Pdf(), "迟交.pdf");
        factory.Clock().SetUtcNow(attempt.Deadline.AddSeconds(61));
        var late = await UploadAsync(paper.Client, paper.Files, SampleFiles.Pdf(), "太迟.pdf", HttpStatusCode.Gone);
        Assert.Equal("attempt.time-up", late.GetProperty("code").GetString());

        var handedIn = await StartAsync();
        await (await handedIn.Client.SubmitAsync(handedIn.AttemptId)).ExpectJsonAsync(HttpStatusCode.OK);
        var closed = await UploadAsync(handedIn.Client, handedIn.Files, SampleFiles.Pdf(), "交卷后.pdf", HttpStatusCode.Conflict);
        Assert.Equal("attempt.submitted", closed.GetProperty("code").GetString());
        Assert.Equal(0, await factory.DbAsync(db => db.AttemptEvents.CountAsync(e => e.AttemptId == handedIn.AttemptId && e.Kind == AttemptEventKind.FileUploaded)));
    }
}
