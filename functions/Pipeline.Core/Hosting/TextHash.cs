using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Hosting;

/// <summary>Lower-case hex SHA-256 of a string's UTF-8 bytes: the stable keys and ids derived from names and digests.</summary>
public static class TextHash
{
    /// <summary>The first <paramref name="length"/> hex digits (all 64 by default).</summary>
    public static string Hex(string text, int length = 64)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 64);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length];
    }
}
