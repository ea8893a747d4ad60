namespace TrainerAcademy.Infrastructure;

/// <summary>
/// Text that goes into a cell of an exported CSV or Excel file. A cell that starts with = + - @ tab or carriage return
/// is read as a formula by Excel, LibreOffice and Sheets, so a learner's name or a question could run one on a staff
/// member's machine; such a cell gets a leading apostrophe (OWASP, "CSV injection"). Every export writes its text cells
/// through <see cref="Escape(string?)"/>, and an import of our own export takes the apostrophe off again.
/// </summary>
public static class SpreadsheetCells
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static string Escape(string? text) =>
        string.IsNullOrEmpty(text) ? "" : Array.IndexOf(FormulaStarts, text[0]) >= 0 ? "'" + text : text;

    public static string[] Escape(IEnumerable<string?> cells) => [.. cells.Select(Escape)];

    /// <summary>The text an <see cref="Escape(string?)"/>d cell held.</summary>
    public static string Unescape(string text) =>
        text.Length > 1 && text[0] == '\'' && Array.IndexOf(FormulaStarts, text[1]) >= 0 ? text[1..] : text;
}
