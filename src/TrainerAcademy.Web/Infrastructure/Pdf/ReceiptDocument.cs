using System.Globalization;

namespace TrainerAcademy.Infrastructure.Pdf;

/// <summary>What a payment receipt shows; amounts in yuan, <see cref="PaidAt"/> any offset (shown in China time).</summary>
public sealed record ReceiptData(
    string ReceiptNumber,
    string PayerName,
    string PayerEmail,
    string CenterName,
    string CourseTitle,
    string CohortDescription,
    DateOnly StartsOn,
    decimal Amount,
    string Currency,
    string PaymentMethod,
    string PaymentReference,
    DateTimeOffset PaidAt,
    decimal RefundedAmount);

/// <summary>The receipt (收据) for one payment: one A4 page, Chinese first with the English under each label.</summary>
public sealed class ReceiptDocument(PdfRenderer renderer)
{
    public byte[] Render(ReceiptData receipt)
    {
        if (!string.Equals(receipt.Currency, "CNY", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"Receipts are issued in CNY, not {receipt.Currency}.", nameof(receipt));
        if (receipt.Amount < 0 || receipt.RefundedAmount < 0 || receipt.RefundedAmount > receipt.Amount)
            throw new ArgumentException("The amount and the refunded amount must be 0 or more, and the refund at most the amount.", nameof(receipt));

        var refunded = receipt.RefundedAmount > 0;
        var rows = new List<IReadOnlyList<string>> { new[] { $"培训费 Course fee：{receipt.CourseTitle}", Yuan(receipt.Amount) } };
        if (refunded) rows.Add([receipt.RefundedAmount == receipt.Amount ? "已全额退款 Refunded in full" : "已退款 Refunded", "-" + Yuan(receipt.RefundedAmount)]);
        IReadOnlyList<string> total = refunded
            ? ["实收净额 Net received", Yuan(receipt.Amount - receipt.RefundedAmount)]
            : ["合计 Total", Yuan(receipt.Amount)];

        return renderer.Render($"收据 Receipt {receipt.ReceiptNumber}", pdf => pdf
                .RightNote($"收据编号 Receipt No. {receipt.ReceiptNumber}")
                .Title("收据")
                .Subtitle("RECEIPT")
                .Facts([
                    new("付款人", "Payer", receipt.PayerName),
                    new("电子邮箱", "Email", receipt.PayerEmail),
                    new("收款单位", "Payee", receipt.CenterName),
                    new("课程", "Course", receipt.CourseTitle),
                    new("班级", "Cohort", receipt.CohortDescription),
                    new("开课日期", "Starts on", $"{receipt.StartsOn.Year}年{receipt.StartsOn.Month}月{receipt.StartsOn.Day}日（{Iso(receipt.StartsOn)}）"),
                    new("付款方式", "Payment method", PaymentMethodName(receipt.PaymentMethod)),
                    new("交易参考号", "Payment reference", receipt.PaymentReference),
                    new("付款时间", "Paid at", receipt.PaidAt.ChineseDateTime() + "（北京时间 UTC+8）"),
                ])
                .Table(
                    [new("项目", "Item", 3), new("金额（元）", "Amount (CNY)", 1, PdfAlign.Right)],
                    rows,
                    total)
                .Facts([
                    new("实收金额（大写）", "Amount paid in words", "人民币" + ChineseAmount.ToCapital(receipt.Amount), Emphasis: true),
                    new("实收金额（小写）", "Amount paid", "¥" + Yuan(receipt.Amount), Emphasis: true),
                    .. refunded
                        ? new PdfFact[] { new("已退款", "Refunded", $"¥{Yuan(receipt.RefundedAmount)}（人民币{ChineseAmount.ToCapital(receipt.RefundedAmount)}）") }
                        : [],
                ])
                .Paragraph(
                    "本收据根据支付记录生成，是付款凭证，不是发票；如需发票，请向收款单位申请。" +
                    "This receipt is generated from the payment record. It confirms the payment and is not a fapiao (tax invoice); ask the payee for one.",
                    small: true)
                .Footer($"TrainerAcademy · 人工智能训练师职业技能培训 · 电子收据 Electronic receipt {receipt.ReceiptNumber}"),
            subject: receipt.CourseTitle);
    }

    private static string Yuan(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Stripe's and the platform's method names ("card", "wechat_pay", "BankTransfer") in both languages.</summary>
    internal static string PaymentMethodName(string method) =>
        method.Replace("_", "").Replace("-", "").Replace(" ", "").ToLowerInvariant() switch
        {
            "card" => "银行卡 Card",
            "alipay" => "支付宝 Alipay",
            "wechatpay" or "wechat" => "微信支付 WeChat Pay",
            "banktransfer" => "银行转账 Bank transfer",
            "employerinvoice" => "单位支付 Paid by employer",
            "offline" => "线下支付 Offline payment",
            "cash" => "现金 Cash",
            _ => method,
        };
}
