using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Domain.Files;
using TrainerAcademy.Domain.Practical;
using TrainerAcademy.Tests.Domain.Practical;

namespace TrainerAcademy.Tests.Domain.Files;

/// <summary>Files of each kind, made here, for the upload tests.</summary>
public static class SampleFiles
{
    public static byte[] Pdf(int size = 200) => Pad("%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n", size);

    public static byte[] Png(int size = 64) => Pad(Encoding.Latin1.GetString([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), size);

    public static byte[] Jpeg(int size = 64) => Pad(Encoding.Latin1.GetString([0xFF, 0xD8, 0xFF, 0xE0]), size);

    public static byte[] Zip(params string[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write("<x/>");
            }
        return buffer.ToArray();
    }

    public static byte[] Docx() => Zip("[Content_Types].xml", "_rels/.rels", "word/document.xml");

    public static byte[] Xlsx() => Zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml");

    private static byte[] Pad(string head, int size)
    {
        var bytes = Encoding.Latin1.GetBytes(head);
        return [.. bytes, .. Enumerable.Repeat((byte)0x20, Math.Max(0, size - bytes.Length))];
    }
}

public sealed class StoredFileTests
{
    private static readonly FileLimits Limits = new(1000, Enum.GetValues<FileKind>().ToHashSet());

    private static string Refused(string name, byte[] bytes, FileLimits? limits = null) =>
        Assert.ThrowsAny<RuleViolation>(() => StoredFile.Accept("u1", name, bytes, limits ?? Limits, SkillPool.Now)).Code;

