using System.Diagnostics;
using TrainerAcademy.Infrastructure.Pdf;
using PdfPigDocument = UglyToad.PdfPig.PdfDocument;

namespace TrainerAcademy.Tests.Pdf;

public class ReceiptDocumentTests
{
    private static ReceiptDocument Receipts() => new(PdfTesting.Renderer());

    [Fact]
    public void A_receipt_reads_back_in_Chinese_with_the_payer_and_the_amount_in_figures_and_words()
    {
        var bytes = Receipts().Render(PdfTesting.Receipt());

        using var pdf = PdfPigDocument.Open(bytes);
        Assert.Equal(1, pdf.NumberOfPages);
        var text = PdfTesting.Text(pdf.GetPage(1));
        foreach (var expected in new[]
                 {
                     "收据", "RECEIPT", "R20250820-000123",
                     "付款人Payer欧阳晓明", "xiaoming.ouyang@example.com",
                     "收款单位Payee上海浦江人工智能职业技能培训中心",
                     "人工智能训练师（三级/高级工）", "2025年9月6日（2025-09-06）",
                     "支付宝Alipay", "pi_3QxLr2Hk8aZ1bC0d1a2b3c4d",
                     "2025年8月20日14:35（北京时间UTC+8）",
                     "合计Total2,600.00", "实收金额（大写）", "人民币贰仟陆佰元整", "¥2,600.00",
                 })
            Assert.Contains(expected, text);
        Assert.DoesNotContain("退款", text);
        Assert.Equal("收据 Receipt R20250820-000123", pdf.Information.Title);
    }

    [Fact]
    public void A_refunded_payment_shows_the_refund_and_the_net_amount()
    {
        var bytes = Receipts().Render(PdfTesting.Receipt(amount: 2600m, refunded: 650.50m));

        using var pdf = PdfPigDocument.Open(bytes);
        var text = PdfTesting.Text(pdf.GetPage(1));
        Assert.Contains("已退款Refunded-650.50", text);
        Assert.Contains("实收净额Netreceived1,949.50", text);
        Assert.Contains("¥650.50（人民币陆佰伍拾元伍角）", text);
        Assert.Contains("人民币贰仟陆佰元整", text);
        Assert.Equal(1, pdf.NumberOfPages);
    }

    [Fact]
    public void A_receipt_with_long_names_still_fits_on_one_page()
    {
        var receipt = PdfTesting.Receipt(refunded: 2600m) with
        {
            CenterName = string.Concat(Enumerable.Repeat("上海市浦东新区人工智能职业技能培训中心", 4)),
            CourseTitle = string.Concat(Enumerable.Repeat("人工智能训练师（三级/高级工）周末强化班", 4)),
            CohortDescription = string.Concat(Enumerable.Repeat("2025年秋季周末班，周六、周日上午九点至下午四点半", 3)),
        };

        using var pdf = PdfPigDocument.Open(Receipts().Render(receipt));
        Assert.Equal(1, pdf.NumberOfPages);
        Assert.Contains("已全额退款", PdfTesting.Text(pdf.GetPage(1)));
    }

    [Fact]
    public void The_receipt_embeds_its_font()
    {
        using var pdf = PdfPigDocument.Open(Receipts().Render(PdfTesting.Receipt()));

        Assert.All(PdfTesting.Fonts(pdf), f => Assert.True(f.Embedded && f.HasToUnicode, f.BaseFont));
    }

    [Fact]
    public void Poppler_reads_the_Chinese_text_too()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/pdftotext"), "pdftotext is not installed (apt-get install poppler-utils).");
        var path = Path.Combine(Path.GetTempPath(), $"receipt-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, Receipts().Render(PdfTesting.Receipt()));
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", path, "-"]) { RedirectStandardOutput = true })!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Contains("欧阳晓明", text);
            Assert.Contains("人民币贰仟陆佰元整", text);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Receipts_in_other_currencies_or_with_a_refund_above_the_amount_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Receipts().Render(PdfTesting.Receipt() with { Currency = "USD" }));
        Assert.Throws<ArgumentException>(() => Receipts().Render(PdfTesting.Receipt(amount: 100m, refunded: 100.01m)));
    }

    [Fact]
    public async Task Fifty_receipts_render_in_parallel_each_with_its_own_content()
    {
        var receipts = Receipts();
        string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];

        var pdfs = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => receipts.Render(PdfTesting.Receipt(amount: 1000m + i) with
        {
            ReceiptNumber = $"R-PAR-{i:D3}",
            PayerName = surnames[i % 10] + "学员" + i,
        }))));

        for (var i = 0; i < pdfs.Length; i++)
        {
            using var pdf = PdfPigDocument.Open(pdfs[i]);
            var text = PdfTesting.Text(pdf.GetPage(1));
            Assert.Contains($"R-PAR-{i:D3}", text);
            Assert.Contains(surnames[i % 10] + "学员" + i, text);
            Assert.Contains("人民币" + ChineseAmount.ToCapital(1000m + i), text);
        }
    }
}
