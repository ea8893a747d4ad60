using System.Reflection;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace TrainerAcademy.Infrastructure.Pdf;

public enum PdfAlign { Left, Center, Right }

/// <summary>One row of a fact table: a Chinese label with its English below, and the value.</summary>
public sealed record PdfFact(string Label, string? EnglishLabel, string Value, bool Emphasis = false);

/// <summary>A table column: Chinese header with English below, a relative width, and the alignment (Right for numbers).</summary>
public sealed record PdfColumn(string Header, string? EnglishHeader = null, double Width = 1, PdfAlign Align = PdfAlign.Left);

/// <summary>
/// Builds one A4 document top to bottom: each call places its block under the previous one and starts a new page when
/// the block does not fit. Not thread-safe; one builder per document (documents may be built in parallel).
/// </summary>
public sealed class PdfDocumentBuilder : IDisposable
{
    public const double PointsPerMillimetre = 72 / 25.4;
    private const double Mm = PointsPerMillimetre;

    // PDFsharp's pens and brushes are mutable objects: each document has its own rather than sharing static ones across threads.
    private readonly XSolidBrush _ink = new(XColor.FromArgb(0x1A, 0x1A, 0x1A));
    private readonly XSolidBrush _muted = new(XColor.FromArgb(0x6B, 0x6B, 0x6B));
    private readonly XSolidBrush _accent = new(XColor.FromArgb(0x1F, 0x3A, 0x5F));
    private readonly XSolidBrush _shade = new(XColor.FromArgb(0xF0, 0xF2, 0xF5));
    private readonly XPen _hairline = new(XColor.FromArgb(0xC8, 0xC8, 0xC8), 0.5);
    private readonly XPen _strong = new(XColor.FromArgb(0x1F, 0x3A, 0x5F), 1);

