using System.Globalization;
using static System.FormattableString;

namespace TrainerAcademy.Domain.Practical;

/// <summary>A generated dirty file, what it should become, and the instructions the candidate reads.</summary>
public sealed record DirtyDataset(CsvTable Dirty, CleaningGroundTruth Truth, IReadOnlyList<string> Instructions);

/// <summary>
/// Makes a member-spending table with faults a candidate cleans by the instructions: duplicate rows, missing cities,
/// badly formatted dates and amounts, impossible ages. The same seed always gives the same file (the generator
/// carries its own SplitMix64 rather than System.Random, whose sequence .NET does not promise to keep), so each
/// candidate can get a file of their own and the examiner can make it again.
/// </summary>
public static class DirtyCsvGenerator
{
    public const int MinRecords = 10;
    public const int MaxRecords = 500;

    public static readonly IReadOnlyList<CleaningColumn> Columns =
    [
        new("id", ColumnKind.Text),
        new("name", ColumnKind.Text),
        new("city", ColumnKind.Text),
        new("signup_date", ColumnKind.Date),
        new("age", ColumnKind.Number),
        new("monthly_spend", ColumnKind.Number),
    ];

    public static readonly IReadOnlyList<string> Instructions =
    [
        "删除完全重复的行，每个编号（id）只保留一行。",
        "城市（city）缺失的，填写“未知”。",
        "注册日期（signup_date）统一为 yyyy-MM-dd 格式，例如 2024-03-05。",
        "年龄（age）不在 16 至 80 之间的为异常值，清空该单元格。",
        "月消费（monthly_spend）只保留数字，两位小数，去掉货币符号、千位分隔符和单位，例如 1234.50。",
        "不要删除或改动没有问题的行；列的顺序可以调整，多出的列不计分。",
    ];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
    private static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "平", "刚"];
    private static readonly string[] Cities = ["上海", "北京", "杭州", "南京", "苏州", "深圳", "广州", "成都", "武汉", "合肥"];
    private static readonly int[] OutlierAges = [-3, 0, 150, 203, 999];

    public static DirtyDataset Generate(long seed, int records = 40)
    {
        if (records is < MinRecords or > MaxRecords)
            throw new RuleViolation("practical.generator-size", Invariant($"A generated file has {MinRecords} to {MaxRecords} records."), "records");
        var random = new SplitMix64(seed);
        var clean = new List<string[]>();
        for (var i = 0; i < records; i++)
        {
            var name = Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)] + (random.Next(2) == 0 ? "" : GivenNames[random.Next(GivenNames.Length)]);
            var date = new DateOnly(2023, 1, 1).AddDays(random.Next(3 * 365));
            var spend = (50_00 + random.Next(4950_00)) / 100m;
            clean.Add([
                Invariant($"M{i + 1:D4}"), name, Cities[random.Next(Cities.Length)], date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Invariant($"{18 + random.Next(48)}"), spend.ToString("0.00", CultureInfo.InvariantCulture),
            ]);
        }

        // Each faulty record gets one fault, so "fixed" means one thing per row; a tenth of the records per kind.
        var order = Enumerable.Range(0, records).ToArray();
        random.Shuffle(order);
        var perKind = Math.Max(1, records / 10);
        var faults = clean.Select(_ => new List<DirtyCell>()).ToArray();
        var dirty = clean.Select(r => (string[])r.Clone()).ToArray();
        var next = 0;
        foreach (var kind in new[] { "city", "signup_date", "monthly_spend", "age" })
        {
            var count = kind == "age" ? Math.Max(1, records / 15) : perKind;
            for (var k = 0; k < count; k++, next++)
            {
                var i = order[next];
                var (column, problem, value, fixedValue) = Fault(kind, clean[i], random);
                dirty[i][column] = value;
                if (fixedValue != clean[i][column]) clean[i][column] = fixedValue;
                faults[i].Add(new DirtyCell(Columns[column].Name, problem, value, fixedValue));
            }
        }

        // Duplicates repeat records without faults, each placed a few rows after its original.
        var lines = dirty.Select((row, i) => (Row: row, Record: i, Duplicate: false)).ToList();
        var duplicateCount = perKind;
        for (var k = 0; k < duplicateCount; k++, next++)
        {
            var i = order[next];
            var at = lines.FindIndex(l => l.Record == i && !l.Duplicate) + 1 + random.Next(4);
            lines.Insert(Math.Min(at, lines.Count), ((string[])dirty[i].Clone(), i, true));
        }

        var rows = lines.Select((l, n) => new TableRow(n + 2, l.Row)).ToList();
        var duplicates = lines.Select((l, n) => (l, n)).Where(x => x.l.Duplicate).Select(x => new DuplicateRow(x.n + 2, clean[x.l.Record][0])).ToList();
        var truth = new CleaningGroundTruth(Columns, [.. clean.Select((values, i) => new CleanRecord(values[0], values, faults[i]))], duplicates);
        return new DirtyDataset(new CsvTable([.. Columns.Select(c => c.Name)], rows), truth, Instructions);
    }

    private static (int Column, CellProblem Problem, string Dirty, string Clean) Fault(string kind, string[] clean, SplitMix64 random)
    {
        switch (kind)
        {
            case "city":
                return (2, CellProblem.Missing, "", "未知");
            case "signup_date":
                var date = DateOnly.ParseExact(clean[3], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                string[] formats = ["yyyy/M/d", "yyyyMMdd", "yyyy年M月d日", "yyyy.MM.dd"];
                return (3, CellProblem.BadFormat, date.ToString(formats[random.Next(formats.Length)], CultureInfo.InvariantCulture), clean[3]);
            case "monthly_spend":
                var amount = decimal.Parse(clean[5], CultureInfo.InvariantCulture);
                // A thousands separator only shows above 999.99, so smaller amounts get a full-width currency sign instead.
                var grouped = amount >= 1000 ? amount.ToString("#,##0.00", CultureInfo.InvariantCulture) : Invariant($"￥{amount:0.00}");
                string[] shapes = [Invariant($"¥{amount:0.00}"), grouped, Invariant($"{amount:0.00}元")];
                return (5, CellProblem.BadFormat, shapes[random.Next(shapes.Length)], clean[5]);
            default:
                return (4, CellProblem.Outlier, Invariant($"{OutlierAges[random.Next(OutlierAges.Length)]}"), "");
        }
    }
}