    [Fact]
    public void Each_kind_is_taken_when_its_bytes_are_that_kind_with_the_platform_s_content_type_and_hash()
    {
        var cases = new (string Name, byte[] Bytes, string ContentType)[]
        {
            ("大纲.pdf", SampleFiles.Pdf(), "application/pdf"),
            ("plan.DOCX", SampleFiles.Docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("plan.xlsx", SampleFiles.Xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("说明.txt", Encoding.UTF8.GetBytes("\uFEFF培训目标：掌握标注规范。"), "text/plain; charset=utf-8"),
            ("README.md", Encoding.UTF8.GetBytes("# 标注规范\n- 一"), "text/markdown; charset=utf-8"),
            ("chart.png", SampleFiles.Png(), "image/png"),
            ("photo.jpg", SampleFiles.Jpeg(), "image/jpeg"),
            ("photo.jpeg", SampleFiles.Jpeg(), "image/jpeg"),
            ("work.zip", SampleFiles.Zip("a.txt"), "application/zip"),
            ("plan-as-zip.zip", SampleFiles.Docx(), "application/zip"),
        };
        foreach (var (name, bytes, type) in cases)
        {
            var file = StoredFile.Accept("u1", name, bytes, Limits, SkillPool.Now);
            Assert.Equal((name, type, bytes.LongLength), (file.Name, file.ContentType, file.Length));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.Sha256);
            Assert.Equal("u1", file.OwnerId);
            Assert.NotEqual(Guid.Empty, file.Id);
        }
    }

    [Theory]
    [InlineData("report.pdf", "png", "file.content")]
    [InlineData("chart.png", "pdf", "file.content")]
    [InlineData("photo.jpg", "png", "file.content")]
    [InlineData("plan.docx", "zip", "file.content")]
    [InlineData("plan.docx", "xlsx", "file.content")]
    [InlineData("sheet.xlsx", "docx", "file.content")]
    [InlineData("fake.zip", "pdf", "file.content")]
    [InlineData("notes.txt", "png", "file.content")]
    [InlineData("notes.txt", "latin1", "file.content")]
    [InlineData("notes.md", "nul", "file.content")]
    [InlineData("script.exe", "pdf", "file.type")]
    [InlineData("page.html", "text", "file.type")]
    [InlineData("noextension", "text", "file.type")]
    public void A_file_whose_bytes_are_not_what_its_name_says_or_of_another_kind_is_refused(string name, string content, string code)
    {
        byte[] bytes = content switch
        {
            "png" => SampleFiles.Png(),
            "pdf" => SampleFiles.Pdf(),
            "zip" => SampleFiles.Zip("a.txt"),
            "xlsx" => SampleFiles.Xlsx(),
            "docx" => SampleFiles.Docx(),
            "latin1" => Encoding.Latin1.GetBytes("caf\u00e9 \u00e0 la cr\u00e8me"),
            "nul" => [0x23, 0x20, 0x00, 0x41],
            _ => Encoding.UTF8.GetBytes("<p>hi</p>"),
        };
        Assert.Equal(code, Refused(name, bytes));
    }

    [Fact]
    public void Empty_files_files_over_the_limit_and_kinds_not_allowed_are_refused_and_the_limit_itself_is_taken()
    {
        Assert.Equal("file.empty", Refused("a.txt", []));
        Assert.Equal("file.too-large", Refused("a.pdf", SampleFiles.Pdf(1001)));
        Assert.Equal(1000, StoredFile.Accept("u1", "a.pdf", SampleFiles.Pdf(1000), Limits, SkillPool.Now).Length);
        Assert.Equal("file.type", Refused("a.zip", SampleFiles.Zip("a.txt"), new FileLimits(1000, new HashSet<FileKind> { FileKind.Pdf })));
        var tooLarge = Assert.ThrowsAny<RuleViolation>(() => StoredFile.Accept("u1", "a.pdf", SampleFiles.Pdf(1001), Limits, SkillPool.Now));
        Assert.Equal(1000L, tooLarge.Data["maxBytes"]);
    }

    [Fact]
    public void The_name_is_the_last_part_without_control_characters_and_a_long_one_keeps_its_extension()
    {
        Assert.Equal("plan.pdf", StoredFile.CleanName("C:\\Users\\王\\plan.pdf"));
        Assert.Equal("plan.pdf", StoredFile.CleanName("../../etc/plan.pdf"));
        Assert.Equal("ab.pdf", StoredFile.CleanName("a\u0000b\n.pdf"));
        var longName = StoredFile.CleanName(new string('长', 300) + ".docx");
        Assert.Equal(StoredFile.MaxName, longName.Length);
        Assert.EndsWith(".docx", longName);
    }

    [Fact]
    public void The_configured_kinds_are_read_by_name()
    {
        Assert.Equal(FileKind.Jpeg, FileKinds.Parse(" JPEG "));
        Assert.Null(FileKinds.Parse("exe"));
        Assert.Null(FileKinds.Parse("99"));
    }
}

/// <summary>Files attached to a written answer: the candidate's own only, named as stored, old answers unchanged.</summary>
public sealed class WrittenAnswerFileTests
{
    private static readonly DateTimeOffset Now = SkillPool.Now;