    /// <summary>
    /// PDFsharp makes its dictionaries and arrays through <see cref="ConstructorInfo.Invoke(object[])"/>. The runtime
    /// keeps a type's constructors, and the invoke stubs it emits for them, only as long as something holds them: after
    /// each collection it emitted and compiled the stubs again, which with tiered compilation took more CPU than the
    /// documents. Holding PDFsharp's constructors keeps one set for the life of the process.
    /// </summary>
    private static readonly ConstructorInfo[] PdfSharpConstructors = [.. typeof(PdfItem).Assembly.GetTypes()
        .Where(t => typeof(PdfItem).IsAssignableFrom(t))
        .SelectMany(t => t.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))];

    private readonly PdfDocument _document = new();
    private readonly CjkFontFamily _family;
    private readonly Dictionary<(XFont Font, string Text), double> _widths = [];
    private readonly XFont _body, _bodyBold, _small, _label, _labelEnglish, _title, _subtitle, _heading, _emphasis;
    private PdfPage _page = null!;
    private XGraphics _gfx = null!;
    private double _y;
    private string? _footer;
    private bool _saved;

    internal PdfDocumentBuilder(CjkFontFamily family, string title, string? subject, DateTime createdUtc)
    {
        _family = family;
        GC.KeepAlive(PdfSharpConstructors);
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        XFont Font(double size, bool bold = false) => new(family.Name, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, unicode);
        _body = Font(10);
        _bodyBold = Font(10, bold: true);
        _small = Font(8);
        _label = Font(9.5, bold: true);
        _labelEnglish = Font(7);
        _title = Font(20, bold: true);
        _subtitle = Font(10.5);
        _heading = Font(12, bold: true);
        _emphasis = Font(12, bold: true);

        _document.Info.Title = title;
        _document.Info.Author = "TrainerAcademy";
        _document.Info.Creator = "TrainerAcademy";
        if (subject is not null) _document.Info.Subject = subject;
        _document.Info.CreationDate = createdUtc;
        _document.Info.ModificationDate = createdUtc;
        // The fastest deflate: a certificate is 62 KB against 53 KB at the default level, and compressing its font subset,
        // the largest step of a render, takes about a quarter of the time (docs/performance.md, certificate issuance).
        _document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        _document.Options.CompressContentStreams = true;
        NewPage();
    }

    public double PageWidth => _page.Width.Point;
    public double PageHeight => _page.Height.Point;
    public double Left => 20 * Mm;
    public double Right => PageWidth - 20 * Mm;
    public double ContentWidth => Right - Left;
    private double Top => 18 * Mm;
    private double Bottom => PageHeight - 22 * Mm;
    private double FooterLine => PageHeight - 16 * Mm;

    /// <summary>Whether some text drawn has a character the family's faces lack (only a cut family lacks any).</summary>
    internal bool MissedCharacters { get; private set; }

    /// <summary>Number of pages so far.</summary>
    public int PageCount => _document.PageCount;

    public PdfDocumentBuilder Title(string text)
    {
        Lines(text, _title, _accent, PdfAlign.Center, Left, ContentWidth);
        _y += 1 * Mm;
        return this;
    }

    public PdfDocumentBuilder Subtitle(string text)
    {
        Lines(text, _subtitle, _muted, PdfAlign.Center, Left, ContentWidth);
        _y += 3 * Mm;
        return this;
    }

    /// <summary>A section heading, the English beside it in small grey type.</summary>
    public PdfDocumentBuilder Heading(string text, string? english = null)
    {
        var height = LineHeight(_heading);
        EnsureSpace(height + 2 * Mm + LineHeight(_body));
        _y += 2 * Mm;
        var baseline = _y + Ascent(_heading);
        Draw(_gfx, text, _heading, _accent, Left, baseline);
        if (!string.IsNullOrEmpty(english))
            Draw(_gfx, english, _small, _muted, Left + Width(text, _heading) + 2 * Mm, baseline);
        _y += height + 1 * Mm;
        return this;
    }

    /// <summary>Wrapped text across the content width; long paragraphs continue on the next page.</summary>
    public PdfDocumentBuilder Paragraph(string text, bool small = false, PdfAlign align = PdfAlign.Left)
    {
        Lines(text, small ? _small : _body, small ? _muted : _ink, align, Left, ContentWidth);
        _y += 2 * Mm;
        return this;
    }

    /// <summary>Text at the right edge, e.g. a document number above the title.</summary>
    public PdfDocumentBuilder RightNote(string text)
    {
        Lines(text, _small, _muted, PdfAlign.Right, Left, ContentWidth);
        return this;
    }

    /// <summary>A two-column table of labelled facts; a row is never split across pages.</summary>
    public PdfDocumentBuilder Facts(IEnumerable<PdfFact> facts, double labelWidthMm = 42)
    {
        const double pad = 3.2;
        var labelWidth = labelWidthMm * Mm;
        var valueX = Left + labelWidth;
        var valueWidth = ContentWidth - labelWidth;
        var first = true;
        foreach (var fact in facts)
        {
            var labelLines = Wrap(fact.Label, _label, labelWidth - 3 * Mm);
            var englishLines = fact.EnglishLabel is null ? [] : Wrap(fact.EnglishLabel, _labelEnglish, labelWidth - 3 * Mm);
            var valueFont = fact.Emphasis ? _emphasis : _body;
            var valueLines = Wrap(fact.Value, valueFont, valueWidth);
            var labelHeight = labelLines.Count * LineHeight(_label) + englishLines.Count * LineHeight(_labelEnglish);
            var height = Math.Max(labelHeight, valueLines.Count * LineHeight(valueFont)) + 2 * pad;

            if (EnsureSpace(height) || first)
                _gfx.DrawLine(_hairline, Left, _y, Right, _y);
            first = false;
            var y = _y + pad;
            y = DrawLines(labelLines, _label, _ink, PdfAlign.Left, Left, labelWidth, y);
            DrawLines(englishLines, _labelEnglish, _muted, PdfAlign.Left, Left, labelWidth, y);
            DrawLines(valueLines, valueFont, fact.Emphasis ? _accent : _ink, PdfAlign.Left, valueX, valueWidth, _y + pad);
            _y += height;
            _gfx.DrawLine(_hairline, Left, _y, Right, _y);
        }
        _y += 3 * Mm;
        return this;
    }

    /// <summary>
    /// A table with a shaded header (repeated on each page it spans), body rows, and an optional bold totals row.
    /// Cells wrap within their column; right-aligned columns suit amounts.
    /// </summary>
    public PdfDocumentBuilder Table(IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<string>? totals = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(columns.Count);
        const double padX = 2 * Mm, padY = 3;
        var totalWeight = columns.Sum(c => c.Width);
        var widths = columns.Select(c => ContentWidth * c.Width / totalWeight).ToArray();
        var xs = new double[columns.Count];
        for (var i = 1; i < xs.Length; i++) xs[i] = xs[i - 1] + widths[i - 1];

        var header = columns.Select((c, i) => (
            Chinese: Wrap(c.Header, _label, widths[i] - 2 * padX),
            English: c.EnglishHeader is null ? [] : Wrap(c.EnglishHeader, _labelEnglish, widths[i] - 2 * padX))).ToArray();
        var headerHeight = header.Max(h => h.Chinese.Count * LineHeight(_label) + h.English.Count * LineHeight(_labelEnglish)) + 2 * padY;

        void DrawHeader()
        {
            _gfx.DrawRectangle(_shade, Left, _y, ContentWidth, headerHeight);
            for (var i = 0; i < columns.Count; i++)
            {
                var y = DrawLines(header[i].Chinese, _label, _ink, columns[i].Align, Left + xs[i] + padX, widths[i] - 2 * padX, _y + padY);
                DrawLines(header[i].English, _labelEnglish, _muted, columns[i].Align, Left + xs[i] + padX, widths[i] - 2 * padX, y);
            }
            _y += headerHeight;
            _gfx.DrawLine(_hairline, Left, _y, Right, _y);
        }

        void DrawRow(IReadOnlyList<string> cells, XFont font, bool isTotal)
        {
            if (cells.Count != columns.Count)
                throw new ArgumentException($"A row has {cells.Count} cells for {columns.Count} columns.");
            var lines = cells.Select((c, i) => Wrap(c, font, widths[i] - 2 * padX)).ToArray();
            var height = lines.Max(l => l.Count) * LineHeight(font) + 2 * padY;
            if (EnsureSpace(height)) DrawHeader();
            if (isTotal) _gfx.DrawLine(_strong, Left, _y, Right, _y);
            for (var i = 0; i < columns.Count; i++)
                DrawLines(lines[i], font, _ink, columns[i].Align, Left + xs[i] + padX, widths[i] - 2 * padX, _y + padY);
            _y += height;
            _gfx.DrawLine(_hairline, Left, _y, Right, _y);
        }

        EnsureSpace(headerHeight + LineHeight(_body) + 2 * padY);
        DrawHeader();
        foreach (var row in rows) DrawRow(row, _body, isTotal: false);
        if (totals is not null) DrawRow(totals, _bodyBold, isTotal: true);
        _y += 3 * Mm;
        return this;
    }

    /// <summary>A QR code of <paramref name="content"/>, drawn sharp (no smoothing) so scanners read it from print.</summary>
    public PdfDocumentBuilder QrCode(string content, double sizeMm = 30, PdfAlign align = PdfAlign.Left, string? caption = null)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        // One pixel a module, drawn without smoothing: the page scales it up sharp, and the image stays a few hundred bytes
        // to encode, decode and compress. An indexed (palette) PNG: PDFsharp does not read the 1-bit greyscale PNG
        // QRCoder makes by default.
        var png = new PngByteQRCode(data).GetGraphic(1, [0, 0, 0, 255], [255, 255, 255, 255], drawQuietZones: true);
        return Picture(png, sizeMm * Mm, sizeMm * Mm, align, caption, interpolate: false);
    }

    /// <summary>An image (JPEG, PNG, BMP, e.g. a photo); its aspect ratio is kept when no height is given.</summary>
    public PdfDocumentBuilder Image(byte[] image, double widthMm, double? heightMm = null, PdfAlign align = PdfAlign.Left, string? caption = null) =>
        Picture(image, widthMm * Mm, heightMm * Mm, align, caption, interpolate: true);

    private PdfDocumentBuilder Picture(byte[] bytes, double width, double? height, PdfAlign align, string? caption, bool interpolate)
    {
        XImage image;
        try
        {
            image = XImage.FromStream(new MemoryStream(bytes, writable: false));
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            throw new ArgumentException("The image is not in a format PDFsharp reads (JPEG, PNG, BMP).", nameof(bytes), e);
        }
        using (image)
        {
            image.Interpolate = interpolate;
            var h = height ?? width * image.PixelHeight / image.PixelWidth;
            // A caption may be wider than a small picture, centred under it but kept inside the margins.
            var captionWidth = Math.Min(Math.Max(width, 40 * Mm), ContentWidth);
            var captionLines = caption is null ? [] : Wrap(caption, _small, captionWidth);
            EnsureSpace(h + captionLines.Count * LineHeight(_small) + 1 * Mm);
            var x = X(align, Left, ContentWidth, width);
            _gfx.DrawImage(image, x, _y, width, h);
            _y += h + 1 * Mm;
            var captionX = Math.Clamp(x + (width - captionWidth) / 2, Left, Right - captionWidth);
            _y = DrawLines(captionLines, _small, _muted, PdfAlign.Center, captionX, captionWidth, _y);
        }
        _y += 2 * Mm;
        return this;
    }

    /// <summary>A thin line across the page.</summary>
    public PdfDocumentBuilder Rule()
    {
        EnsureSpace(3 * Mm);
        _y += 1 * Mm;
        _gfx.DrawLine(_hairline, Left, _y, Right, _y);
        _y += 2 * Mm;
        return this;
    }

    public PdfDocumentBuilder Spacer(double mm)
    {
        _y = Math.Min(_y + mm * Mm, Bottom);
        return this;
    }

    public PdfDocumentBuilder PageBreak()
    {
        NewPage();
        return this;
    }

    /// <summary>A line at the foot of every page, with the page number at its right.</summary>
    public PdfDocumentBuilder Footer(string text)
    {
        _footer = text;
        return this;
    }

    /// <summary>Finishes the document (footers, page numbers) and returns the PDF file.</summary>
    public byte[] ToPdf()
    {
        ObjectDisposedException.ThrowIf(_saved, this);
        _saved = true;
        _gfx.Dispose();
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var gfx = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
            var pageNumber = $"{i + 1} / {count}";
            var numberWidth = Width(pageNumber, _small, gfx);
            gfx.DrawLine(_hairline, Left, FooterLine, Right, FooterLine);
            var baseline = FooterLine + 2 * Mm + Ascent(_small);
            Draw(gfx, pageNumber, _small, _muted, Right - numberWidth, baseline);
            if (_footer is null) continue;
            foreach (var line in LineBreaker.Wrap(_footer, ContentWidth - numberWidth - 6 * Mm, s => Width(s, _small, gfx)).Take(2))
            {
                Draw(gfx, line, _small, _muted, Left, baseline);
                baseline += LineHeight(_small);
            }
        }
        // Sized for a certificate (about 62 KB) and below the large-object heap's default threshold: grown by doubling from
        // nothing, the stream copied itself nine times and ended in a 128 KB buffer.
        using var stream = new MemoryStream(84_000);
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        if (!_saved) _gfx.Dispose();
        _document.Dispose();
    }

    private void NewPage()
    {
        _gfx?.Dispose();
        _page = _document.AddPage();
        _page.Size = PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        _y = Top;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> fits below; true when it did.</summary>
    private bool EnsureSpace(double height)
    {
        if (_y + height <= Bottom || _y <= Top) return false;
        NewPage();
        return true;
    }

    /// <summary>Wrapped lines that may continue on the next page, line by line.</summary>
    private void Lines(string text, XFont font, XBrush brush, PdfAlign align, double x, double width)
    {
        foreach (var line in Wrap(text, font, width))
        {
            EnsureSpace(LineHeight(font));
            _y = DrawLines([line], font, brush, align, x, width, _y);
        }
    }

    /// <summary>Draws lines from <paramref name="top"/> down; returns the y under the last one.</summary>
    private double DrawLines(IReadOnlyList<string> lines, XFont font, XBrush brush, PdfAlign align, double x, double width, double top)
    {
        var lineHeight = LineHeight(font);
        foreach (var line in lines)
        {
            if (line.Length > 0)
                Draw(_gfx, line, font, brush, X(align, x, width, Width(line, font)), top + Ascent(font));
            top += lineHeight;
        }
        return top;
    }

    /// <summary>Every string the document shows is drawn here, which notes a character the family's faces lack.</summary>
    private void Draw(XGraphics gfx, string text, XFont font, XBrush brush, double x, double baseline)
    {
        if (!MissedCharacters && !_family.Covers(text)) MissedCharacters = true;
        gfx.DrawString(text, font, brush, x, baseline, XStringFormats.BaseLineLeft);
    }

    private static double X(PdfAlign align, double x, double width, double itemWidth) => align switch
    {
        PdfAlign.Center => x + (width - itemWidth) / 2,
        PdfAlign.Right => x + width - itemWidth,
        _ => x,
    };

    private List<string> Wrap(string text, XFont font, double width) => LineBreaker.Wrap(text, width, s => Width(s, font));

    private double Width(string text, XFont font) => Width(text, font, _gfx);

    private double Width(string text, XFont font, XGraphics gfx)
    {
        if (_widths.TryGetValue((font, text), out var width)) return width;
        width = gfx.MeasureString(text, font).Width;
        if (text.Length <= 8) _widths[(font, text)] = width;
        return width;
    }

    private static double LineHeight(XFont font) => font.GetHeight();

    private static double Ascent(XFont font) => font.GetHeight() * font.CellAscent / font.CellSpace;
}
