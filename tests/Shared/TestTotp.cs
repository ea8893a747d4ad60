using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TrainerAcademy.Testing;

/// <summary>
/// The 6-digit code an authenticator app shows for a key (RFC 6238: HMAC-SHA1, 30-second steps), written from the RFC
/// rather than taken from the app, so that the tests check the app's side against the standard.
/// </summary>
public static class TestTotp
{
    public static string Code(string base32Key, DateTimeOffset at)
    {
        var step = at.ToUnixTimeSeconds() / 30;
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(FromBase32(base32Key), counter);
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7fffffff) % 1_000_000;
        return binary.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A key as the page shows it (lower case, in groups of four) back to RFC 4648 base32.</summary>
    public static string KeyFromPage(string shown) => shown.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    private static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
