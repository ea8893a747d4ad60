using TrainerAcademy.Domain;
using System.Text;
using TrainerAcademy.Data.Practical;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Tests.Domain.Practical;

/// <summary>Data cleaning: the generated dirty file and its ground truth, the upload reader, and the score.</summary>
public class DataCleaningTests
{
    private static readonly CleaningColumn[] Columns =
        [new("id", ColumnKind.Text), new("name", ColumnKind.Text), new("city", ColumnKind.Text), new("signup_date", ColumnKind.Date), new("spend", ColumnKind.Number)];

    private static readonly string[] Header = ["id", "name", "city", "signup_date", "spend"];

    /// <summary>
    /// M1 and M5 are clean; M2 lacked its city, M3 had 2024/3/4 for its date, M4 had ¥1,234.50 for its spend; line 3
    /// repeated M1. Rows to fix: 3 records + 1 duplicate.
    /// </summary>
    private static readonly CleaningGroundTruth Truth = new(Columns,
    [
        new("M1", ["M1", "张三", "上海", "2024-01-02", "100.00"], []),
        new("M2", ["M2", "李四", "未知", "2024-02-03", "200.00"], [new DirtyCell("city", CellProblem.Missing, "", "未知")]),
        new("M3", ["M3", "王五", "北京", "2024-03-04", "300.00"], [new DirtyCell("signup_date", CellProblem.BadFormat, "2024/3/4", "2024-03-04")]),
        new("M4", ["M4", "赵六", "杭州", "2024-04-05", "1234.50"], [new DirtyCell("spend", CellProblem.BadFormat, "¥1,234.50", "1234.50")]),
        new("M5", ["M5", "孙七", "成都", "2024-05-06", "88.00"], []),
    ], [new DuplicateRow(3, "M1")]);

    private static CsvTable Upload(string text) => PracticalCsv.Read(Encoding.UTF8.GetBytes(text), Header);

    private static decimal Line(TaskScore score, string key) => score.Breakdown.Single(l => l.Key == key).Value;

    [Fact]
    public void Fixed_missed_and_wrongly_deleted_rows_are_counted_and_extra_columns_reported()
    {
        // Columns reordered plus a note column; the duplicate removed, M2 and M4 fixed (1234.5 is 1234.50), M3's date
        // left as it was, M5 deleted. (3 − 1 − 1) / 4 of 10 points.
        var cleaned = Upload("""
            name,id,city,signup_date,spend,note
            张三,M1,上海,2024-01-02,100,
            李四,M2,未知,2024-02-03,200.00,填充城市
            王五,M3,北京,2024/3/4,300.00,
            赵六,M4,杭州,2024-04-05,1234.5,
            """);

        var score = DataCleaning.Score(Truth, cleaned, 10m);

        Assert.Equal(2.50m, score.Points);
        Assert.Equal((4m, 3m, 1m, 1m, 0m), (Line(score, "rows-to-fix"), Line(score, "fixed"), Line(score, "missed"), Line(score, "wrongly-deleted"), Line(score, "wrongly-changed")));
        Assert.Contains("note", score.Breakdown.Single(l => l.Key == "extra-columns").Text);
        Assert.Contains("signup_date", score.Breakdown.Single(l => l.Key == "missed:M3").Text);
        Assert.Contains(score.Breakdown, l => l.Key == "deleted:M5");
    }

    [Fact]
    public void A_perfect_cleaning_earns_every_point_and_the_dirty_file_sent_back_earns_none()
    {
        var perfect = Upload("""
            id,name,city,signup_date,spend
            M1,张三,上海,2024-01-02,100.00
            M2,李四,未知,2024-02-03,200.00
            M3,王五,北京,2024-03-04,300.00
            M4,赵六,杭州,2024-04-05,1234.50
            M5,孙七,成都,2024-05-06,88.00
            """);
        var untouched = Upload("""
            id,name,city,signup_date,spend
            M1,张三,上海,2024-01-02,100.00
            M1,张三,上海,2024-01-02,100.00
            M2,李四,,2024-02-03,200.00
            M3,王五,北京,2024/3/4,300.00
            M4,赵六,杭州,2024-04-05,"¥1,234.50"
            M5,孙七,成都,2024-05-06,88.00
            """);

        Assert.Equal(10m, DataCleaning.Score(Truth, perfect, 10m).Points);
        var none = DataCleaning.Score(Truth, untouched, 10m);
        Assert.Equal((0m, 0m, 4m), (none.Points, Line(none, "fixed"), Line(none, "missed")));
    }

    [Fact]
    public void Changing_a_clean_row_counts_against_the_candidate_and_unknown_rows_are_only_reported()
    {
        var cleaned = Upload("""
            id,name,city,signup_date,spend
            M1,张三,北京,2024-01-02,100.00
            M2,李四,未知,2024-02-03,200.00
            M3,王五,北京,2024-03-04,300.00
            M4,赵六,杭州,2024-04-05,1234.50
            M5,孙七,成都,2024-05-06,88.00
            M9,新增,上海,2024-05-06,1.00
            """);

        var score = DataCleaning.Score(Truth, cleaned, 10m);

        // 4 fixed − 1 wrongly changed = 3 of 4.
        Assert.Equal((7.50m, 1m, 1m), (score.Points, Line(score, "wrongly-changed"), Line(score, "unknown-rows")));
    }

