using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using TrainerAcademy.Infrastructure.Pdf;
using PdfPigDocument = UglyToad.PdfPig.PdfDocument;

namespace TrainerAcademy.Tests.Pdf;

public class CommonFaceTests
{
    private const string MicroHei = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    /// <summary>GB 2312 text of the kind a certificate carries: a name, a centre, a course, digits and punctuation.</summary>
    private const string Everyday =
        "欧阳晓明 上海浦江人工智能职业技能培训中心 人工智能训练师（三级/高级工）证书编号：S000131000123253000017 " +
        "身份证号 310***********1234 发证日期 2026年12月07日 — “合格” ABCxyz 0123456789 §½ é ü ←→ ①② ＡＢＣ，。！";

    [Fact]
    public void The_cut_face_keeps_every_GB2312_character_the_font_has_and_nothing_rarer()
    {
        var face = CutMicroHei();

        var gb2312 = CodePagesEncodingProvider.Instance.GetEncoding(20936)!;
        var hanzi = 0;
        for (var row = 0xB0; row <= 0xF7; row++)
        for (var cell = 0xA1; cell <= 0xFE; cell++)
        {
            var text = gb2312.GetString([(byte)row, (byte)cell]);
            if (text is ['?' or '\uFFFD']) continue;
            Assert.True(face.Covers(text[0]), $"U+{(int)text[0]:X4} {text}");
            hanzi++;
        }
        Assert.Equal(6763, hanzi);
        Assert.True(face.Covers(Everyday));

        // In the font but not in GB 2312: characters of personal names, which the whole font sets instead.
        foreach (var rare in "赟镕堃喆龘")
            Assert.False(face.Covers(rare), $"{rare}");
        Assert.False(face.Covers("王𠀀")); // outside the BMP
    }

    [Fact]
    public void The_cut_face_is_a_valid_standalone_font_a_fraction_of_the_whole()
    {
        var whole = SfntFaces.Extract(File.ReadAllBytes(SkipUnlessMicroHei()), 0);
        var font = CutMicroHei().Font;

        Assert.Equal("WenQuanYi Micro Hei GB2312", Assert.Single(SfntFaces.List(font)).FamilyName);
        Assert.Equal(0xB1B0AFBAu, Checksum(font));
        var tables = SfntFaces.Tables(font);
        foreach (var tag in new[] { "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "post" })
            Assert.True(tables.ContainsKey(tag), tag);
        Assert.False(tables.ContainsKey("vmtx")); // numbered for the whole face's glyphs

        int glyphs = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(tables["maxp"].Offset + 4));
        Assert.InRange(glyphs, 7_000, 16_000); // the characters and the parts composite glyphs are built of
        Assert.Equal(4 * (glyphs + 1), tables["loca"].Length);
        // Glyphs of the common width come last, with side bearings alone: hmtx is about half of four bytes a glyph.
        int hMetrics = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(tables["hhea"].Offset + 34));
        Assert.Equal(4 * hMetrics + 2 * (glyphs - hMetrics), tables["hmtx"].Length);
        Assert.True(hMetrics < glyphs / 4, $"{hMetrics} of {glyphs} glyphs have an advance of their own");
        Assert.True(font.Length < whole.Length / 3, $"{font.Length} of {whole.Length} bytes");
    }

    [Fact]
    public void Text_set_in_the_cut_face_looks_exactly_as_in_the_whole_font_and_weighs_less()
    {
        SkipUnlessMicroHei();
        SkipUnlessPoppler();
        var renderer = PdfTesting.Renderer();
        var family = renderer.Font;
        var common = Assert.IsType<CjkFontFamily>(family.Common);

        var cut = Compose(renderer, common, Everyday);
        var whole = Compose(renderer, family, Everyday);

        Assert.Equal(Rasterize(whole), Rasterize(cut));
        using (var pdf = PdfPigDocument.Open(cut))
            Assert.Contains(Everyday.Replace(" ", ""), PdfTesting.Text(pdf.GetPage(1)));
        Assert.True(cut.Length < whole.Length - 15_000, $"{cut.Length} against {whole.Length} bytes");
        // The renderer sets such text in the cut face (documents differ only in their random identifiers).
        Assert.InRange(renderer.Render("Text", pdf => pdf.Paragraph(Everyday)).Length, cut.Length - 100, cut.Length + 100);
    }

    [Fact]
    public void A_document_with_a_character_outside_the_cut_face_is_set_in_the_whole_font()
    {
        SkipUnlessMicroHei();
        SkipUnlessPoppler();
        var renderer = PdfTesting.Renderer();
        const string text = "持证人：王赟 " + Everyday;

        var rendered = renderer.Render("Text", pdf => pdf.Paragraph(text));

        var inWholeFont = Rasterize(Compose(renderer, renderer.Font, text));
        Assert.Equal(inWholeFont, Rasterize(rendered));
        // The cut face alone would not have drawn the name: the comparison above can tell the two apart.
        Assert.NotEqual(inWholeFont, Rasterize(Compose(renderer, renderer.Font.Common!, text)));
        using var pdf = PdfPigDocument.Open(rendered);
        Assert.Contains("持证人：王赟", PdfTesting.Text(pdf.GetPage(1)));
    }

    private static byte[] Compose(PdfRenderer renderer, CjkFontFamily family, string text)
    {
        using var document = renderer.Create(family, "Text");
        document.Paragraph(text);
        return document.ToPdf();
    }

    /// <summary>The first page as a greyscale bitmap drawn by poppler.</summary>
    private static byte[] Rasterize(byte[] pdf)
    {
        var root = Path.Combine(Path.GetTempPath(), $"common-face-{Guid.NewGuid():N}");
        File.WriteAllBytes(root + ".pdf", pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftoppm", ["-r", "100", "-gray", "-singlefile", root + ".pdf", root]))!;
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return File.ReadAllBytes(root + ".pgm");
        }
        finally
        {
            File.Delete(root + ".pdf");
            File.Delete(root + ".pgm");
        }
    }

    private static CommonFace CutMicroHei() =>
        CommonFace.Create(SfntFaces.Extract(File.ReadAllBytes(SkipUnlessMicroHei()), 0)) ?? throw new InvalidOperationException("not cut");

    private static string SkipUnlessMicroHei()
    {
        Assert.SkipUnless(File.Exists(MicroHei), $"{MicroHei} is not installed (apt-get install fonts-wqy-microhei).");
        return MicroHei;
    }

    private static void SkipUnlessPoppler() =>
        Assert.SkipUnless(File.Exists("/usr/bin/pdftoppm"), "pdftoppm is not installed (apt-get install poppler-utils).");

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 4 <= data.Length; i += 4) sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
        return sum;
    }
}
