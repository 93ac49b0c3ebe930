using System.Security.Cryptography;

namespace Pipeline.Tests.TestFiles;

/// <summary>
/// The PDF Standard security handler, revision 2 (40-bit RC4), enough to compute a real /U entry for the empty
/// user password so a reader can open the file without asking. MD5 and RC4 are what the format mandates.
/// </summary>
internal static class PdfEncryption
{
    public static readonly byte[] PasswordPadding =
    [
        0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
        0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
    ];

    /// <summary>/U for the empty user password (PDF 1.7, algorithms 2 and 4).</summary>
    public static byte[] UserEntryForEmptyPassword(byte[] ownerEntry, int permissions, byte[] firstId)
    {
        var input = new List<byte>(PasswordPadding);
        input.AddRange(ownerEntry);
        input.AddRange(BitConverter.GetBytes(permissions));
        input.AddRange(firstId);
#pragma warning disable CA5351 // The PDF format defines this key derivation with MD5; this only builds a test file.
        var key = MD5.HashData(input.ToArray())[..5];
#pragma warning restore CA5351
        return Rc4(key, PasswordPadding);
    }

    private static byte[] Rc4(byte[] key, byte[] data)
    {
        var s = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            s[i] = (byte)i;
        }

        for (int i = 0, j = 0; i < 256; i++)
        {
            j = (j + s[i] + key[i % key.Length]) & 0xFF;
            (s[i], s[j]) = (s[j], s[i]);
        }

        var output = new byte[data.Length];
        for (int n = 0, i = 0, j = 0; n < data.Length; n++)
        {
            i = (i + 1) & 0xFF;
            j = (j + s[i]) & 0xFF;
            (s[i], s[j]) = (s[j], s[i]);
            output[n] = (byte)(data[n] ^ s[(s[i] + s[j]) & 0xFF]);
        }

        return output;
    }
}