    [Fact]
    public void The_generator_gives_the_same_file_for_the_same_seed_and_another_for_another_seed()
    {
        var first = PracticalCsv.Write(DirtyCsvGenerator.Generate(20261204).Dirty);
        var again = PracticalCsv.Write(DirtyCsvGenerator.Generate(20261204).Dirty);
        var other = PracticalCsv.Write(DirtyCsvGenerator.Generate(20261205).Dirty);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), first[..3]);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(42, 40)]
    [InlineData(-7, 200)]
    public void A_generated_file_scores_full_when_cleaned_by_its_ground_truth_and_nothing_when_sent_back_dirty(long seed, int records)
    {
        var data = DirtyCsvGenerator.Generate(seed, records);
        var names = DirtyCsvGenerator.Columns.Select(c => c.Name).ToList();
        var clean = new CsvTable(names, [.. data.Truth.Records.Select((r, i) => new TableRow(i + 2, r.Values))]);

        var full = DataCleaning.Score(data.Truth, PracticalCsv.Read(PracticalCsv.Write(clean), names), 20m);
        var dirty = DataCleaning.Score(data.Truth, PracticalCsv.Read(PracticalCsv.Write(data.Dirty), names), 20m);

        Assert.Equal(20m, full.Points);
        Assert.Equal(0m, dirty.Points);
        Assert.Equal(data.Truth.RowsToFix, (int)Line(dirty, "missed"));
        Assert.Equal(records + data.Truth.Duplicates.Count, data.Dirty.Rows.Count);
        Assert.All(data.Truth.Duplicates, d => Assert.Equal(d.Id, data.Dirty.Rows.Single(r => r.Line == d.Line).Fields[0]));
        Assert.All(Enum.GetValues<CellProblem>(), p => Assert.Contains(data.Truth.Records, r => r.Faults.Any(f => f.Problem == p)));
        Assert.NotEmpty(data.Truth.Duplicates);
    }

    [Fact]
    public void The_generator_refuses_a_size_outside_its_range()
    {
        Assert.Equal("practical.generator-size", Assert.ThrowsAny<RuleViolation>(() => DirtyCsvGenerator.Generate(1, 5)).Code);
    }

    public static TheoryData<string, byte[], int> MalformedUploads() => new()
    {
        { "practical.csv-empty", [], 1024 },
        { "practical.csv-too-large", Encoding.UTF8.GetBytes("id,name,city,signup_date,spend\nM1,张三,上海,2024-01-02,100.00\n"), 40 },
        // An Excel workbook is a zip archive: binary, with NUL bytes.
        { "practical.csv-binary", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], 1024 },
        // 张三 in GBK, as a spreadsheet saves "CSV" on a Chinese Windows.
        { "practical.csv-encoding", [.. Encoding.ASCII.GetBytes("id,name,city,signup_date,spend\nM1,"), 0xD5, 0xC5, 0xC8, 0xFD, .. Encoding.ASCII.GetBytes(",a,2024-01-02,1\n")], 1024 },
        { "practical.csv-header", Encoding.UTF8.GetBytes("id,name,city,date,spend\nM1,张三,上海,2024-01-02,100.00\n"), 1024 },
        { "practical.csv-header-duplicate", Encoding.UTF8.GetBytes("id,name,city,signup_date,spend,city\nM1,张三,上海,2024-01-02,100.00,上海\n"), 1024 },
        { "practical.csv-row-width", Encoding.UTF8.GetBytes("id,name,city,signup_date,spend\nM1,张三,上海,2024-01-02,100.00\nM2,李四,2024-02-03,200.00\n"), 1024 },
        { "practical.csv-malformed", Encoding.UTF8.GetBytes("id,name,city,signup_date,spend\nM1,张\"三,上海,2024-01-02,100.00\n"), 1024 },
    };

    [Theory]
    [MemberData(nameof(MalformedUploads))]
    public void A_malformed_upload_is_refused_by_a_rule_not_an_exception(string code, byte[] content, int maxBytes)
    {
        var e = Assert.ThrowsAny<RuleViolation>(() => PracticalCsv.Read(content, Header, maxBytes));

        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void The_refusal_says_which_line_or_columns_are_wrong()
    {
        var width = Assert.ThrowsAny<RuleViolation>(() => Upload("id,name,city,signup_date,spend\nM1,张三,上海,2024-01-02,100.00\nM2,李四\n"));
        var header = Assert.ThrowsAny<RuleViolation>(() => Upload("id,name\nM1,张三\n"));

        Assert.Equal(3, width.Data["line"]);
        Assert.Equal(new[] { "city", "signup_date", "spend" }, (IEnumerable<string>)header.Data["missing"]!);
    }

    [Fact]
    public void A_byte_order_mark_quoted_commas_and_line_breaks_in_a_cell_and_CRLF_are_read()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("id,name,city,signup_date,spend\r\nM1,\"张,三\",\"上\n海\",2024-01-02,100.00\r\n")).ToArray();

        var table = PracticalCsv.Read(bytes, Header);

        Assert.Equal(["M1", "张,三", "上\n海", "2024-01-02", "100.00"], Assert.Single(table.Rows).Fields);
    }
}
