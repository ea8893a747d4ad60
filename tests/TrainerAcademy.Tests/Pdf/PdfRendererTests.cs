using System.Text;
using TrainerAcademy.Infrastructure.Pdf;
using UglyToad.PdfPig.Content;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;
using PdfPigDocument = UglyToad.PdfPig.PdfDocument;

namespace TrainerAcademy.Tests.Pdf;

public class PdfRendererTests
{
    private const double Mm = PdfDocumentBuilder.PointsPerMillimetre;

    private static readonly string LongChinese = string.Concat(Enumerable.Repeat(
        "人工智能训练师是使用智能训练软件，在人工智能产品实际使用过程中进行数据库管理、算法参数设置、人机交互设计、性能测试跟踪及其他辅助作业的人员。" +
        "三级/高级工的技能考核时长为120分钟，约6道操作题，满分100分，理论知识考试与技能考核均达到60分及以上者为合格。", 6));

    [Fact]
    public void A_long_Chinese_paragraph_wraps_inside_the_margins()
    {
        var bytes = PdfTesting.Renderer().Render("Wrapping", pdf => pdf.Paragraph(LongChinese));

        using var pdf = PdfPigDocument.Open(bytes);
        var page = pdf.GetPage(1);
        var body = page.Letters.Where(l => l.BoundingBox.Bottom > 25 * Mm).ToList(); // above the footer
        Assert.All(body, l => Assert.InRange(l.BoundingBox.Left, 20 * Mm - 0.5, page.Width - 20 * Mm + 0.5));
        Assert.All(body, l => Assert.InRange(l.BoundingBox.Right, 20 * Mm - 0.5, page.Width - 20 * Mm + 0.5));
        var lines = body.Select(l => Math.Round(l.StartBaseLine.Y)).Distinct().Count();
        Assert.True(lines >= 10, $"{lines} lines");
        // The right edge is used: lines are filled, not broken early.
        Assert.True(body.Max(l => l.BoundingBox.Right) > page.Width - 20 * Mm - 12);
        Assert.Equal(LongChinese, string.Concat(body.Select(l => l.Value)).Replace(" ", ""));
    }

    [Fact]
    public void Content_that_overflows_continues_on_new_pages_with_the_table_header_repeated()
    {
        var rows = Enumerable.Range(1, 90).Select(i => (IReadOnlyList<string>)[$"第{i}项 培训费", $"{i * 100:N2}"]).ToList();
        var bytes = PdfTesting.Renderer().Render("Pages", pdf => pdf
            .Title("多页文档")
            .Table([new("项目", "Item", 3), new("金额（元）", "Amount (CNY)", 1, PdfAlign.Right)], rows, ["合计 Total", "409,500.00"])
            .Footer("页脚 Footer"));

        using var pdf = PdfPigDocument.Open(bytes);
        Assert.True(pdf.NumberOfPages >= 2, $"{pdf.NumberOfPages} pages");
        foreach (var page in pdf.GetPages())
        {
            var text = PdfTesting.Text(page);
            Assert.Contains("金额（元）", text);
            Assert.Contains("页脚Footer", text);
            Assert.Contains($"{page.Number}/{pdf.NumberOfPages}", text);
            Assert.All(page.Letters, l => Assert.InRange(l.BoundingBox.Bottom, 5 * Mm, page.Height - 15 * Mm));
        }
        var all = string.Concat(pdf.GetPages().Select(PdfTesting.Text));
        Assert.Contains("第90项培训费9,000.00", all);
        Assert.Contains("合计Total409,500.00", all);
        Assert.True(all.IndexOf("第1项", StringComparison.Ordinal) < all.IndexOf("第90项", StringComparison.Ordinal));
    }

    [Fact]
    public void A_page_break_starts_a_new_page_and_every_page_is_numbered()
    {
        var bytes = PdfTesting.Renderer().Render("Break", pdf => pdf
            .Heading("第一部分", "Part one")
            .Paragraph("第一页")
            .Rule()
            .PageBreak()
            .Paragraph("第二页"));

        using var pdf = PdfPigDocument.Open(bytes);
        Assert.Equal(2, pdf.NumberOfPages);
        Assert.Contains("第一部分Partone", PdfTesting.Text(pdf.GetPage(1)));
        Assert.Contains("1/2", PdfTesting.Text(pdf.GetPage(1)));
        Assert.DoesNotContain("第二页", PdfTesting.Text(pdf.GetPage(1)));
        Assert.Contains("第二页", PdfTesting.Text(pdf.GetPage(2)));
        Assert.Contains("2/2", PdfTesting.Text(pdf.GetPage(2)));
    }

