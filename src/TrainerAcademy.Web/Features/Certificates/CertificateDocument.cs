using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Infrastructure;
using TrainerAcademy.Infrastructure.Pdf;

namespace TrainerAcademy.Features.Certificates;

/// <summary>
/// The certificate PDF: A4, one page, every field of the national certificate, the holder's photo when there is one,
/// the QR code of the verification address and the code itself, and the national lookup address. The text is embedded
/// as a font subset with its Unicode map, so copying and searching give the real characters.
/// </summary>
[FeatureService]
public sealed class CertificateDocument(PdfRenderer renderer, PdfFontCheck font)
{
    /// <summary>Refuses to issue when the Chinese font is missing: the reason names what to install.</summary>
    public void EnsurePrintable()
    {
        var (usable, reason) = font.Probe();
        if (!usable)
            throw new Domain.RuleViolation("certificate.font", $"Certificates cannot be printed on this server: {reason}");
    }

    public byte[] Render(CertificateFacts facts, VerificationCode code, string verifyUrl, string nationalLookupUrl, byte[]? photo)
    {
        return renderer.Render($"{CertificateFacts.Title} {facts.Number}", pdf =>
        {
            pdf.RightNote($"证书编号 Certificate No. {facts.Number}")
                .Title(CertificateFacts.Title)
                .Subtitle("VOCATIONAL SKILL LEVEL CERTIFICATE");
            if (photo is not null) pdf.Image(photo, 25, 35, PdfAlign.Right, "持证人照片 Photo");
            pdf.Facts([
                    new("姓名", "Name", facts.Name, Emphasis: true),
                    new("证件类型", "ID type", facts.IdType),
                    new("证件号码", "ID number", facts.IdNumber),
                    new("职业名称", "Occupation", facts.Occupation),
                    new("工种/职业方向", "Direction", facts.Direction ?? "--"),
                    new("职业技能等级", "Level", facts.LevelName, Emphasis: true),
                    new("证书编号", "Certificate No.", facts.Number),
                    new("评价机构名称", "Evaluated by", facts.Organisation),
                    new("发证日期", "Date of issue", $"{facts.IssuedOn.Year} 年 {facts.IssuedOn.Month} 月 {facts.IssuedOn.Day} 日"),
                ], labelWidthMm: 46)
                .Paragraph("经评价，该同志符合国家职业技能标准相应等级要求，特发此证。")
                .Spacer(4)
                .QrCode(verifyUrl, 32, PdfAlign.Right, "扫码验证本证书 Scan to verify")
                .Paragraph($"验证地址 Verify at: {verifyUrl}", small: true)
                .Paragraph($"全国联网查询 National lookup: {nationalLookupUrl}", small: true)
                .Footer($"TrainerAcademy · {CertificateFacts.Title} · {facts.Number}");
        }, subject: $"{facts.Occupation} {facts.LevelName}");
    }
}
