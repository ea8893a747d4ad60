using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TrainerAcademy.Domain.Certificates;

/// <summary>
/// What a certificate states, as signed: the fields of the national certificate. <see cref="Canonical"/> is the exact
/// byte string the signature covers, so anybody holding the facts and the public key can check them.
/// </summary>
public sealed record CertificateFacts(
    string Number, string Name, string IdType, string IdNumber, string Occupation, string? Direction, int Level, string LevelName,
    string Organisation, DateOnly IssuedOn)
{
    public const string Title = "职业技能等级证书";
    public const string Version = "TA-CERT-1";

    public byte[] Canonical()
    {
        var fields = new[]
        {
            Version, Number, Name, IdType, IdNumber, Occupation, Direction ?? "--", Level.ToString(CultureInfo.InvariantCulture), LevelName, Organisation,
            IssuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        // A field cannot contain the separator: the facts are validated on the way in.
        return Encoding.UTF8.GetBytes(string.Join('\n', fields));
    }

    /// <summary>Refuses facts that cannot be signed unambiguously: an empty field, a line break or a NUL in one.</summary>
    public CertificateFacts Checked()
    {
        foreach (var field in new[] { Number, Name, IdType, IdNumber, Occupation, Direction ?? "--", LevelName, Organisation })
            if (string.IsNullOrWhiteSpace(field) || field.IndexOfAny(['\n', '\r', '\0']) >= 0)
                throw new RuleViolation("certificate.facts", "A certificate needs the candidate's real name and identity document, each on one line.", "facts");
        return this;
    }

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