    [Fact]
    public void Numbers_in_a_right_aligned_column_end_at_the_same_edge()
    {
        var bytes = PdfTesting.Renderer().Render("Table", pdf => pdf.Table(
            [new("项目", "Item", 3), new("金额（元）", "Amount (CNY)", 1, PdfAlign.Right)],
            [["培训费", "2,600.00"], ["教材费", "80.00"]]));

        using var pdf = PdfPigDocument.Open(bytes);
        var letters = pdf.GetPage(1).Letters;
        double RightEdge(string number) => LastLetterOf(letters, number).BoundingBox.Right;
        Assert.Equal(RightEdge("2,600.00"), RightEdge("80.00"), 0.5);
    }

    [Fact]
    public void A_QR_code_drawn_on_the_page_decodes_to_its_content()
    {
        const string url = "https://academy.example.cn/verify/S000031000123254000001";
        var bytes = PdfTesting.Renderer().Render("QR", pdf => pdf.QrCode(url, 30, PdfAlign.Right, "扫码验证 Scan to verify"));

        using var pdf = PdfPigDocument.Open(bytes);
        var page = pdf.GetPage(1);
        var image = Assert.Single(page.GetImages());
        Assert.Equal(30 * Mm, image.BoundingBox.Width, 0.5);
        Assert.Equal(page.Width - 20 * Mm, image.BoundingBox.Right, 0.5);
        // One sample a module, scaled up sharp by the viewer: the modules' edges stay crisp in print.
        Assert.False(image.Interpolate);
        Assert.True(image.WidthInSamples < 100, $"{image.WidthInSamples} samples wide");
        Assert.Equal(url, DecodeQr(image));
        Assert.Contains("扫码验证", PdfTesting.Text(page));
    }

    [Fact]
    public void An_image_keeps_its_aspect_ratio()
    {
        var bytes = PdfTesting.Renderer().Render("Photo", pdf => pdf.Image(Bmp(200, 100), widthMm: 40, align: PdfAlign.Center));

        using var pdf = PdfPigDocument.Open(bytes);
        var page = pdf.GetPage(1);
        var image = Assert.Single(page.GetImages());
        Assert.Equal(40 * Mm, image.BoundingBox.Width, 0.5);
        Assert.Equal(20 * Mm, image.BoundingBox.Height, 0.5);
        Assert.Equal(page.Width / 2, (image.BoundingBox.Left + image.BoundingBox.Right) / 2, 0.5);
    }

    [Fact]
    public void Bytes_that_are_not_an_image_are_refused_clearly() =>
        Assert.Throws<ArgumentException>(() => PdfTesting.Renderer().Render("Bad", pdf => pdf.Image("not an image"u8.ToArray(), 40)));

    [Fact]
    public void The_document_carries_its_title_author_and_creation_time()
    {
        var bytes = PdfTesting.Renderer().Render("收据 Receipt R-1", pdf => pdf.Paragraph("内容"), subject: "人工智能训练师");

        using var pdf = PdfPigDocument.Open(bytes);
        Assert.Equal("收据 Receipt R-1", pdf.Information.Title);
        Assert.Equal("TrainerAcademy", pdf.Information.Author);
        Assert.Equal("人工智能训练师", pdf.Information.Subject);
        Assert.Equal(PdfTesting.Now, pdf.Information.GetCreatedDateTimeOffset());
    }

