using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Pipeline.Content;

/// <summary>Reads a stream once through SHA-256 (and MD5) with a fixed buffer, optionally copying it: constant memory for any size.</summary>
public static class ContentHasher
{
    private const int BufferSize = 128 * 1024;

    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "MD5 is the storage service's Content-MD5 transport checksum, never the evidential digest (SHA-256).")]
    public static async Task<ContentDigest> HashAsync(Stream source, Stream? copyTo = null, CancellationToken cancellationToken = default)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var length = await ReadAsync(source, sha256, md5, copyTo, cancellationToken);
        return new ContentDigest(Convert.ToHexStringLower(sha256.GetHashAndReset()), md5.GetHashAndReset(), length);
    }

    /// <summary>
    /// SHA-256 and length only, for re-reading bytes whose Content-MD5 was recorded when they were accepted (an
    /// integrity check, a rehash): the MD5 pass would cost as much CPU again and decide nothing.
    /// </summary>
    public static async Task<(string Sha256, long Length)> HashSha256Async(Stream source, CancellationToken cancellationToken = default)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var length = await ReadAsync(source, sha256, md5: null, copyTo: null, cancellationToken);
        return (Convert.ToHexStringLower(sha256.GetHashAndReset()), length);
    }

    private static async Task<long> ReadAsync(Stream source, IncrementalHash sha256, IncrementalHash? md5, Stream? copyTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                sha256.AppendData(buffer, 0, read);
                md5?.AppendData(buffer, 0, read);
                if (copyTo is not null)
                {
                    await copyTo.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return length;
    }
}
