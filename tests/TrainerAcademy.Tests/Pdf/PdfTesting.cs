using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TrainerAcademy.Infrastructure.Pdf;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Parser.Parts;
using UglyToad.PdfPig.Tokens;
using PdfPigDocument = UglyToad.PdfPig.PdfDocument;

namespace TrainerAcademy.Tests.Pdf;

/// <summary>A renderer on the machine's CJK font (scripts/test.sh installs fonts-wqy-microhei) and a fixed clock.</summary>
internal static class PdfTesting
{
    public static readonly DateTimeOffset Now = new(2025, 8, 20, 6, 35, 0, TimeSpan.Zero);

    public static PdfRenderer Renderer(PdfOptions? options = null) =>
        new(Options.Create(options ?? new PdfOptions()), new FakeTimeProvider(Now));

    public static ReceiptData Receipt(decimal amount = 2600.00m, decimal refunded = 0m) => new(
        ReceiptNumber: "R20250820-000123",
        PayerName: "欧阳晓明",
        PayerEmail: "xiaoming.ouyang@example.com",
        CenterName: "上海浦江人工智能职业技能培训中心",
        CourseTitle: "人工智能训练师（三级/高级工）",
        CohortDescription: "2025年秋季周末班（周六、周日 9:00–16:30）",
        StartsOn: new DateOnly(2025, 9, 6),
        Amount: amount,
        Currency: "CNY",
        PaymentMethod: "alipay",
        PaymentReference: "pi_3QxLr2Hk8aZ1bC0d1a2b3c4d",
        PaidAt: new DateTimeOffset(2025, 8, 20, 6, 35, 12, TimeSpan.Zero),
        RefundedAmount: refunded);

    /// <summary>Text of a page with the spaces PdfPig puts between words removed, so Chinese can be searched as written.</summary>
    public static string Text(UglyToad.PdfPig.Content.Page page) => string.Concat(page.Letters.Select(l => l.Value)).Replace(" ", "");

    /// <summary>The font dictionaries of every page, with whether each embeds its font program and has a ToUnicode map.</summary>
    public static List<(string BaseFont, bool Embedded, bool HasToUnicode)> Fonts(PdfPigDocument pdf)
    {
        var scanner = pdf.Structure.TokenScanner;
        var fonts = new List<(string, bool, bool)>();
        foreach (var page in pdf.GetPages())
        {
            var resources = DirectObjectFinder.Get<DictionaryToken>(page.Dictionary.Data[NameToken.Resources.Data], scanner)!;
            if (!resources.TryGet(NameToken.Font, scanner, out DictionaryToken? fontDictionary)) continue;
            foreach (var entry in fontDictionary.Data.Values)
            {
                var font = DirectObjectFinder.Get<DictionaryToken>(entry, scanner)!;
                var baseFont = font.TryGet(NameToken.BaseFont, scanner, out NameToken? name) ? name.Data : "?";
                var hasToUnicode = font.ContainsKey(NameToken.ToUnicode);
                var described = font;
                if (font.TryGet(NameToken.DescendantFonts, scanner, out ArrayToken? descendants))
                    described = DirectObjectFinder.Get<DictionaryToken>(descendants.Data[0], scanner)!;
                var embedded = described.TryGet(NameToken.FontDescriptor, scanner, out DictionaryToken? descriptor)
                               && (descriptor.ContainsKey(NameToken.FontFile) || descriptor.ContainsKey(NameToken.FontFile2) || descriptor.ContainsKey(NameToken.FontFile3));
                fonts.Add((baseFont, embedded, hasToUnicode));
            }
        }
        return fonts;
    }
}