    [Fact]
    public void Text_is_set_in_an_embedded_subset_with_a_Unicode_map()
    {
        var bytes = PdfTesting.Renderer().Render("Fonts", pdf => pdf.Title("标题 Title").Paragraph("正文 Body text"));

        using var pdf = PdfPigDocument.Open(bytes);
        var fonts = PdfTesting.Fonts(pdf);
        Assert.NotEmpty(fonts);
        Assert.All(fonts, f =>
        {
            Assert.True(f.Embedded, $"{f.BaseFont} is not embedded");
            Assert.True(f.HasToUnicode, $"{f.BaseFont} has no ToUnicode map");
            Assert.Matches("^[A-Z]{6}\\+", f.BaseFont); // a subset, not the whole 4.5 MB font
        });
        Assert.True(bytes.Length < 200_000, $"{bytes.Length} bytes");
    }

    [Fact]
    public void A_missing_configured_font_names_the_package_and_the_setting()
    {
        var renderer = PdfTesting.Renderer(new PdfOptions { FontPath = "/nonexistent/fonts/simsun.ttc" });

        var e = Assert.Throws<InvalidOperationException>(() => renderer.Render("x", pdf => pdf.Paragraph("字")));
        Assert.Contains("/nonexistent/fonts/simsun.ttc", e.Message);
        Assert.Contains("apt-get install fonts-wqy-microhei", e.Message);
        Assert.Contains("Pdf:FontPath", e.Message);
    }

    [Fact]
    public void A_CFF_font_is_refused_because_PDFsharp_would_embed_all_of_it()
    {
        const string noto = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
        Assert.SkipUnless(File.Exists(noto), $"{noto} is not installed (fonts-noto-cjk).");

        var e = Assert.Throws<InvalidOperationException>(() => PdfTesting.Renderer(new PdfOptions { FontPath = noto }).Font);
        Assert.Contains("CFF", e.Message);
        Assert.Contains("fonts-wqy-microhei", e.Message);
    }

    private static Letter LastLetterOf(IReadOnlyList<Letter> letters, string text)
    {
        var joined = string.Concat(letters.Select(l => l.Value));
        var at = joined.IndexOf(text, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{text}' not found");
        return letters[at + text.Length - 1];
    }

    /// <summary>Reads the 1-bit indexed image the renderer draws; the quiet zone's corner says which bit is light.</summary>
    internal static string? DecodeQr(IPdfImage image)
    {
        Assert.True(image.TryGetBytesAsMemory(out var memory));
        Assert.Equal(1, image.BitsPerComponent);
        var bits = memory.ToArray();
        int samplesWide = image.WidthInSamples, samplesHigh = image.HeightInSamples, stride = (samplesWide + 7) / 8;
        int Bit(int x, int y) => (bits[y * stride + x / 8] >> (7 - x % 8)) & 1;
        var light = Bit(0, 0);
        // The code is stored at one sample a module and drawn without smoothing: read it as the page shows it, scaled up.
        var scale = Math.Max(1, 400 / samplesWide);
        int width = samplesWide * scale, height = samplesHigh * scale;
        var gray = new byte[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                gray[y * width + x] = Bit(x / scale, y / scale) == light ? (byte)255 : (byte)0;
        var source = new RGBLuminanceSource(gray, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        // The image is the code alone, module-exact: read its modules as they are (PURE_BARCODE) rather than search the
        // picture for finder patterns, which some codes' data modules imitate closely enough to mislead the search.
        var pure = new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = true };
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), pure)?.Text;
    }

    /// <summary>A 24-bit BMP of a colour gradient, made without an imaging library.</summary>
    private static byte[] Bmp(int width, int height)
    {
        var stride = (width * 3 + 3) & ~3;
        var bytes = new byte[54 + stride * height];
        var span = bytes.AsSpan();
        Encoding.ASCII.GetBytes("BM", span);
        BitConverter.TryWriteBytes(span[2..], bytes.Length);
        BitConverter.TryWriteBytes(span[10..], 54);
        BitConverter.TryWriteBytes(span[14..], 40);
        BitConverter.TryWriteBytes(span[18..], width);
        BitConverter.TryWriteBytes(span[22..], height);
        BitConverter.TryWriteBytes(span[26..], (short)1);
        BitConverter.TryWriteBytes(span[28..], (short)24);
        BitConverter.TryWriteBytes(span[34..], stride * height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var p = 54 + y * stride + x * 3;
                bytes[p] = (byte)(255 * x / width);
                bytes[p + 1] = (byte)(255 * y / height);
                bytes[p + 2] = 128;
            }
        return bytes;
    }
}