    private static (ExamAttempt Attempt, AttemptTask Task) Written()
    {
        var task = new AttemptTask(1, SkillPool.Pool().Single(t => t.Code == "WRT"), null);
        var session = new ExamSession(1, 3, 1, "三级技能考核", ExamMode.Online, null, 10, Now.AddMinutes(-30), Now.AddHours(4), Now.AddDays(-1), true,
            Now.AddDays(-10), skillBlueprintId: 1);
        var registration = new ExamRegistration(session, "learner", "T1", new ApplicationDeclaration(4, null, true, false), "test", Now.AddDays(-10));
        var blueprint = new SkillBlueprint(3, "笔试", 120, 60, [new(PracticalCategory.TrainingSyllabusWriting, 4, 25)], Now);
        return (new ExamAttempt(registration, session, blueprint, 5, [task], Now), task);
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static readonly Guid Mine = Guid.Parse("7d1c2f7e-4a40-4b8e-9a52-0c2f7d2b9a11");
    private static readonly Guid Theirs = Guid.Parse("0b5e8c7a-1111-4c3d-8e9f-aa00bb11cc22");
    private static readonly Dictionary<Guid, string> Own = new() { [Mine] = "大纲.pdf" };

    [Fact]
    public void A_text_answer_keeps_its_stored_form_and_files_are_stored_under_their_own_names()
    {
        var (attempt, task) = Written();
        Assert.Equal("{\"text\":\"一、目标\"}", attempt.SaveAnswer(task, Json("{\"text\":\"一、目标\"}"), 1, Now, TimeSpan.Zero).Response);
        Assert.Equal("{\"text\":\"一、目标\"}", attempt.SaveAnswer(task, Json("{\"text\":\"一、目标\",\"files\":[]}"), 1, Now, TimeSpan.Zero, Own).Response);

        var save = attempt.SaveAnswer(task, Json($"{{\"text\":\"见附件\",\"files\":[{{\"id\":\"{Mine}\",\"name\":\"x.exe\"}},{{\"id\":\"{Mine}\"}}]}}"), 2, Now, TimeSpan.Zero, Own);

        Assert.Equal($"{{\"text\":\"见附件\",\"files\":[{{\"id\":\"{Mine}\",\"name\":\"大纲.pdf\"}}]}}", save.Response);
        Assert.Equal([Mine], WrittenAnswer.FileIdsIn(save.Response));
    }

    [Theory]
    [InlineData("{\"text\":\"\",\"files\":[{\"id\":\"0b5e8c7a-1111-4c3d-8e9f-aa00bb11cc22\",\"name\":\"a.pdf\"}]}", "answer.file-unknown")]
    [InlineData("{\"text\":\"\",\"files\":[{\"name\":\"a.pdf\"}]}", "answer.file-unknown")]
    [InlineData("{\"text\":\"\",\"files\":[{\"id\":\"not-a-guid\"}]}", "answer.invalid")]
    [InlineData("{\"text\":\"\",\"files\":{\"id\":\"7d1c2f7e-4a40-4b8e-9a52-0c2f7d2b9a11\"}}", "answer.invalid")]
    [InlineData("{\"text\":\"\",\"attachments\":[]}", "answer.invalid")]
    public void A_file_that_is_not_the_candidate_s_own_or_a_malformed_list_is_refused(string answer, string code)
    {
        var (attempt, task) = Written();
        Assert.Equal(code, Assert.ThrowsAny<RuleViolation>(() => attempt.SaveAnswer(task, Json(answer), 1, Now, TimeSpan.Zero, Own)).Code);
        // Without the candidate's files known, no file is taken at all.
        Assert.Equal("answer.file-unknown", Assert.ThrowsAny<RuleViolation>(() =>
            attempt.SaveAnswer(task, Json($"{{\"files\":[{{\"id\":\"{Mine}\"}}]}}"), 1, Now, TimeSpan.Zero)).Code);
    }

    [Fact]
    public void At_most_five_files_are_attached_and_only_to_written_tasks()
    {
        var (attempt, task) = Written();
        var six = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToList();
        var own = six.ToDictionary(g => g, g => g + ".pdf");
        var files = string.Join(",", six.Select(g => $"{{\"id\":\"{g}\"}}"));
        Assert.Equal("answer.too-many-files", Assert.ThrowsAny<RuleViolation>(() =>
            attempt.SaveAnswer(task, Json($"{{\"text\":\"\",\"files\":[{files}]}}"), 1, Now, TimeSpan.Zero, own)).Code);
        var five = string.Join(",", six.Take(5).Select(g => $"{{\"id\":\"{g}\"}}"));
        Assert.Equal(5, WrittenAnswer.FileIdsIn(attempt.SaveAnswer(task, Json($"{{\"text\":\"\",\"files\":[{five}]}}"), 1, Now, TimeSpan.Zero, own).Response).Count);

        task.EnsureTakesFiles();
        var cleaning = new AttemptTask(2, SkillPool.Pool().Single(t => t.Code == "CLN"), null);
        Assert.Equal("answer.file-not-written", Assert.ThrowsAny<RuleViolation>(cleaning.EnsureTakesFiles).Code);
    }
}
