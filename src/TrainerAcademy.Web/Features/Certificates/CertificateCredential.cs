using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrainerAcademy.Domain.Certificates;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Certificates;

/// <summary>
/// A certificate as an Open Badges 3.0 credential (<c>OpenBadgeCredential</c>) in the VC-JWT form of the standard's
/// §8.2: a compact JWS signed ES256 with the platform's active certificate key, whose header names the key (<c>kid</c>,
/// published at <see cref="CertificatesApi.KeysPath"/>) and carries it (<c>jwk</c>), and whose payload is the credential
/// itself with <c>iss</c>, <c>nbf</c> and <c>jti</c>. The holder is named by a salted SHA-256 of their identity number
/// (an <c>IdentityObject</c>), not the number itself; the credential's id is the certificate's verification address,
/// so a wallet or an employer reaches the live status from it.
/// </summary>
[FeatureService]
public sealed class CertificateCredential(CertificateQueries queries, CertificateKeys keys, PublicUrl publicUrl)
{
    public const string MediaType = "application/vc+jwt";

    public async Task<string> JwtAsync(int certificateId, CancellationToken ct = default)
    {
        var certificate = await queries.OwnedAsync(certificateId, ct);
        var (keyId, key) = await keys.ActiveAsync(ct);
        var credential = Credential(certificate, publicUrl.Base);
        var p = key.ExportParameters(false);
        var header = new JsonObject
        {
            ["alg"] = "ES256",
            ["typ"] = "JWT",
            ["kid"] = keyId,
            ["jwk"] = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64Url.EncodeToString(p.Q.X), ["y"] = Base64Url.EncodeToString(p.Q.Y) },
        };
        var signingInput = $"{Part(header)}.{Part(credential)}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>The credential (the JWT's payload).</summary>
    public static JsonObject Credential(Certificate c, string publicBase)
    {
        var issuer = publicBase.TrimEnd('/');
        var id = CertificateIssuer.VerifyUrl(issuer, VerificationCode.Parse(c.Code)!);
        var validFrom = c.IssuedAt.ToUniversalTime();
        var salt = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(c.Code)))[..16];
        var identity = "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(c.IdNumber + salt)));
        var name = $"{CertificateFacts.Title}：{c.Occupation}（{c.LevelName}）";
        return new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ["id"] = id,
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = new JsonObject { ["id"] = issuer, ["type"] = new JsonArray("Profile"), ["name"] = c.Organisation },
            ["validFrom"] = validFrom.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["name"] = name,
            ["credentialSubject"] = new JsonObject
            {
                ["type"] = new JsonArray("AchievementSubject"),
                ["name"] = c.Name,
                ["identifier"] = new JsonArray(new JsonObject
                {
                    ["type"] = "IdentityObject", ["identityType"] = "identifier", ["hashed"] = true, ["identityHash"] = identity, ["salt"] = salt,
                }),
                ["achievement"] = new JsonObject
                {
                    ["id"] = $"{issuer}/achievements/{Uri.EscapeDataString(c.Occupation)}/level-{c.Level}",
                    ["type"] = new JsonArray("Achievement"),
                    ["achievementType"] = "Certificate",
                    ["name"] = name,
                    ["description"] = $"{c.Occupation} {c.LevelName}职业技能等级证书，证书编号 {c.Number}。",
                    ["criteria"] = new JsonObject { ["narrative"] = "理论知识考试与操作技能考核均达到 60 分及以上，成绩经公示无异议。" },
                },
            },
            ["credentialStatus"] = new JsonObject { ["id"] = id, ["type"] = "TrainerAcademyVerification" },
            ["iss"] = issuer,
            ["nbf"] = validFrom.ToUnixTimeSeconds(),
            ["jti"] = id,
        };
    }

    private static string Part(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString(new JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    })));
}
