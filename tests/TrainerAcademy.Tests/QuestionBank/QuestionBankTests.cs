using System.Net.Http.Headers;
using System.Text;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using TrainerAcademy.Data;
using TrainerAcademy.Domain.Exams;
using TrainerAcademy.Features.QuestionBank;

namespace TrainerAcademy.Tests.QuestionBank;

/// <summary>The admin question bank and blueprints through the API and the pages, on each provider.</summary>
public abstract class QuestionBankTests(AcademyFactory factory)
{
    public sealed class OnSqlite(SqliteAcademyFactory f) : QuestionBankTests(f), IClassFixture<SqliteAcademyFactory>;

    public sealed class OnPostgreSql : QuestionBankTests, IClassFixture<PostgresAcademyFactory>
    {
        public OnPostgreSql(PostgresAcademyFactory f) : base(f) => TestPostgres.Require();
    }

    private static readonly string[] Header = QuestionTransfer.Columns;

    private async Task<JsonElement> CreateAsync(object question) =>
        await (await (await factory.WorldAsync()).Admin.PostJsonAsync("/api/questions", question)).ExpectJsonAsync(HttpStatusCode.Created);

    private async Task<JsonElement> GetAsync(int id) =>
        await (await (await factory.WorldAsync()).Admin.GetAsync($"/api/questions/{id}")).ExpectJsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task Only_admins_reach_the_question_bank_and_blueprints()
    {
        var w = await factory.WorldAsync();
        foreach (var path in new[] { "/api/questions", "/api/questions/1", "/api/blueprints", "/api/questions/statistics", "/api/questions/export.csv" })
        {
            await (await w.Anonymous.GetAsync(path)).ExpectStatusAsync(HttpStatusCode.Unauthorized);
            await (await w.StaffA.GetAsync(path)).ExpectStatusAsync(HttpStatusCode.Forbidden);
            await (await w.Learner.GetAsync(path)).ExpectStatusAsync(HttpStatusCode.Forbidden);
        }
        await (await w.StaffA.PostJsonAsync("/api/questions", QuestionBankKit.SingleChoice(QuestionBankKit.NewCode()))).ExpectStatusAsync(HttpStatusCode.Forbidden);
        await (await w.Admin.GetAsync("/api/questions")).ExpectStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_admin_adds_a_question_and_reads_it_back_with_its_key()
    {
        var code = QuestionBankKit.NewCode();
        var created = await CreateAsync(QuestionBankKit.SingleChoice(code, "新增的单选题", answer: "c"));

        var read = await GetAsync(created.Id());
        Assert.Equal(code, read.GetProperty("code").GetString());
        Assert.Equal("C", read.GetProperty("answer").GetString());
        Assert.Equal(["甲", "乙", "丙", "丁"], read.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(1, read.GetProperty("versions").GetArrayLength());

        var listed = await (await (await factory.WorldAsync()).Admin.GetAsync($"/api/questions?q={code}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
        await (await (await factory.WorldAsync()).Admin.PostJsonAsync("/api/questions", QuestionBankKit.SingleChoice(code))).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Editing_a_question_no_paper_used_changes_it_in_place()
    {
        var w = await factory.WorldAsync();
        var id = (await CreateAsync(QuestionBankKit.SingleChoice(QuestionBankKit.NewCode(), "改前"))).Id();

        var edited = await (await w.Admin.PutJsonAsync($"/api/questions/{id}", QuestionBankKit.SingleChoice("ignored", "改后", level: 4))).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("改后", edited.GetProperty("stem").GetString());
        Assert.Equal(4, edited.GetProperty("level").GetInt32());
        Assert.Equal(1, edited.GetProperty("currentVersion").GetInt32());
        Assert.Equal(1, edited.GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task Editing_a_question_on_a_paper_makes_version_2_and_the_paper_keeps_version_1()
    {
        var w = await factory.WorldAsync();
        var code = QuestionBankKit.NewCode();
        var id = (await CreateAsync(QuestionBankKit.SingleChoice(code, "原题干"))).Id();
        var v1 = await factory.WithDbAsync(db => db.QuestionVersions.AsNoTracking().SingleAsync(v => v.QuestionId == id));
        var (_, attempts) = await QuestionBankKit.SitPapersAsync(factory, [v1], [["B"]], grade: false);

        var edited = await (await w.Admin.PutJsonAsync($"/api/questions/{id}", QuestionBankKit.SingleChoice(code, "修订后的题干", answer: "D")))
            .ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, edited.GetProperty("currentVersion").GetInt32());
        Assert.Equal("修订后的题干", edited.GetProperty("stem").GetString());
        var versions = edited.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([2, 1], versions.Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal("原题干", versions[1].GetProperty("stem").GetString());
        Assert.Equal(1, versions[1].GetProperty("timesUsed").GetInt32());
        var item = await factory.WithDbAsync(db => db.AttemptItems.AsNoTracking().SingleAsync(i => i.AttemptId == attempts[0]));
        Assert.Equal(v1.Id, item.QuestionVersionId);
        var kept = await factory.WithDbAsync(db => db.QuestionVersions.AsNoTracking().SingleAsync(v => v.Id == v1.Id));
        Assert.Equal(("原题干", "B"), (kept.Stem, kept.Answer));

        var retag = await (await w.Admin.PutJsonAsync($"/api/questions/{id}", QuestionBankKit.SingleChoice(code, "修订后的题干", level: 4, answer: "D")))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, retag.GetProperty("level").GetInt32()); // version 2 is on no paper yet, so it may move
    }

    [Fact]
    public async Task A_question_on_a_paper_keeps_its_level_and_work_function()
    {
        var w = await factory.WorldAsync();
        var code = QuestionBankKit.NewCode();
        var id = (await CreateAsync(QuestionBankKit.SingleChoice(code))).Id();
        var v1 = await factory.WithDbAsync(db => db.QuestionVersions.AsNoTracking().SingleAsync(v => v.QuestionId == id));
        await QuestionBankKit.SitPapersAsync(factory, [v1], [["B"]], grade: false);

        var problem = await (await w.Admin.PutJsonAsync($"/api/questions/{id}", QuestionBankKit.SingleChoice(code, workFunction: "data-annotation")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("question.retag-used", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_work_function_of_another_level_and_a_broken_key_are_refused_beside_their_fields()
    {
        var w = await factory.WorldAsync();

        var wrongLevel = await (await w.Admin.PostJsonAsync("/api/questions", QuestionBankKit.SingleChoice(QuestionBankKit.NewCode(), workFunction: "business-analysis")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(wrongLevel.GetProperty("errors").TryGetProperty("workFunctionCode", out _), wrongLevel.ToString());

        var badKey = await (await w.Admin.PostJsonAsync("/api/questions", QuestionBankKit.SingleChoice(QuestionBankKit.NewCode(), answer: "AB")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("question.answer-single", badKey.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_retired_question_leaves_the_bank_counts_and_comes_back_when_reinstated()
    {
        var w = await factory.WorldAsync();
        var id = (await CreateAsync(QuestionBankKit.SingleChoice(QuestionBankKit.NewCode(), level: 4, workFunction: "system-operation"))).Id();
        var before = await factory.WithDbAsync(db => QuestionBankStore.AvailableAsync(db, 4));

        var retired = await (await w.Admin.PostJsonAsync($"/api/questions/{id}/retire", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(retired.GetProperty("retired").GetBoolean());
        var during = await factory.WithDbAsync(db => QuestionBankStore.AvailableAsync(db, 4));
        Assert.Equal(before[("system-operation", QuestionType.SingleChoice)] - 1, during[("system-operation", QuestionType.SingleChoice)]);
        var listed = await (await w.Admin.GetAsync("/api/questions?retired=true&level=4")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), q => q.Id() == id);

        await (await w.Admin.PostJsonAsync($"/api/questions/{id}/reinstate", new { })).ExpectStatusAsync(HttpStatusCode.OK);
        Assert.Equal(before, await factory.WithDbAsync(db => QuestionBankStore.AvailableAsync(db, 4)));
    }

    private static MultipartFormDataContent FileContent(byte[] bytes, string name)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".csv") ? "text/csv" : QuestionTransfer.XlsxContentType);
        return new MultipartFormDataContent { { file, "file", name } };
    }

    private static string Csv(params string[][] rows) =>
        string.Join("\n", new[] { Header }.Concat(rows).Select(r => string.Join(",", r.Select(c => "\"" + c.Replace("\"", "\"\"") + "\""))));

    private static string[] Row(string code, string level, string function, string type, string difficulty, string stem, string[] options, string answer,
        string explanation = "") =>
        [code, level, function, type, difficulty, stem, .. Enumerable.Range(0, 6).Select(i => i < options.Length ? options[i] : ""), answer, explanation];

    private static byte[] Xlsx(params string[][] rows)
    {
        using var book = new XLWorkbook();
        var sheet = book.Worksheets.Add("题库");
        var all = new[] { Header }.Concat(rows).ToList();
        for (var r = 0; r < all.Count; r++)
            for (var c = 0; c < all[r].Length; c++)
                sheet.Cell(r + 1, c + 1).SetValue(all[r][c]);
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task Importing_a_csv_adds_new_codes_and_changes_known_ones()
    {
        var w = await factory.WorldAsync();
        var known = QuestionBankKit.NewCode("IM");
        await CreateAsync(QuestionBankKit.SingleChoice(known, "导入前"));
        var fresh = QuestionBankKit.NewCode("IM");
        var csv = Csv(
            Row(known, "5", "data-collection", "单选", "2", "导入后", ["甲", "乙", "丙", "丁"], "B", "因为乙。"),
            Row(fresh, "4", "数据标注", "判断", "1", "标注规范应当统一。", [], "正确"));

        var result = await (await w.Admin.PostAsync("/api/questions/import", FileContent(Encoding.UTF8.GetBytes(csv), "bank.csv"))).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal((2, 1, 1), (result.GetProperty("rows").GetInt32(), result.GetProperty("created").GetInt32(), result.GetProperty("edited").GetInt32()));
        var added = await factory.WithDbAsync(db => db.Questions.Include(q => q.Versions).AsNoTracking().SingleAsync(q => q.Code == fresh));
        Assert.Equal((4, "data-annotation", QuestionType.TrueFalse, "true"), (added.Level, added.WorkFunctionCode, added.Current.Type, added.Current.Answer));
        var changed = await factory.WithDbAsync(db => db.Questions.Include(q => q.Versions).AsNoTracking().SingleAsync(q => q.Code == known));
        Assert.Equal("导入后", changed.Current.Stem);
    }

    [Fact]
    public async Task An_import_with_wrong_rows_reports_each_row_and_column_and_stores_nothing()
    {
        var w = await factory.WorldAsync();
        var good = QuestionBankKit.NewCode("BAD");
        var codes = new[] { good, QuestionBankKit.NewCode("BAD"), QuestionBankKit.NewCode("BAD"), QuestionBankKit.NewCode("BAD") };
        var xlsx = Xlsx(
            Row(codes[0], "5", "data-collection", "单选", "2", "好的一行", ["甲", "乙", "丙"], "A"),
            Row(codes[1], "5", "business-analysis", "单选", "2", "职业功能不属于五级", ["甲", "乙", "丙"], "A"),
            Row(codes[2], "5", "data-collection", "单选", "9", "难度越界", ["甲", "乙", "丙"], "E"),
            Row(codes[3], "5", "data-collection", "多选", "2", "答案不是多个", ["甲", "乙", "丙"], "A"),
            Row(codes[0], "5", "data-collection", "判断", "1", "编号重复", [], "错误"));

        var problem = await (await w.Admin.PostAsync("/api/questions/import", FileContent(xlsx, "bank.xlsx"))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Equal([(3, "职业功能"), (4, "难度"), (5, "答案"), (6, "编号")], errors);
        Assert.All(problem.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString())));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Questions.CountAsync(q => codes.Contains(q.Code))));
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task Exporting_and_importing_again_changes_nothing(string format)
    {
        var w = await factory.WorldAsync();
        var prefix = QuestionBankKit.NewCode("RT" + format);
        await CreateAsync(QuestionBankKit.SingleChoice(prefix + "-1", "含逗号, \"引号\"\n和换行的题干"));
        await CreateAsync(new
        {
            code = prefix + "-2", level = 4, workFunctionCode = "system-operation", type = "MultipleChoice", difficulty = 3, stem = "0.50",
            options = new[] { "2021-01-01", "-1", "=SUM(A1)", "100%" }, answer = "ABD", explanation = "",
        });
        await CreateAsync(new { code = prefix + "-3", level = 5, workFunctionCode = "data-annotation", type = "TrueFalse", difficulty = 1, stem = "判断题", answer = "false" });
        var before = await factory.WithDbAsync(db => db.QuestionVersions.AsNoTracking().Where(v => v.Question.Code.StartsWith(prefix)).OrderBy(v => v.Id).ToListAsync());

        var export = await w.Admin.GetAsync($"/api/questions/export.{format}?q={prefix}");
        await export.ExpectSuccessAsync();
        var bytes = await export.Content.ReadAsByteArrayAsync();
        var result = await (await w.Admin.PostAsync("/api/questions/import", FileContent(bytes, "again." + format))).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal((3, 0, 0, 0, 3), (result.GetProperty("rows").GetInt32(), result.GetProperty("created").GetInt32(), result.GetProperty("edited").GetInt32(),
            result.GetProperty("newVersions").GetInt32(), result.GetProperty("unchanged").GetInt32()));
        var after = await factory.WithDbAsync(db => db.QuestionVersions.AsNoTracking().Where(v => v.Question.Code.StartsWith(prefix)).OrderBy(v => v.Id).ToListAsync());
        Assert.Equal(before.Select(v => (v.Id, v.Stem, v.OptionsJson, v.Answer, v.CreatedAt)), after.Select(v => (v.Id, v.Stem, v.OptionsJson, v.Answer, v.CreatedAt)));
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task An_exported_cell_that_would_start_a_formula_is_written_as_text_with_a_leading_apostrophe(string format)
    {
        var w = await factory.WorldAsync();
        var code = QuestionBankKit.NewCode("FX" + format);
        await CreateAsync(new
        {
            code, level = 5, workFunctionCode = "data-collection", type = "SingleChoice", difficulty = 2, stem = "=HYPERLINK(\"http://evil.example\",\"点击\")",
            options = new[] { "+1", "-2", "@SUM(A1)", "普通选项" }, answer = "A", explanation = "普通解析",
        });

        var bytes = await (await (await w.Admin.GetAsync($"/api/questions/export.{format}?q={code}")).ExpectSuccessAsync()).Content.ReadAsByteArrayAsync();

        string[] cells;
        if (format == "xlsx")
        {
            using var book = new XLWorkbook(new MemoryStream(bytes));
            cells = [.. book.Worksheets.First().Row(2).Cells(1, Header.Length).Select(c => c.GetString())];
            Assert.DoesNotContain(book.Worksheets.First().Row(2).Cells(1, Header.Length), c => c.HasFormula);
        }
        else
        {
            using var reader = CsvHelper.CsvReader.Create(bytes, new CsvHelper.CsvReaderOptions { HasHeader = false });
            reader.Read();
            reader.Read();
            cells = [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)];
        }
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"点击\")", cells[Array.IndexOf(Header, QuestionTransfer.Stem)]);
        Assert.Equal(["'+1", "'-2", "'@SUM(A1)", "普通选项"], cells[6..10]);
        Assert.Equal("普通解析", cells[Array.IndexOf(Header, QuestionTransfer.Explanation)]);
    }

    [Fact]
    public async Task The_import_template_has_the_header_row()
    {
        var w = await factory.WorldAsync();
        var bytes = await (await (await w.Admin.GetAsync("/api/questions/template.xlsx")).ExpectSuccessAsync()).Content.ReadAsByteArrayAsync();
        using var book = new XLWorkbook(new MemoryStream(bytes));
        Assert.Equal(Header, book.Worksheets.First().Row(1).Cells(1, Header.Length).Select(c => c.GetString()));
    }

    [Fact]
    public async Task A_blueprint_the_bank_cannot_fill_is_refused_naming_the_missing_stratum()
    {
        var w = await factory.WorldAsync();
        var blueprint = new
        {
            level = 5, name = "超出题库的方案", durationMinutes = 90, passMark = 60,
            lines = new object[]
            {
                new { workFunctionCode = "data-collection", type = "SingleChoice", count = 1, points = 50 },
                new { workFunctionCode = "data-annotation", type = "TrueFalse", count = 250, points = 0.2m },
            },
        };

        var problem = await (await w.Admin.PostJsonAsync("/api/blueprints", blueprint)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("blueprint.bank-short", problem.GetProperty("code").GetString());
        Assert.Contains("数据标注", problem.GetProperty("detail").GetString());
        var shortfall = Assert.Single(problem.GetProperty("shortfalls").EnumerateArray());
        Assert.Equal(("data-annotation", "TrueFalse", 250), (shortfall.GetProperty("workFunctionCode").GetString(), shortfall.GetProperty("type").GetString(),
            shortfall.GetProperty("needed").GetInt32()));
        Assert.True(problem.GetProperty("errors").TryGetProperty("lines", out _));
    }

    [Fact]
    public async Task A_blueprint_is_saved_with_the_banks_count_beside_each_line_and_the_newest_active_one_is_in_force()
    {
        var w = await factory.WorldAsync();
        object Body(bool active) => new
        {
            level = 4, name = "四级小卷 " + QuestionBankKit.NewCode(), durationMinutes = 120, passMark = 60, active,
            lines = new object[]
            {
                new { workFunctionCode = "data-collection", type = "TrueFalse", count = 1, points = 20 },
                new { workFunctionCode = "data-annotation", type = "SingleChoice", count = 2, points = 40 },
            },
        };

        var created = await (await w.Admin.PostJsonAsync("/api/blueprints", Body(true))).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(100m, created.GetProperty("totalPoints").GetDecimal());
        Assert.All(created.GetProperty("lines").EnumerateArray(), l => Assert.True(l.GetProperty("available").GetInt32() >= l.GetProperty("count").GetInt32()));
        Assert.Equal(created.Id(), (await factory.WithDbAsync(db => QuestionBankStore.NewestActiveBlueprintAsync(db, 4)))!.Id);

        var total = await (await w.Admin.PutJsonAsync($"/api/blueprints/{created.Id()}", new
        {
            level = 4, name = "分值不足", durationMinutes = 90, passMark = 60,
            lines = new object[] { new { workFunctionCode = "data-collection", type = "TrueFalse", count = 1, points = 20 } },
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("blueprint.total", total.GetProperty("code").GetString());

        await (await w.Admin.PutJsonAsync($"/api/blueprints/{created.Id()}", Body(false))).ExpectStatusAsync(HttpStatusCode.OK);
        Assert.NotEqual(created.Id(), (await factory.WithDbAsync(db => QuestionBankStore.NewestActiveBlueprintAsync(db, 4)))!.Id);
        var listed = await (await w.Admin.GetAsync("/api/blueprints?level=4")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(listed.EnumerateArray(), b => b.Id() == created.Id() && !b.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Every_seeded_question_is_loaded_as_written_and_validates()
    {
        var seed = ReferenceDataSeeder.Read<ReferenceDataSeeder.QuestionSeedRow>("questions");
        Assert.NotEmpty(seed.Items);
        var stored = await factory.WithDbAsync(db => db.Questions.Include(q => q.Versions).AsNoTracking().ToDictionaryAsync(q => q.Code));

        Assert.All(seed.Items, row =>
        {
            var draft = row.ToDraft();
            Assert.True(stored.TryGetValue(row.Code, out var q), $"{row.Code} is not in the bank");
            Assert.True(q!.Current.Content.SameAs(draft.Content), row.Code);
            Assert.Equal((draft.Level, draft.WorkFunctionCode), (q.Level, q.WorkFunctionCode));
        });
    }

    [Fact]
    public async Task Each_active_seeded_blueprint_totals_100_and_the_seeded_bank_fills_it_while_the_full_papers_wait_inactive()
    {
        var seed = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "db", "seed", "blueprints.json"))).RootElement;
        var questions = ReferenceDataSeeder.Read<ReferenceDataSeeder.QuestionSeedRow>("questions").Items.Select(r => r.ToDraft()).ToList();

        foreach (var item in seed.GetProperty("items").EnumerateArray())
        {
            var level = item.GetProperty("level").GetInt32();
            var name = item.GetProperty("name").GetString();
            var stored = await factory.WithDbAsync(db => db.ExamBlueprints.AsNoTracking().SingleAsync(b => b.Level == level && b.Name == name));
            Assert.Equal(100m, stored.Lines.Sum(l => l.Total));
            Assert.True(stored.DurationMinutes >= 90);
            // Against the seed file alone, not the database that other tests add to.
            var seededBank = questions.Where(q => q.Level == level).GroupBy(q => (q.WorkFunctionCode, q.Content.Type)).ToDictionary(g => g.Key, g => g.Count());
            var active = !item.TryGetProperty("active", out var flag) || flag.GetBoolean();
            if (active) Assert.Empty(stored.Shortfalls(seededBank));
            else Assert.NotEmpty(stored.Shortfalls(seededBank));
        }
        foreach (var level in new[] { 5, 4, 3 })
            Assert.Contains("默认方案", (await factory.WithDbAsync(db => QuestionBankStore.NewestActiveBlueprintAsync(db, level)))!.Name);
        foreach (var level in new[] { 2, 1 })
            Assert.Null(await factory.WithDbAsync(db => QuestionBankStore.NewestActiveBlueprintAsync(db, level)));
    }

    [Theory]
    [InlineData(4, 50, 150, 0)]
    [InlineData(3, 40, 140, 10)]
    [InlineData(2, 40, 140, 10)]
    [InlineData(1, 40, 140, 10)]
    public async Task The_full_Shanghai_paper_of_a_level_is_offered_inactive_with_its_item_counts(int level, int trueFalse, int singleChoice, int multipleChoice)
    {
        var stored = await factory.WithDbAsync(db => db.ExamBlueprints.AsNoTracking().SingleAsync(b => b.Level == level && b.Name.Contains("上海正式卷面")));

        Assert.False(stored.Active);
        Assert.Equal((trueFalse, singleChoice, multipleChoice), (
            stored.Lines.Where(l => l.Type == QuestionType.TrueFalse).Sum(l => l.Count),
            stored.Lines.Where(l => l.Type == QuestionType.SingleChoice).Sum(l => l.Count),
            stored.Lines.Where(l => l.Type == QuestionType.MultipleChoice).Sum(l => l.Count)));
        Assert.Equal(100m, stored.Lines.Sum(l => l.Total));
        Assert.Equal(90, stored.DurationMinutes);
    }

    [Fact]
    public async Task Activating_a_full_paper_the_bank_cannot_fill_is_refused_and_it_stays_inactive()
    {
        var w = await factory.WorldAsync();
        var paper = await factory.WithDbAsync(db => db.ExamBlueprints.AsNoTracking().SingleAsync(b => b.Level == 4 && b.Name.Contains("上海正式卷面")));
        var body = new
        {
            level = 4, name = paper.Name, durationMinutes = paper.DurationMinutes, passMark = paper.PassMark, active = true,
            lines = paper.Lines.Select(l => new { workFunctionCode = l.WorkFunctionCode, type = l.Type.ToString(), count = l.Count, points = l.Points }).ToArray(),
        };

        var problem = await (await w.Admin.PutJsonAsync($"/api/blueprints/{paper.Id}", body)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("blueprint.bank-short", problem.GetProperty("code").GetString());
        Assert.False((await factory.WithDbAsync(db => db.ExamBlueprints.AsNoTracking().SingleAsync(b => b.Id == paper.Id))).Active);
        Assert.NotEqual(paper.Id, (await factory.WithDbAsync(db => QuestionBankStore.NewestActiveBlueprintAsync(db, 4)))!.Id);
    }

    [Fact]
    public async Task Item_statistics_give_difficulty_discrimination_and_flags_per_version()
    {
        var w = await factory.WorldAsync();
        var v = await QuestionBankKit.AddTrueFalseQuestionsAsync(factory, 5);
        // Four candidates; every key is "true". Totals: 30, 20, 20, 20.
        string?[][] sheets =
        [
            ["true", "true", "true", "false", "false"],
            ["true", "false", "true", "false", null],
            ["false", "true", "true", "false", "false"],
            ["false", "false", "true", "true", "false"],
        ];
        var (sessionId, _) = await QuestionBankKit.SitPapersAsync(factory, v, sheets, grade: true);

        var stats = await (await w.Admin.GetAsync($"/api/questions/statistics?sessionId={sessionId}")).ExpectJsonAsync(HttpStatusCode.OK);
        var byVersion = stats.EnumerateArray().ToDictionary(s => s.GetProperty("versionId").GetInt32());

        Assert.Equal(5, byVersion.Count);
        void Check(int i, double p, double? r, params string[] flags)
        {
            var s = byVersion[v[i].Id];
            Assert.Equal(4, s.GetProperty("timesUsed").GetInt32());
            Assert.Equal(p, s.GetProperty("difficulty").GetDouble(), 4);
            var d = s.GetProperty("discrimination");
            if (r is null) Assert.Equal(JsonValueKind.Null, d.ValueKind);
            else Assert.Equal(r.Value, d.GetDouble(), 3);
            Assert.Equal(flags, s.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        }
        Check(0, 0.5, 0.577);
        Check(1, 0.5, 0.577);
        Check(2, 1.0, null, "too-easy");
        Check(3, 0.25, -0.333, "low-discrimination");
        Check(4, 0.0, null, "too-hard");
    }

    [Fact]
    public async Task Ungraded_papers_do_not_count_in_item_statistics()
    {
        var w = await factory.WorldAsync();
        var v = await QuestionBankKit.AddTrueFalseQuestionsAsync(factory, 1);
        var (sessionId, _) = await QuestionBankKit.SitPapersAsync(factory, v, [["true"], ["false"]], grade: false);

        var stats = await (await w.Admin.GetAsync($"/api/questions/statistics?sessionId={sessionId}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, stats.GetArrayLength());
    }
}
