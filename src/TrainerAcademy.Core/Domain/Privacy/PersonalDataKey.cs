namespace TrainerAcademy.Domain.Privacy;

/// <summary>
/// A secret of the personal-data protection kept in the database, itself protected by the application's data protection
/// key ring, so every instance that shares the key ring shares it: <see cref="HashKeyId"/> keys the identity-number hash.
/// </summary>
public class PersonalDataKey
{
    public const string HashKeyId = "id-number-hash-v1";

    private PersonalDataKey() { }

    public PersonalDataKey(string id, string protectedKey, DateTimeOffset createdAt)
    {
        Id = id;
        ProtectedKey = protectedKey;
        CreatedAt = createdAt;
    }

    public string Id { get; private set; } = "";

    /// <summary>The key, protected by data protection, in base 64.</summary>
    public string ProtectedKey { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }
}
