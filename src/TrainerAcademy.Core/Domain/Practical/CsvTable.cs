namespace TrainerAcademy.Domain.Practical;

/// <summary>One data row of a CSV file, with the file line it started on (the header is line 1).</summary>
public sealed record TableRow(int Line, IReadOnlyList<string> Fields);

/// <summary>A parsed CSV file: its header and rows, every row as wide as the header.</summary>
public sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<TableRow> Rows)
{
    public int ColumnOf(string name) => Header.ToList().FindIndex(h => string.Equals(h, name, StringComparison.Ordinal));
}
