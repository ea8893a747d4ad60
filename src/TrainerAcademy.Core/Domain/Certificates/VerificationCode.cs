using System.Buffers.Text;
using System.Security.Cryptography;

namespace TrainerAcademy.Domain.Certificates;

/// <summary>
/// The code a certificate prints and its QR code opens (<c>/verify/{code}</c>): the certificate number, the id of the
/// signing key and an ECDSA P-256 signature (SHA-256, IEEE P1363 form, base64url) over the certificate's
/// <see cref="CertificateFacts.Canonical"/> facts. Whoever holds the facts and the published public key can check it,
/// offline too; a changed fact or a changed code no longer verifies.
/// </summary>
public sealed record VerificationCode(string Number, string KeyId, byte[] Signature)
{
    public const int SignatureLength = 64;
    public const int MaxLength = 200;

    public override string ToString() => $"{Number}.{KeyId}.{Base64Url.EncodeToString(Signature)}";

    public static VerificationCode? Parse(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > MaxLength) return null;
        var parts = code.Split('.');
        if (parts.Length != 3 || !CertificateNumber.IsWellFormed(parts[0]) || !SigningKeyId.IsWellFormed(parts[1])) return null;
        return DecodeSignature(parts[2]) is { } signature ? new VerificationCode(parts[0], parts[1], signature) : null;
    }

    /// <summary>A 64-byte P1363 signature from base64url, or null when the text is not one.</summary>
    internal static byte[]? DecodeSignature(string text)
    {
        var signature = new byte[SignatureLength];
        if (!Base64Url.IsValid(text) || Base64Url.GetMaxDecodedLength(text.Length) < SignatureLength) return null;
        try
        {
            return Base64Url.DecodeFromChars(text, signature) == SignatureLength ? signature : null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Signs the facts with the key (a P-256 private key) known by <paramref name="keyId"/>.</summary>
    public static VerificationCode Sign(CertificateFacts facts, string keyId, ECDsa key) =>
        new(facts.Number, keyId, key.SignData(facts.Canonical(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    /// <summary>Whether this code signs exactly these facts under the public key.</summary>
    public bool Verifies(CertificateFacts facts, ECDsa publicKey) =>
        facts.Number == Number && Signature.Length == SignatureLength
        && publicKey.VerifyData(facts.Canonical(), Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}

/// <summary>
/// The signature that binds a certificate's PDF to its facts. The PDF prints the verification code, so the code cannot
/// sign the PDF's own hash; the same key signs <c>"{number}\n{sha256 of the PDF}"</c> once the PDF is written, and the
/// verify page and API give both, so a PDF is checked by its hash against a statement the organisation signed.
/// </summary>
public static class DocumentSeal
{
    public static byte[] Statement(string number, string pdfSha256) => System.Text.Encoding.UTF8.GetBytes($"{number}\n{pdfSha256}");

    public static string Sign(string number, string pdfSha256, ECDsa key) =>
        Base64Url.EncodeToString(key.SignData(Statement(number, pdfSha256), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public static bool Verifies(string number, string pdfSha256, string seal, ECDsa publicKey)
    {
        if (VerificationCode.DecodeSignature(seal) is not { } signature) return false;
        return publicKey.VerifyData(Statement(number, pdfSha256), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}

public static class SigningKeyId
{
    public const int MaxLength = 16;

    public static bool IsWellFormed(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}

/// <summary>
/// A certificate signing key: the P-256 public key in the clear (published), the private key as the application's data
/// protection left it. New certificates are signed with the newest key not retired; a retired key still verifies the
/// certificates it signed, so keys rotate without invalidating any.
/// </summary>
public class CertificateSigningKey
{
    private CertificateSigningKey() { }

    public CertificateSigningKey(string id, byte[] publicKey, string protectedPrivateKey, DateTimeOffset now)
    {
        if (!SigningKeyId.IsWellFormed(id)) throw new ArgumentException("A key id is 1 to 16 letters, digits or hyphens.", nameof(id));
        Id = id;
        PublicKey = Convert.ToBase64String(publicKey);
        ProtectedPrivateKey = protectedPrivateKey;
        CreatedAt = now;
    }

    public string Id { get; private set; } = "";

    /// <summary>SubjectPublicKeyInfo (DER), base64.</summary>
    public string PublicKey { get; private set; } = "";
    public string ProtectedPrivateKey { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? RetiredAt { get; private set; }

    public void Retire(DateTimeOffset now) => RetiredAt ??= now;

    public ECDsa Public()
    {
        var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(PublicKey), out _);
        return key;
    }
}
