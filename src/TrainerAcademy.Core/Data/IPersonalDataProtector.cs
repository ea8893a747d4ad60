using TrainerAcademy.Domain;

namespace TrainerAcademy.Data;

/// <summary>
/// Encrypts personal data at rest (identity and phone numbers) and makes the keyed hash that finds an identity number
/// without decrypting. The context applies it to the columns that hold such data (a value converter), so the rest of the
/// code reads and writes plain values while the database holds only ciphertext. A context made without one (design-time
/// tooling) maps the columns as plain strings.
/// </summary>
public interface IPersonalDataProtector
{
    /// <summary>The stored form: a versioned prefix and the ciphertext.</summary>
    string Protect(string plain);

    /// <summary>The plain value; a stored value without the prefix (a row written before encryption) is returned as it is.</summary>
    string Unprotect(string stored);

    /// <summary>True when the stored value is ciphertext of this protector's format.</summary>
    bool IsProtected(string stored);

    /// <summary>The keyed hash (HMAC-SHA256, hex) of a document type and number, or null for no number.</summary>
    string? IdNumberHash(IdType idType, string? idNumber);
}
